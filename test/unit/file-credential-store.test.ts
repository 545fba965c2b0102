import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialStoreError } from "../../src/flows/errors.js";
import { createFileCredentialStore } from "../../src/flows/file-credential-store.js";
import { mostAtOnce } from "./support/exclusion.js";
import { anonymousSetup } from "./support/anonymous-setup.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "gini-credentials-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const user = { email: "3f1c@example.com", password: "s3cret-password", userId: "c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e" };

describe("JSON-file credential store", () => {
  it("holds nothing until set, then what was set, in a file only its owner can read", async () => {
    const path = join(directory, "nested", "gini.json");
    const store = createFileCredentialStore(path);
    expect(await store.get()).toBeUndefined();
    await store.set(user);
    expect(await createFileCredentialStore(path).get()).toEqual(user);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("replaces the file by renaming a complete temporary file, leaving no temporary file behind", async () => {
    const path = join(directory, "gini.json");
    await writeFile(path, "{}", { mode: 0o644 });
    const store = createFileCredentialStore(path);
    await store.set(user);
    await store.set({ ...user, email: "moved@example.org" });
    expect(await readdir(directory)).toEqual(["gini.json"]);
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ email: "moved@example.org" });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("lock runs one critical section at a time across store objects on the same file, and leaves no lock behind", async () => {
    const path = join(directory, "gini.json");
    const most = await mostAtOnce((critical) => Array.from({ length: 6 }, () => createFileCredentialStore(path).lock(critical)));
    expect(most).toBe(1);
    expect(await readdir(directory)).toEqual([]);
  });

  it("takes over a lock whose holder died once it is stale", async () => {
    const path = join(directory, "gini.json");
    // What a killed holder leaves: the lock directory, not refreshed since.
    await mkdir(`${path}.lock`);
    const past = new Date(Date.now() - 3_000);
    await utimes(`${path}.lock`, past, past);
    expect(await createFileCredentialStore(path, { staleLockMs: 2_000 }).lock(async () => "taken")).toBe("taken");
  });

  it("a critical section's error comes out of lock as it is, and the lock is released", async () => {
    const store = createFileCredentialStore(join(directory, "gini.json"));
    await expect(store.lock(async () => Promise.reject(new Error("inside")))).rejects.toThrow("inside");
    expect(await store.lock(async () => "again")).toBe("again");
  });

  it("rejects a corrupt file without quoting it (it holds a password)", async () => {
    const path = join(directory, "gini.json");
    await writeFile(path, `{"email":"a@example.com","password":"${user.password}"`);
    const error = await createFileCredentialStore(path).get().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialStoreError);
    expect(error).toMatchObject({ code: "CREDENTIAL_STORE_FAILED", operation: "credentialStore.get" });
    expect(String(error)).not.toContain(user.password);
  });

  it("keeps an anonymous session's user across restarts", async () => {
    const path = join(directory, "gini.json");
    const first = anonymousSetup({ store: createFileCredentialStore(path) });
    await first.listDocuments();
    const saved = await createFileCredentialStore(path).get();
    const restarted = anonymousSetup({ store: createFileCredentialStore(path), fetch: () => first.fake.fetch });
    expect((await restarted.listDocuments()).response.status).toBe(200);
    expect(first.fake.count("createUser")).toBe(1);
    expect(await createFileCredentialStore(path).get()).toEqual(saved);
  });
});
