// Runs one Prism server as a child process and resolves once it listens, keeping what it logs:
// `prism mock`, or with `upstreamUrl` `prism proxy --errors`, which checks a server's answers.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const prismBin = fileURLToPath(new URL("../../node_modules/.bin/prism", import.meta.url));
const startTimeoutMs = 60_000;

export function startPrism({ documentPath, host, port, upstreamUrl }) {
  const mode = upstreamUrl ? ["proxy", documentPath, upstreamUrl, "--errors"] : ["mock", documentPath];
  const child = spawn(prismBin, [...mode, "--host", host, "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Prism did not start within ${startTimeoutMs / 1000} s:\n${output}`)), startTimeoutMs);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    const onData = (chunk) => {
      output += chunk;
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
  return listening.then(() => ({ close, log: () => output }));
}
