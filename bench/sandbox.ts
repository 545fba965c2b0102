// The sandbox next to Prism: requests per second of the anonymous flow (seed 001 flow 4:
// client token, sign-up, login, list documents) against each, measured in the same run, and
// the sandbox's heap after 10,000 users have signed up.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { startSandbox } from "../sandbox/index.js";
import { startMock } from "../scripts/mock/start-mock.mjs";
import type { Row } from "./table.js";

const client = { id: "bench-client", secret: "bench-secret" };
const basic = `Basic ${btoa(`${client.id}:${client.secret}`)}`;
const requestsPerFlow = 4;
const flows = 300;
const concurrency = 8;
const users = 10_000;
// The cheapest scrypt cost keeps the measurement about the server; each flow hashes once and
// verifies once, so Node's default cost (16384) makes the flow CPU-bound on the KDF.
const benchHashCost = 1024;

interface Servers {
  readonly userCenter: string;
  readonly giniApi: string;
}

let flowCounter = 0;

async function anonymousFlow({ userCenter, giniApi }: Servers) {
  const expectStatus = (response: Response, status: number) => {
    if (response.status !== status) throw new Error(`${response.url} answered ${response.status}, not ${status}`);
    return response;
  };
  const clientToken = (await expectStatus(await fetch(`${userCenter}/oauth/token?grant_type=client_credentials`, { headers: { Authorization: basic } }), 200).json()) as { access_token: string };
  const email = `bench-${++flowCounter}-${process.pid}@example.com`;
  const password = "bench-password";
  await expectStatus(
    await fetch(`${userCenter}/api/users`, {
      method: "POST",
      headers: { Authorization: `Bearer ${clientToken.access_token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    }),
    201,
  ).arrayBuffer();
  const userToken = (await expectStatus(
    await fetch(`${userCenter}/oauth/token?grant_type=password`, {
      method: "POST",
      headers: { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: email, password }).toString(),
    }),
    200,
  ).json()) as { access_token: string };
  await expectStatus(await fetch(`${giniApi}/documents`, { headers: { Authorization: `Bearer ${userToken.access_token}`, Accept: "application/vnd.gini.v1+json" } }), 200).arrayBuffer();
}

/** Requests per second over `flows` anonymous flows, `concurrency` at a time. */
async function requestsPerSecond(servers: Servers): Promise<number> {
  await anonymousFlow(servers);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < flows) await anonymousFlow(servers);
    }),
  );
  return (flows * requestsPerFlow) / ((performance.now() - started) / 1000);
}

async function prismRate(): Promise<number> {
  const [userCenter, giniApi] = await Promise.all([startMock({ apiName: "user-center" }), startMock({ apiName: "gini-api" })]);
  try {
    return await requestsPerSecond({ userCenter: userCenter.url, giniApi: giniApi.url });
  } finally {
    await Promise.all([userCenter.close(), giniApi.close()]);
  }
}

function collectGarbage() {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** Heap growth from 10,000 sign-ups over HTTP, after garbage collection on both sides. */
async function memoryAfterUsers(): Promise<{ heapGrowthMb: number; bytesPerUser: number; rssMb: number }> {
  const sandbox = await startSandbox({ clients: [{ id: client.id, secrets: [client.secret] }], passwordHashCost: benchHashCost });
  try {
    const { access_token: token } = (await (await fetch(`${sandbox.urls.userCenter}/oauth/token?grant_type=client_credentials`, { headers: { Authorization: basic } })).json()) as { access_token: string };
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < users) {
          const index = next++;
          const response = await fetch(`${sandbox.urls.userCenter}/api/users`, {
            method: "POST",
            headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
            body: JSON.stringify({ email: `memory-${index}@example.com`, password: "bench-password" }),
          });
          if (response.status !== 201) throw new Error(`sign-up ${index} answered ${response.status}`);
        }
      }),
    );
    if (sandbox.state.userCount !== users) throw new Error(`expected ${users} users, found ${sandbox.state.userCount}`);
    collectGarbage();
    const growth = process.memoryUsage().heapUsed - before;
    return { heapGrowthMb: growth / 2 ** 20, bytesPerUser: growth / users, rssMb: process.memoryUsage().rss / 2 ** 20 };
  } finally {
    await sandbox.close();
  }
}

export async function sandboxRows(): Promise<Row[]> {
  const sandbox = await startSandbox({ clients: [{ id: client.id, secrets: [client.secret] }], passwordHashCost: benchHashCost });
  let sandboxRate: number;
  try {
    sandboxRate = await requestsPerSecond(sandbox.urls);
  } finally {
    await sandbox.close();
  }
  const prism = await prismRate();
  const memory = await memoryAfterUsers();
  return [
    {
      measure: `anonymous flow (client token, sign-up, login, list documents), ${flows} flows × ${requestsPerFlow} requests, ${concurrency} at a time: sandbox vs Prism mock`,
      result: `sandbox ${sandboxRate.toFixed(0)} req/s (scrypt N=${benchHashCost}), Prism ${prism.toFixed(0)} req/s: ${(sandboxRate / prism).toFixed(2)}×`,
      goal: "report (the sandbox keeps state and checks every answer; Prism does neither)",
    },
    {
      measure: `sandbox heap after ${users.toLocaleString("en")} users signed up over HTTP`,
      result: `+${memory.heapGrowthMb.toFixed(1)} MB (${memory.bytesPerUser.toFixed(0)} bytes/user), process RSS ${memory.rssMb.toFixed(0)} MB`,
      goal: "< 100 MB",
    },
  ];
}
