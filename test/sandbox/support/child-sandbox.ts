// `npm run sandbox` as a child process on free ports, for tests that measure its memory, kill it
// or read its exit: the URLs come from its start-up lines, its RSS from /proc.
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface ChildSandbox {
  readonly child: ChildProcess;
  readonly urls: { readonly userCenter: string; readonly giniApi: string; readonly innodata: string };
  output(): string;
  /** Resident set size in bytes (Linux). */
  rss(): Promise<number>;
  /** SIGTERM, or the given signal, and the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the sandbox and resolves once it listens, or rejects with its output when it exits first. */
export function startChildSandbox(args: readonly string[] = [], env: Record<string, string> = {}): Promise<ChildSandbox> {
  const child = spawn(process.execPath, ["--import", "tsx", "sandbox/start.ts", "--quiet", ...args], {
    cwd: projectRoot,
    env: { ...process.env, USER_CENTER_PORT: "0", GINI_API_PORT: "0", INNODATA_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (!output.includes("Ctrl-C stops.")) return;
      const url = (title: string) => new RegExp(`${title}\\s+(http://\\S+)`).exec(output)![1]!;
      resolve({
        child,
        urls: { userCenter: url("Gini User Center API"), giniApi: url("Gini API"), innodata: url("Innodata API") },
        output: () => output,
        rss: async () => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024,
        stop: async (signal = "SIGTERM") => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(() => reject(Object.assign(new Error(`the sandbox exited with ${child.exitCode}: ${output}`), { exitCode: child.exitCode, output })));
  });
}
