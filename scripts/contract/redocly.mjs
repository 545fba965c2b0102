// Runs the project's Redocly CLI and collects what it prints.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
const redoclyBin = `${projectRoot}node_modules/.bin/redocly`;

/** Resolves `{ code, stdout, stderr }` when `redocly <args>` exits; `env` replaces the environment. */
export function runRedocly(args, { env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(redoclyBin, args, { cwd: projectRoot, env: { ...env, NO_COLOR: "1", REDOCLY_TELEMETRY: "off" } });
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }));
  });
}
