// The Redis store against a real redis-server (Debian's package; `.ci/run` installs it).
import { rm } from "node:fs/promises";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisCredentialStore } from "../../src/node.js";
import { buildFlowChild, startChild } from "./support/child-processes.js";
import { mostAtOnce } from "./support/exclusion.js";
import { createFakeGini } from "./support/fake-gini.js";
import { type RedisServer, startRedisServer } from "./support/redis-server.js";
import { serve } from "./support/serve.js";

let redis: RedisServer;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  redis = await startRedisServer();
  client = createClient({ url: redis.url });
  await client.connect();
});
afterAll(async () => {
  await client?.quit();
  await redis?.stop();
});

const user = { email: "3f1c@example.com", password: "s3cret-password" };

describe("Redis credential store", () => {
  it("holds nothing until set, then what was set, under its key", async () => {
    const store = createRedisCredentialStore({ client, key: "test:holds" });
    expect(await store.get()).toBeUndefined();
    await store.lock(() => store.set(user));
    expect(await createRedisCredentialStore({ client, key: "test:holds" }).get()).toEqual(user);
    expect(JSON.parse((await client.get("test:holds")) ?? "")).toEqual(user);
  });

  it("lock: one holder at a time across store objects, and the lease key is gone afterwards", async () => {
    const most = await mostAtOnce((critical) => Array.from({ length: 8 }, () => createRedisCredentialStore({ client, key: "test:lock" }).lock(critical)));
    expect(most).toBe(1);
    expect(await client.exists("test:lock:lock")).toBe(0);
  });

  it("a lease whose holder died expires, and the next holder takes it", async () => {
    await client.set("test:dead:lock", "a-killed-holder", { PX: 300 });
    expect(await createRedisCredentialStore({ client, key: "test:dead" }).lock(async () => "taken")).toBe("taken");
  });

  it("a holder whose lease expired cannot overwrite what the next holder wrote", async () => {
    const slow = createRedisCredentialStore({ client, key: "test:fenced", leaseMs: 30 });
    const error = await slow
      .lock(async () => {
        // Lost: the renewal is stopped by deleting the lease, as an expiry during a long pause would.
        await client.set("test:fenced:lock", "the-next-holder");
        await slow.set(user);
      })
      .catch((caught: unknown) => caught);
    expect(String(error)).toContain("lease test:fenced:lock expired");
    expect(await client.get("test:fenced")).toBeNull();
  });

  it("rejects a value that is not credentials without quoting it", async () => {
    await client.set("test:corrupt", `{"email":"a@example.com","password":"${user.password}"`);
    const error = await createRedisCredentialStore({ client, key: "test:corrupt" }).get().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "CredentialStoreError", code: "CREDENTIAL_STORE_FAILED", operation: "credentialStore.get" });
    expect(String(error)).not.toContain(user.password);
  });
});

describe("derived-user token issuers in 4 processes sharing one Redis", () => {
  it("250 concurrent first tokens each for the same 10 identifiers: exactly 1 user and 1 login per identifier", { timeout: 60_000 }, async () => {
    const childFile = await buildFlowChild();
    const fake = createFakeGini({ latencyMs: () => Math.random() * 10 });
    const server = await serve(fake.handle);
    const children = Array.from({ length: 4 }, () => startChild(childFile));
    const identifiers = Array.from({ length: 10 }, (_, index) => `app-user-${index}`);
    try {
      for (const child of children) child.process.send({ kind: "connectRedis", redisUrl: redis.url });
      await Promise.all(children.map((child) => child.next("connected")));
      for (const child of children) child.process.send({ kind: "issue", userCenterUrl: server.url, identifiers, calls: 250 });
      const issued = await Promise.all(children.map((child) => child.next<{ tokens: Record<string, string> }>("issued")));
      expect([fake.users.size, fake.count("createUser"), fake.count("requestToken")]).toEqual([10, 10, 10]);
      for (const identifier of identifiers) {
        expect(new Set(issued.map(({ tokens }) => tokens[identifier])).size).toBe(1);
        const stored = await createRedisCredentialStore({ client, key: `gini:user:${identifier}` }).get();
        expect(fake.users.has(stored?.email ?? "")).toBe(true);
        expect(stored?.accessToken?.value).toBe(issued[0]?.tokens[identifier]);
      }
    } finally {
      for (const child of children) child.process.kill();
      await server.close();
      await rm(childFile, { force: true });
    }
  });
});
