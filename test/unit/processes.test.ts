// Issue 10's proofs with real processes: killed at random points, sharing one credentials file.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnonymousSession } from "../../src/flows/anonymous-session.js";
import { createFileCredentialStore } from "../../src/flows/file-credential-store.js";
import { buildFlowChild, startChild } from "./support/child-processes.js";
import { createFakeGini, fakeClient } from "./support/fake-gini.js";
import { serve } from "./support/serve.js";

let childFile: string;
let directory: string;
beforeAll(async () => {
  childFile = await buildFlowChild();
  directory = await mkdtemp(join(tmpdir(), "gini-processes-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
  await rm(childFile, { force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task` for every item, at most `concurrency` at once. */
async function inPool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

describe("processes killed at random points during their first call", () => {
  it("50 devices, each killed once and started again: every user the server created is the one in its store (0 orphans, 0 duplicates)", { timeout: 120_000 }, async () => {
    // Random delays, so that kills land before, during and after createUser at the server; some
    // creates take longer than a restart, which then logs in before the server created its user.
    const slowCreate = (operation: string) => operation === "createUser" && Math.random() < 0.3;
    const fake = createFakeGini({ latencyMs: (operation) => (slowCreate(operation) ? 2_000 + Math.random() * 1_000 : Math.random() * 40) });
    const server = await serve(fake.handle);
    const devices = Array.from({ length: 50 }, (_, device) => join(directory, `device-${device}.json`));
    const outcomes = { killed: 0, finished: 0 };
    try {
      // 15 devices at a time: a restart waiting for a killed holder's lock to go stale overlaps other devices' starts.
      await inPool(devices, 15, async (storePath) => {
        const child = startChild(childFile);
        child.process.send({ kind: "firstCall", storePath, userCenterUrl: server.url });
        await child.next("started");
        const done = child.next("done").then(
          () => true,
          () => false,
        );
        const finished = await Promise.race([done, pause(Math.random() * 400).then(() => false)]);
        child.process.kill("SIGKILL");
        await child.exited;
        outcomes[finished ? "finished" : "killed"] += 1;
        // The next start of the same device, on the same file.
        const store = createFileCredentialStore(storePath, { staleLockMs: 2_000 });
        await createAnonymousSession({ ...fakeClient, emailDomain: "example.com", store, userCenterUrl: server.url }).authorization();
      });
      // Let creates the server was still delaying for killed processes complete.
      await pause(3_100);
      const stored = await Promise.all(devices.map(async (path) => createFileCredentialStore(path).get()));
      const storedEmails = stored.map((user) => user?.email);
      const orphans = [...fake.users.keys()].filter((email) => !storedEmails.includes(email));
      expect(orphans).toEqual([]);
      expect(new Set(storedEmails).size).toBe(50);
      expect(fake.users.size).toBe(50);
      for (const user of stored) expect(user?.unconfirmed).toBeUndefined();
      // The kills did land mid-call, and a few calls completed before theirs.
      expect(outcomes.killed).toBeGreaterThan(10);
    } finally {
      await server.close();
    }
  });
});

describe("processes sharing one credentials file", () => {
  it("5 processes × 20 rounds, each round a fresh file all five start on at once: exactly 1 user and 1 login per round", { timeout: 120_000 }, async () => {
    const fake = createFakeGini({ latencyMs: () => Math.random() * 5 });
    const server = await serve(fake.handle);
    const children = Array.from({ length: 5 }, () => startChild(childFile));
    try {
      for (let round = 0; round < 20; round += 1) {
        const storePath = join(directory, `shared-${round}.json`);
        const [usersBefore, loginsBefore] = [fake.users.size, fake.count("requestToken")];
        for (const child of children) child.process.send({ kind: "round", round, storePath, userCenterUrl: server.url });
        const answers = await Promise.all(children.map((child) => child.next<{ authorization: string }>("round")));
        expect([fake.users.size - usersBefore, fake.count("requestToken") - loginsBefore]).toEqual([1, 1]);
        expect(new Set(answers.map((answer) => answer.authorization)).size).toBe(1);
        expect((await createFileCredentialStore(storePath).get())?.email).toBe([...fake.users.keys()].at(-1));
      }
      expect(fake.users.size).toBe(20);
    } finally {
      for (const child of children) child.process.kill();
      await server.close();
    }
  });
});
