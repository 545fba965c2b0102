// Runs one Prism server as a child process and resolves once it listens, keeping the tail of
// what it logs: `prism mock`, or with `upstreamUrl` `prism proxy --errors`, which checks a
// server's answers. `superviseMock` restarts a mock that exits (Prism 5 exits on some requests,
// e.g. a validation message with characters outside Latin-1 in its `sl-violations` header).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const startTimeoutMs = 60_000;
const childPath = fileURLToPath(new URL("./prism-child.mjs", import.meta.url));
/** Prism logs every request; only the latest output is kept. */
const logTailChars = 256 * 1024;

/** Prism's command, from the project that installed this package (an optional peer dependency) or this one. */
function prismBin() {
  const require = createRequire(import.meta.url);
  let manifest;
  try {
    manifest = require.resolve("@stoplight/prism-cli/package.json");
  } catch {
    throw new Error("The mock runs Prism, which is not installed: npm install --save-dev @stoplight/prism-cli@5");
  }
  return join(dirname(manifest), require(manifest).bin.prism);
}

/** @param {{ documentPath: string, host: string, port: number, upstreamUrl?: string }} options */
export function startPrism({ documentPath, host, port, upstreamUrl }) {
  const mode = upstreamUrl ? ["proxy", documentPath, upstreamUrl, "--errors"] : ["mock", documentPath];
  // One process per Prism (`--no-multiprocess`: Prism forks a worker when NODE_ENV is production),
  // which exits when this one does (prism-child.mjs watches the stdin pipe).
  const child = spawn(process.execPath, [childPath, prismBin(), ...mode, "--host", host, "--port", String(port), "--no-multiprocess"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Prism did not start within ${startTimeoutMs / 1000} s:\n${output}`)), startTimeoutMs);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    const onData = (chunk) => {
      output = (output + chunk).slice(-logTailChars);
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => fail(new Error(`Prism exited with code ${code} before it listened:\n${output}`)));
    child.on("error", fail);
  });
  const close = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill();
    });
  return listening.then(() => ({ close, log: () => output, exited }));
}

/**
 * A Prism mock that is started again whenever it exits on its own. `ready()` resolves once the
 * current Prism listens, so that a request that arrives during a restart waits for it.
 */
/** @param {{ documentPath: string, host: string, port: number, onRestart?: (line: string) => void }} options */
export async function superviseMock({ documentPath, host, port, onRestart = () => {} }) {
  let closing = false;
  let current = await startPrism({ documentPath, host, port });
  let ready = Promise.resolve();
  const watch = (prism) =>
    prism.exited.then(({ code, signal }) => {
      if (closing) return;
      onRestart(`Prism exited (${signal ?? `code ${code}`}); starting it again`);
      ready = startPrism({ documentPath, host, port }).then((next) => {
        current = next;
        watch(next);
      });
    });
  watch(current);
  return {
    ready: () => ready,
    log: () => current.log(),
    close: async () => {
      closing = true;
      await ready.catch(() => {});
      await current.close();
    },
  };
}
