import { createHmac } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile } from "../../sandbox/config-file.js";
import { resolveConfig, SandboxConfigError } from "../../sandbox/config.js";
import { startSandbox } from "../../sandbox/index.js";
import { hashPassword, verifyPassword } from "../../sandbox/password-hash.js";
import { SandboxState, tokenCaps } from "../../sandbox/state.js";
import { openSqliteStorage } from "../../sandbox/state/sqlite-storage.js";
import { createUserCenterClient } from "../../src/index.js";
import { basicAuthorization } from "../support/mock.js";
import { testClient, testHashCost } from "./support/sandbox.js";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "sandbox-config-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("sandbox configuration", () => {
  it("defaults to one demo client, 3600 s tokens, salted SHA-256 passwords, no processing delay", () => {
    expect(resolveConfig({})).toMatchObject({ tokenTtlSeconds: 3600, passwordHash: "sha256", passwordHashCost: 600_000, processingSeconds: 0, clients: [{ id: "sandbox-client" }] });
  });

  it.each([
    [{ tokenTtlSeconds: 0 }, "tokenTtlSeconds", "minimum"],
    [{ clients: [{ id: "c", secrets: [] }] }, "clients.0.secrets", "minItems"],
    [{ clients: [{ id: "c" }] }, "clients.0.secrets", "required"],
    [{ users: [{ email: "a@example.com", password: "short" }] }, "users.0.password", "minLength"],
    [{ tokens: [{ accessToken: "t0k3n-value", clientId: "nobody" }] }, "tokens.0.clientId", "names a configured client"],
    [{ passwordHashCost: 999 }, "passwordHashCost", "minimum"],
    [{ passwordHash: "md5" }, "passwordHash", "enum"],
  ])("rejects %j naming the field and the rule", (config, field, rule) => {
    expect(() => resolveConfig(config as never)).toThrow(SandboxConfigError);
    try {
      resolveConfig(config as never);
    } catch (error) {
      expect(error).toMatchObject({ field, rule });
      expect((error as Error).message).not.toContain("t0k3n-value");
    }
  });

  it("reads a config file, and names the file when it is not JSON", async () => {
    const good = join(directory, "good.json");
    await writeFile(good, JSON.stringify({ tokenTtlSeconds: 5, clients: [testClient] }));
    expect(loadConfigFile(good)).toMatchObject({ tokenTtlSeconds: 5, clients: [testClient] });
    const bad = join(directory, "bad.json");
    await writeFile(bad, "{ not json");
    expect(() => loadConfigFile(bad)).toThrow(`${bad}: (the configuration) breaks the rule "is JSON"`);
  });

  it("refuses configured users that share an email (compared case-insensitively) when the state is created", async () => {
    const users = [{ email: "twin@example.com", password: "password-1" }, { email: "Twin@Example.com", password: "password-2" }];
    await expect(SandboxState.create(resolveConfig({ clients: [testClient], users }), Date.now)).rejects.toMatchObject({ name: "SandboxConfigError", field: "users", rule: "have distinct emails" });
  });

  it("checks the example config file shipped with the sandbox", () => {
    expect(() => loadConfigFile("sandbox/config.example.json")).not.toThrow();
  });
});

describe("sandbox state file", () => {
  it("keeps users and tokens across a restart in a SQLite file of mode 0600, and stores neither passwords nor tokens in clear", async () => {
    const stateFile = join(directory, "state.sqlite");
    const options = { clients: [testClient], passwordHashCost: testHashCost, stateFile };
    const authorization = basicAuthorization(testClient.id, testClient.secrets[0]!);
    const first = await startSandbox(options);
    const userCenter = createUserCenterClient({ baseUrl: first.urls.userCenter });
    const { data: token } = await userCenter.GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: authorization } });
    const created = await userCenter.POST("/api/users", { headers: { Authorization: `Bearer ${token!.access_token}` }, body: { email: "kept@example.com", password: "kept-password" } });
    const userId = created.response.headers.get("Location")!.split("/").pop()!;
    await first.close();

    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
    const stored = await readFile(stateFile, "utf8");
    expect(stored.startsWith("SQLite format 3")).toBe(true);
    expect(stored).toContain("kept@example.com");
    expect(stored).not.toContain("kept-password");
    expect(stored).not.toContain(token!.access_token);

    const second = await startSandbox(options);
    try {
      const again = createUserCenterClient({ baseUrl: second.urls.userCenter });
      const { data } = await again.GET("/api/users/{userId}", { params: { path: { userId } }, headers: { Authorization: `Bearer ${token!.access_token}` } });
      expect(data).toEqual({ id: userId, email: "kept@example.com" });
    } finally {
      await second.close();
    }
  });
});

