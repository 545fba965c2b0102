// Rows for the credential stores of issue 10: what a shared Redis store costs the derived-user
// token issuer on warm identifiers, and what the file lock adds to an anonymous first call.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { type CredentialStore, createAnonymousSession, createDerivedUserTokenIssuer, createMemoryCredentialStore } from "../src/index.js";
import { createFileCredentialStore, createRedisCredentialStore } from "../src/node.js";
import { createFakeGini, fakeClient } from "../test/unit/support/fake-gini.js";
import { startRedisServer } from "../test/unit/support/redis-server.js";
import type { Row } from "./table.js";

const repeats = 9;
const identifiers = Array.from({ length: 100 }, (_, index) => `app-user-${index}`);
const issuesPerRepeat = 200_000;

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)] ?? Number.NaN;
const range = (values: number[], digits: number) => `${sorted(values)[0]?.toFixed(digits)}–${sorted(values).at(-1)?.toFixed(digits)}`;

/** An issuer over the in-process fake whose stores come from `storeFor`, with every identifier's token fetched once. */
async function warmIssuer(storeFor: (identifier: string) => CredentialStore) {
  const fake = createFakeGini();
  const issuer = createDerivedUserTokenIssuer({ ...fakeClient, emailDomain: "example.com", storeFor, fetch: fake.fetch, userCenterUrl: "http://fake.test" });
  for (const identifier of identifiers) await issuer.issueToken(identifier);
  return issuer;
}

/** Tokens issued per second, `issuesPerRepeat` calls 100 at a time over the warm identifiers. */
async function issuesPerSecond(issuer: Awaited<ReturnType<typeof warmIssuer>>): Promise<number> {
  const started = performance.now();
  for (let call = 0; call < issuesPerRepeat; call += identifiers.length) await Promise.all(identifiers.map((identifier) => issuer.issueToken(identifier)));
  return issuesPerRepeat / ((performance.now() - started) / 1000);
}

function redisInstalled(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function issuerRows(): Promise<Row[]> {
  const measure = "derived-user token issuer, 100 warm identifiers, 200,000 tokens 100 at a time";
  if (!redisInstalled()) return [{ measure, result: "not measured: redis-server is not installed", goal: "" }];
  const redis = await startRedisServer();
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const memoryStores = new Map<string, CredentialStore>();
    const inMemory = await warmIssuer((identifier) => memoryStores.get(identifier) ?? memoryStores.set(identifier, createMemoryCredentialStore()).get(identifier)!);
    const inRedis = await warmIssuer((identifier) => createRedisCredentialStore({ client, key: `bench:${identifier}` }));
    // Another instance that finds every identifier's user and token in Redis: one GET each, no login.
    const secondInstance = () => warmIssuer((identifier) => createRedisCredentialStore({ client, key: `bench:${identifier}` }));
    const memory: number[] = [];
    const shared: number[] = [];
    const ratios: number[] = [];
    const instanceStarts: number[] = [];
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      // A B B A in every repeat: whatever the position costs (a collection of the previous
      // run's garbage) falls on both alike.
      const memoryFirst = await issuesPerSecond(inMemory);
      const redisFirst = await issuesPerSecond(inRedis);
      const redisSecond = await issuesPerSecond(inRedis);
      const memorySecond = await issuesPerSecond(inMemory);
      const [memoryRate, redisRate] = [(memoryFirst + memorySecond) / 2, (redisFirst + redisSecond) / 2];
      memory.push(memoryRate);
      shared.push(redisRate);
      ratios.push(redisRate / memoryRate);
    }
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      const started = performance.now();
      await secondInstance();
      instanceStarts.push((performance.now() - started) / identifiers.length);
    }
    return [
      { measure: `${measure}: memory store`, result: `${median(memory).toFixed(0)} tokens/s (${range(memory, 0)})`, goal: "" },
      { measure: `${measure}: Redis store`, result: `${median(shared).toFixed(0)} tokens/s (${range(shared, 0)})`, goal: "" },
      { measure: `${measure}: Redis ÷ memory`, result: `${median(ratios).toFixed(2)}× (${range(ratios, 2)}, ${repeats} repeats of memory, Redis, Redis, memory)`, goal: "≈ 1× (warm tokens are served from memory)" },
      {
        measure: "derived-user token issuer, another instance's first token per identifier, found in Redis (no login)",
        result: `${median(instanceStarts).toFixed(2)} ms/identifier (${range(instanceStarts, 2)})`,
        goal: "report",
      },
    ];
  } finally {
    await client.quit();
    await redis.stop();
  }
}

/** The first anonymous call (client token, createUser, login) on a new file, with the store's lock or without it. */
async function firstCallMs(directory: string, round: number, locked: boolean): Promise<number> {
  const fake = createFakeGini();
  const file = createFileCredentialStore(join(directory, `${round}-${locked}.json`));
  const store: CredentialStore = locked ? file : { get: file.get, set: file.set, lock: (critical) => critical() };
  const session = createAnonymousSession({ ...fakeClient, emailDomain: "example.com", store, fetch: fake.fetch, userCenterUrl: "http://fake.test", giniApiUrl: "http://fake.test" });
  const started = performance.now();
  await session.authorization();
  return performance.now() - started;
}

async function fileLockRows(): Promise<Row[]> {
  const directory = await mkdtemp(join(tmpdir(), "gini-bench-lock-"));
  try {
    const added: number[] = [];
    const withLock: number[] = [];
    for (let round = 0; round < 3; round += 1) await firstCallMs(directory, -1 - round, round % 2 === 0);
    for (let round = 0; round < 31; round += 1) {
      const order = round % 2 === 0 ? [true, false] : [false, true];
      const times = new Map<boolean, number>();
      for (const locked of order) times.set(locked, await firstCallMs(directory, round, locked));
      withLock.push(times.get(true)!);
      added.push(times.get(true)! - times.get(false)!);
    }
    return [
      { measure: "first anonymous call on a file store, in-process fake server", result: `${median(withLock).toFixed(2)} ms (${range(withLock, 2)})`, goal: "" },
      { measure: "first anonymous call: added by the file lock (mkdir, release)", result: `${median(added).toFixed(2)} ms (${range(added, 2)}, 31 interleaved pairs)`, goal: "report" },
    ];
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

export async function flowStoreRows(): Promise<Row[]> {
  return [...(await issuerRows()), ...(await fileLockRows())];
}
