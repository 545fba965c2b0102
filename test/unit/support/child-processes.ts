import { type ChildProcess, fork } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Bundles `flow-child.ts` once into `node_modules/.cache` (so that its packages resolve from the
 * project's `node_modules`) and returns the file: children start with plain `node` in ~50 ms
 * instead of compiling TypeScript each.
 */
export async function buildFlowChild(): Promise<string> {
  const directory = `${root}node_modules/.cache/gini-openapi-tests`;
  await mkdir(directory, { recursive: true });
  const outfile = `${directory}/flow-child-${process.pid}.mjs`;
  await build({
    entryPoints: [fileURLToPath(new URL("./flow-child.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile,
    logLevel: "silent",
  });
  return outfile;
}

export interface Child {
  readonly process: ChildProcess;
  /** The next message of `kind` this child sends; rejects if it reports a failure or exits first. */
  next<T = Record<string, unknown>>(kind: string): Promise<T>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
}

export function startChild(file: string): Child {
  const child = fork(file, { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  const messages: Array<Record<string, unknown>> = [];
  const waiting: Array<() => void> = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.on("message", (message: Record<string, unknown>) => {
    messages.push(message);
    for (const wake of waiting.splice(0)) wake();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => {
    for (const wake of waiting.splice(0)) wake();
  });
  async function next<T>(kind: string): Promise<T> {
    for (;;) {
      const index = messages.findIndex((message) => message.kind === kind || message.kind === "failed");
      if (index >= 0) {
        const [message] = messages.splice(index, 1);
        if (message?.kind === "failed") throw new Error(`child failed: ${String(message.error)}\n${stderr}`);
        return message as T;
      }
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`child exited before "${kind}": ${stderr}`);
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }
  return { process: child, next, exited };
}
