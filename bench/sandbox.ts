// The sandbox next to Prism, honestly: each server in its own process with its default
// configuration (the sandbox as `npm run sandbox` starts it, Prism as `npm start` starts it,
// behind its gateway, and Prism alone; plus the ceiling, bench/ceiling-server.mjs, what
// `node:http` costs with no work at all), the load generator in a third process
// (bench/sandbox-load.ts) with keep-alive connections, every scenario repeated, interleaved
// across the servers so that a slow moment of the machine hits each alike, and reported as the
// median with the range. Plus the sandbox's RSS after 100k users and 1M tokens issued.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startPrism } from "../scripts/mock/prism.mjs";
import { freePort } from "../scripts/mock/start-mock.mjs";
import { tokenCaps } from "../sandbox/state.js";
import type { LoadJob, LoadResult } from "./sandbox-load.js";
import type { Row } from "./table.js";

const projectRoot = fileURLToPath(new URL("../", import.meta.url));
const run = promisify(execFile);
const repeats = Number(process.env.SANDBOX_BENCH_REPEATS ?? 3);
const seconds = Number(process.env.SANDBOX_BENCH_SECONDS ?? 2);
const concurrency = 16;
const memoryJob = { kind: "memory", users: 100_000, tokens: 1_000_000 } as const;

interface Target {
  readonly name: string;
  readonly userCenter: string;
  readonly giniApi: string;
  readonly basic: string;
  close(): Promise<void>;
}

