// The load generator of `bench/sandbox.ts`, in its own process so that it does not share an
// event loop with the server it measures: `node --import tsx bench/sandbox-load.ts <job as JSON>`
// prints one JSON result line. Requests go over keep-alive connections (undici).
//
//   {"kind":"load","scenario":"documents"|"client-token"|"flow","userCenter":…,"giniApi":…,"concurrency":16,"seconds":2}
//     → {"operations":n,"seconds":s,"perSecond":r,"p50Ms":…,"p99Ms":…}   (an operation is one request, or one flow)
//   {"kind":"memory","users":100000,"tokens":1000000}
//     → {"rssMb":…,"heapMb":…,"users":n,"liveTokens":n}   (the sandbox's state in this process, default configuration)
import { randomUUID } from "node:crypto";
import { type Dispatcher, Pool } from "undici";
import { resolveConfig } from "../sandbox/config.js";
import { hashPassword } from "../sandbox/password-hash.js";
import { SandboxState } from "../sandbox/state.js";

export interface LoadJob {
  readonly kind: "load";
  readonly scenario: "documents" | "client-token" | "flow";
  readonly userCenter: string;
  readonly giniApi: string;
  readonly basic: string;
  readonly concurrency: number;
  readonly seconds: number;
}

interface MemoryJob {
  readonly kind: "memory";
  readonly users: number;
  readonly tokens: number;
}

export interface LoadResult {
  readonly operations: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU time the load generator spent per operation: what it takes from the server's machine. */
  readonly generatorCpuMsPerOperation: number;
}

/**
 * One request over a keep-alive connection of an undici `Pool` per origin, the answer's body as
 * text. undici costs the generator about half of what `node:http` does per request, so that on
 * a machine of few cores the generator is not what limits the rate it measures.
 */
const pools = new Map<string, Pool>();
let connections = 1;
async function call(method: string, url: string, headers: Record<string, string>, status: number, body?: string): Promise<string> {
  const { origin, pathname, search } = new URL(url);
  let pool = pools.get(origin);
  if (!pool) pools.set(origin, (pool = new Pool(origin, { connections })));
  const response = await pool.request({ method: method as Dispatcher.HttpMethod, path: pathname + search, headers, body });
  const text = await response.body.text();
  if (response.statusCode !== status) throw new Error(`${method} ${url} answered ${response.statusCode}, not ${status}`);
  return text;
}

const accessToken = (text: string) => (JSON.parse(text) as { access_token: string }).access_token;

let flowCounter = 0;

/** Seed 001 flow 4: client token, sign-up, login, one list of documents. Answers the user token. */
async function anonymousFlow(job: LoadJob): Promise<string> {
  const clientToken = accessToken(await call("GET", `${job.userCenter}/oauth/token?grant_type=client_credentials`, { Authorization: job.basic }, 200));
  const email = `bench-${process.pid}-${++flowCounter}@example.com`;
  const password = "bench-password";
  await call("POST", `${job.userCenter}/api/users`, { Authorization: `Bearer ${clientToken}`, "Content-Type": "application/json" }, 201, JSON.stringify({ email, password }));
  const form = new URLSearchParams({ username: email, password }).toString();
  const userToken = accessToken(await call("POST", `${job.userCenter}/oauth/token?grant_type=password`, { Authorization: job.basic, "Content-Type": "application/x-www-form-urlencoded" }, 200, form));
  await call("GET", `${job.giniApi}/documents`, { Authorization: `Bearer ${userToken}`, Accept: "application/vnd.gini.v1+json" }, 200);
  return userToken;
}

async function operationOf(job: LoadJob): Promise<() => Promise<unknown>> {
  switch (job.scenario) {
    case "flow":
      return () => anonymousFlow(job);
    case "client-token":
      return () => call("GET", `${job.userCenter}/oauth/token?grant_type=client_credentials`, { Authorization: job.basic }, 200);
    case "documents": {
      const headers = { Authorization: `Bearer ${await anonymousFlow(job)}`, Accept: "application/vnd.gini.v1+json" };
      return () => call("GET", `${job.giniApi}/documents`, headers, 200);
    }
  }
}

const percentile = (sorted: readonly number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;

async function runLoad(job: LoadJob): Promise<LoadResult> {
  connections = job.concurrency;
  const operation = await operationOf(job);
  // Warm-up: connections opened, code paths compiled, on both sides.
  const warmUntil = performance.now() + 300;
  await Promise.all(Array.from({ length: job.concurrency }, async () => {
    while (performance.now() < warmUntil) await operation();
  }));
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (performance.now() < until) {
        const begun = performance.now();
        await operation();
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all([...pools.values()].map((pool) => pool.close()));
  latencies.sort((a, b) => a - b);
  return { operations: latencies.length, perSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), generatorCpuMsPerOperation: (cpu.user + cpu.system) / 1000 / latencies.length };
}

/** The sandbox's state with `users` users and `tokens` tokens issued (half client tokens, half user tokens), default configuration. */
async function runMemory(job: MemoryJob) {
  const config = resolveConfig({});
  const state = await SandboxState.create(config, Date.now);
  const clientId = config.clients[0]!.id;
  const ids: string[] = [];
  const batch = 1000;
  for (let start = 0; start < job.users; start += batch) {
    const users = await Promise.all(
      Array.from({ length: Math.min(batch, job.users - start) }, async (_unused, index) => ({
        id: randomUUID(),
        email: `memory-${start + index}@example.com`,
        passwordHash: await hashPassword("bench-password", state.hashing),
        clientId,
      })),
    );
    state.write(() => users.forEach((user) => state.users.add(user)));
    ids.push(...users.map((user) => user.id));
  }
  for (let start = 0; start < job.tokens; start += batch) {
    state.write(() => {
      for (let index = start; index < Math.min(job.tokens, start + batch); index += 1) state.users.issueToken(clientId, index % 2 === 0 ? undefined : ids[index % ids.length]);
    });
  }
  globalThis.gc?.();
  const memory = process.memoryUsage();
  return { rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20, users: state.users.count, liveTokens: state.users.tokenCount };
}

const job = JSON.parse(process.argv[2] ?? "{}") as LoadJob | MemoryJob;
console.log(JSON.stringify(job.kind === "memory" ? await runMemory(job) : await runLoad(job)));
