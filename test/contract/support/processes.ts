// The processes a test started, read from /proc (Linux): to prove that a contract run leaves none behind.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Every process below `pid` now. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      continue;
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

export const alive = (pid: number) => {
  try {
    // A zombie has exited: only its parent has yet to collect it.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
};

export interface WatchedRun {
  readonly child: ChildProcess;
  /** Every process ever seen below the child, polled every 20 ms, with its command line. */
  readonly seen: Map<number, string>;
  /** The command lines of what the run started itself: tsx's esbuild service (which runs these sources) is not counted. */
  started(): string[];
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<number | null>;
}

/** `node --import tsx scripts/contract.mjs <args>` with `env`, its descendants watched. */
export function watchContractScript(args: readonly string[], env: NodeJS.ProcessEnv): WatchedRun {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/contract.mjs", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  const seen = new Map<number, string>();
  const output = { stdout: "", stderr: "" };
  child.stdout!.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
  const poll = setInterval(() => {
    for (const pid of descendants(child.pid!)) if (!seen.has(pid)) seen.set(pid, commandLine(pid));
  }, 20);
  const exited = new Promise<number | null>((resolve) =>
    child.once("close", (code) => {
      clearInterval(poll);
      resolve(code);
    }),
  );
  const started = () => [...seen.values()].filter((command) => !/esbuild/.test(command));
  return { child, seen, started, output, exited };
}

/** Resolves once `condition` holds, polling; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((tick) => setTimeout(tick, 50));
  }
}