/** A child that prints `ready` once it listens; the URLs are read from its output. */
function startChild(args: string[], env: Record<string, string>, ready: string): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes(ready)) resolve({ child, output });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}: ${output}`)));
  });
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

const urlAfter = (output: string, title: string) => new RegExp(`${title}\\s+(http://\\S+)`).exec(output)![1]!;
const freePorts = { USER_CENTER_PORT: "0", GINI_API_PORT: "0", INNODATA_PORT: "0" };

/** A server as its npm script starts it, on free ports; the URLs come from its start-up lines. */
async function servedTarget(name: string, script: string, ready: string, basic: string): Promise<Target> {
  const { child, output } = await startChild(["--import", "tsx", script, ...(script.startsWith("sandbox") ? ["--quiet"] : [])], freePorts, ready);
  return { name, userCenter: urlAfter(output, "Gini User Center API"), giniApi: urlAfter(output, "Gini API"), basic, close: () => stopChild(child) };
}

const sandboxTarget = () => servedTarget("sandbox", "sandbox/start.ts", "Ctrl-C stops.", `Basic ${btoa("sandbox-client:sandbox-secret")}`);
const ceilingTarget = () => servedTarget("node:http ceiling", "bench/ceiling-server.mjs", "Ctrl-C stops.", `Basic ${btoa("any:any")}`);
const prismBehindGatewayTarget = () => servedTarget("Prism behind npm start", "scripts/start.mjs", "Press Ctrl-C to stop.", `Basic ${btoa("client-id:client-secret")}`);

async function prismDirectTarget(): Promise<Target> {
  const [userCenterPort, giniApiPort] = (await Promise.all([freePort(), freePort()])) as [number, number];
  const document = (api: string) => `${projectRoot}generated/${api}.openapi.json`;
  const prisms = await Promise.all([
    startPrism({ documentPath: document("user-center"), host: "127.0.0.1", port: userCenterPort }),
    startPrism({ documentPath: document("gini-api"), host: "127.0.0.1", port: giniApiPort }),
  ]);
  return {
    name: "Prism direct",
    userCenter: `http://127.0.0.1:${userCenterPort}`,
    giniApi: `http://127.0.0.1:${giniApiPort}`,
    basic: `Basic ${btoa("client-id:client-secret")}`,
    close: async () => {
      await Promise.all(prisms.map((prism) => prism.close()));
    },
  };
}

async function load(target: Target, scenario: LoadJob["scenario"]): Promise<LoadResult> {
  const job: LoadJob = { kind: "load", scenario, userCenter: target.userCenter, giniApi: target.giniApi, basic: target.basic, concurrency, seconds };
  const { stdout } = await run(process.execPath, ["--import", "tsx", "bench/sandbox-load.ts", JSON.stringify(job)], { cwd: projectRoot });
  return JSON.parse(stdout) as LoadResult;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const summary = (values: readonly number[], digits = 0) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

const scenarios = [
  { scenario: "documents", label: "GET /documents (user token)", unit: "req/s" },
  { scenario: "client-token", label: "client token (GET /oauth/token)", unit: "req/s" },
  { scenario: "flow", label: "anonymous flow (client token, sign-up, login, GET /documents)", unit: "flows/s" },
] as const;

export async function sandboxRows(): Promise<Row[]> {
  const loadBefore = loadavg()[0]!;
  const targets = [await sandboxTarget(), await prismBehindGatewayTarget(), await prismDirectTarget(), await ceilingTarget()];
  const results = new Map<string, LoadResult[]>();
  try {
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      for (const { scenario } of scenarios) {
        for (const target of targets) {
          const key = `${target.name}/${scenario}`;
          results.set(key, [...(results.get(key) ?? []), await load(target, scenario)]);
        }
      }
    }
  } finally {
    await Promise.all(targets.map((target) => target.close()));
  }
  const rows: Row[] = [];
  for (const { scenario, label, unit } of scenarios) {
    const rateOf = (name: string) => results.get(`${name}/${scenario}`)!.map((result) => result.perSecond);
    for (const target of targets) {
      const measured = results.get(`${target.name}/${scenario}`)!;
      rows.push({
        measure: `${label}, ${target.name}, ${concurrency} concurrent, ${repeats} × ${seconds} s interleaved`,
        result: `${summary(rateOf(target.name))} ${unit}; p50 ${summary(measured.map((result) => result.p50Ms), 1)} ms, p99 ${summary(measured.map((result) => result.p99Ms), 1)} ms`,
        goal: "median (min–max)",
      });
    }
    // Each repeat measures the three servers one after the other: the ratio within a repeat
    // compares moments of similar machine load, and its median and range say how stable it is.
    const ratios = (server: string, prism: string) => rateOf(server).map((rate, repeat) => rate / rateOf(prism)[repeat]!);
    const versusPrism = (server: string) => `${summary(ratios(server, "Prism behind npm start"), 1)}× Prism behind npm start, ${summary(ratios(server, "Prism direct"), 1)}× Prism direct`;
    rows.push({
      measure: `${label}: sandbox ÷ Prism, per repeat`,
      result: versusPrism("sandbox"),
      goal: scenario === "flow" ? "≥ 10× behind npm start, ≥ 3× direct" : "report",
    });
    rows.push({
      measure: `${label}: node:http ceiling ÷ Prism, per repeat (the highest ratio this machine can show)`,
      result: `${versusPrism("node:http ceiling")}; the sandbox reaches ${summary(ratios("sandbox", "node:http ceiling").map((ratio) => ratio * 100))} % of the ceiling`,
      goal: "report",
    });
  }
  rows.push({
    measure: "the machine while the servers were measured (1-minute load average)",
    result: `${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end, on ${cpus().length} cores`,
    goal: "report (other work on the machine moves the rates)",
  });
  const { stdout } = await run(process.execPath, ["--expose-gc", "--import", "tsx", "bench/sandbox-load.ts", JSON.stringify(memoryJob)], { cwd: projectRoot, maxBuffer: 1 << 20 });
  const memory = JSON.parse(stdout) as { rssMb: number; heapMb: number; users: number; liveTokens: number };
  rows.push({
    measure: `sandbox state (default configuration, in memory) after ${memoryJob.users.toLocaleString("en")} users and ${memoryJob.tokens.toLocaleString("en")} tokens issued`,
    result: `RSS ${memory.rssMb.toFixed(0)} MB, JS heap ${memory.heapMb.toFixed(0)} MB; ${memory.users.toLocaleString("en")} users, ${memory.liveTokens.toLocaleString("en")} live tokens (caps: ${tokenCaps.perUser} per user, ${tokenCaps.perClient} client tokens per client)`,
    goal: "report",
  });
  return rows;
}