/** The state over each storage: in memory (the default), and SQLite when a state file is named. */
const storages = [
  ["in memory", () => SandboxState.create(resolveConfig({ clients: [testClient] }), Date.now)],
  ["in a SQLite file", () => SandboxState.create(resolveConfig({ clients: [testClient], stateFile: join(directory, `tx-${Math.random()}.sqlite`) }), Date.now, { openFileStorage: openSqliteStorage })],
] as const;

describe.each(storages)("sandbox state transactions, %s", (_name, createState) => {
  it("stores nothing of a write that fails part-way", async () => {
    const state = await createState();
    expect(() =>
      state.write(() => {
        state.users.add({ id: "4f6c1b0e-0000-4000-8000-000000000001", email: "half@example.com", passwordHash: "sha256$0$x$y", clientId: testClient.id });
        state.documents.put({ userId: "4f6c1b0e-0000-4000-8000-000000000001" }, { id: "4f6c1b0e-0000-4000-8000-0000000000d1", name: "a.pdf", creationDate: 1, mediaType: "application/pdf", pageCount: 1, readyAt: 1 });
        throw new Error("disk full");
      }),
    ).toThrow("disk full");
    expect(state.users.byEmail("half@example.com")).toBeUndefined();
    expect(state.users.count).toBe(0);
    expect(state.documents.count({ userId: "4f6c1b0e-0000-4000-8000-000000000001" })).toBe(0);
    state.close();
  });

  it("takes back a failed write's token changes: the token it issued is unknown, the tokens it revoked stay valid", async () => {
    const state = await createState();
    const user = { id: "4f6c1b0e-0000-4000-8000-000000000003", email: "kept@example.com", passwordHash: "sha256$0$x$y", clientId: testClient.id };
    state.write(() => state.users.add(user));
    const kept = state.write(() => state.users.issueToken(testClient.id, user.id)).accessToken;
    let issued = "";
    expect(() =>
      state.write(() => {
        issued = state.users.issueToken(testClient.id, user.id).accessToken;
        state.users.change(user, { passwordHash: "sha256$0$x$z" });
        throw new Error("disk full");
      }),
    ).toThrow("disk full");
    expect(state.users.validToken(issued)).toBeUndefined();
    expect(state.users.validToken(kept)).toMatchObject({ userId: user.id });
    expect(state.users.byId(user.id)?.passwordHash).toBe("sha256$0$x$y");
    expect(state.users.tokenCount).toBe(1);
    state.close();
  });

  it("deletes a user with its tokens and documents, and lists documents newest first", async () => {
    const state = await createState();
    const user = { id: "4f6c1b0e-0000-4000-8000-000000000004", email: "gone@example.com", passwordHash: "sha256$0$x$y", clientId: null };
    const owner = { userId: user.id };
    const document = (id: string, creationDate: number) => ({ id, name: `${id}.pdf`, creationDate, mediaType: "application/pdf", pageCount: 1, readyAt: creationDate });
    const token = state.write(() => {
      state.users.add(user);
      state.documents.put(owner, document("4f6c1b0e-0000-4000-8000-0000000000d1", 1));
      state.documents.put(owner, document("4f6c1b0e-0000-4000-8000-0000000000d2", 2));
      return state.users.issueToken(testClient.id, user.id).accessToken;
    });
    expect(state.documents.list(owner).map((stored) => stored.creationDate)).toEqual([2, 1]);
    state.write(() => state.deleteUser(user));
    expect([state.users.byId(user.id), state.users.validToken(token), state.documents.count(owner)]).toEqual([undefined, undefined, 0]);
    state.close();
  });
});

describe("sandbox state storage", () => {
  it("keeps a state file only where a file storage is given (the Node entry), naming the field", async () => {
    await expect(SandboxState.create(resolveConfig({ clients: [testClient], stateFile: join(directory, "nowhere.sqlite") }), Date.now)).rejects.toMatchObject({
      name: "SandboxConfigError",
      field: "stateFile",
    });
  });

  it("resets to the configured data: what requests added is gone, the configured user is back", async () => {
    const state = await SandboxState.create(resolveConfig({ clients: [testClient], users: [{ email: "configured@example.com", password: "configured-password" }] }), Date.now);
    const configured = state.users.byEmail("configured@example.com")!;
    state.write(() => state.deleteUser(configured));
    state.write(() => state.users.add({ id: "4f6c1b0e-0000-4000-8000-000000000005", email: "added@example.com", passwordHash: "sha256$0$x$y", clientId: null }));
    const token = state.write(() => state.users.issueToken(testClient.id));
    await state.reset();
    expect(state.users.byEmail("added@example.com")).toBeUndefined();
    expect(state.users.byEmail("configured@example.com")?.email).toBe("configured@example.com");
    expect(state.users.validToken(token.accessToken)).toBeUndefined();
    expect(state.users.count).toBe(1);
    state.close();
  });

  it("forgets expired tokens that are never presented again through an expiry queue: issuing tokens removes twice as many expired ones", async () => {
    let now = 0;
    const state = await SandboxState.create(resolveConfig({ clients: [testClient], tokenTtlSeconds: 60 }), () => now);
    for (let index = 0; index < 999; index += 1) state.users.issueToken(testClient.id, `user-${index}`);
    expect(state.users.tokenCount).toBe(999);
    now = 61_000;
    const fresh = Array.from({ length: 512 }, (_unused, index) => state.users.issueToken(testClient.id, `user-${index}`).accessToken);
    expect(state.users.tokenCount).toBe(512);
    expect(state.users.validToken(fresh[0]!)).toMatchObject({ clientId: testClient.id, userId: "user-0" });
    state.close();
  });

  it("keeps at most the cap of live client tokens per client, revoking the oldest", async () => {
    let now = 0;
    const state = await SandboxState.create(resolveConfig({ clients: [testClient] }), () => ++now);
    const tokens = Array.from({ length: tokenCaps.perClient + 5 }, () => state.users.issueToken(testClient.id).accessToken);
    expect(state.users.tokenCount).toBe(tokenCaps.perClient);
    expect(state.users.validToken(tokens[4]!)).toBeUndefined();
    expect(state.users.validToken(tokens[5]!)).toBeDefined();
    state.close();
  });
});

describe("sandbox password hashes", () => {
  const web = { algorithm: "sha256", cost: 0 } as const;
  const node = { ...web, hmacSha256: (key: Uint8Array, message: Uint8Array) => createHmac("sha256", key).update(message).digest() };

  it("are the same with node:crypto's HMAC (Node) and Web Crypto's (elsewhere): each verifies the other's", async () => {
    for (const [made, checked] of [[web, node], [node, web]] as const) {
      const stored = await hashPassword("Pässwort 1", made);
      expect(stored).toMatch(/^sha256\$0\$[\w-]{22}\$[\w-]{43}$/);
      expect(await verifyPassword("Pässwort 1", stored, checked)).toBe(true);
      expect(await verifyPassword("Pässwort 2", stored, checked)).toBe(false);
    }
  });

  it("verify under the parameters stored with them (PBKDF2 under a sha256 configuration), and refuse a malformed hash", async () => {
    const stored = await hashPassword("password-1", { algorithm: "pbkdf2", cost: 1000 });
    expect(stored.startsWith("pbkdf2$1000$")).toBe(true);
    expect(await verifyPassword("password-1", stored, node)).toBe(true);
    for (const malformed of ["", "md5$1$c2FsdA$aGFzaA", "sha256$0$$", "sha256$0$!!$!!"]) expect(await verifyPassword("password-1", malformed, node)).toBe(false);
  });
});

describe("sandbox log", () => {
  it("never contains a secret, a password, a token or an API key", async () => {
    const lines: string[] = [];
    const sandbox = await startSandbox({ clients: [testClient], passwordHashCost: testHashCost, log: (line) => lines.push(line) });
    try {
      const basic = basicAuthorization(testClient.id, testClient.secrets[0]!);
      const userCenter = createUserCenterClient({ baseUrl: sandbox.urls.userCenter });
      const { data: token } = await userCenter.GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: basic } });
      await userCenter.POST("/api/users", { headers: { Authorization: `Bearer ${token!.access_token}` }, body: { email: "logged@example.com", password: "never-logged" } });
      const form = { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" };
      await userCenter.POST("/oauth/token", { params: { query: { grant_type: "password" } }, headers: form, body: { username: "logged@example.com", password: "never-logged" } });
      await userCenter.POST("/oauth/token", { params: { query: { grant_type: "password" } }, headers: form, body: { username: "logged@example.com", password: "wrong-never-logged" } });
      const log = lines.join("\n");
      expect(lines.length).toBeGreaterThanOrEqual(4);
      for (const secret of [testClient.secrets[0]!, "never-logged", token!.access_token, basic.slice(6)]) expect(log).not.toContain(secret);
    } finally {
      await sandbox.close();
    }
  });
});
