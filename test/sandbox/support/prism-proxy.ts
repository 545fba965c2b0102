// `prism proxy --errors` in front of a server: Prism forwards each request, checks request and
// response against the description, and turns a response that breaks it into a 500
// (`…/errors#VIOLATIONS`). Its log is kept so that a test can list what it reported.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "../../../scripts/mock/start-mock.mjs";

const prismBin = fileURLToPath(new URL("../../../node_modules/.bin/prism", import.meta.url));
const documentPath = (apiName: string) => fileURLToPath(new URL(`../../../generated/${apiName}.openapi.json`, import.meta.url));

export interface PrismProxy {
  readonly url: string;
  /** Everything Prism has logged so far. */
  log(): string;
  close(): Promise<void>;
}

export async function startPrismProxy(apiName: string, upstreamUrl: string): Promise<PrismProxy> {
  const port = (await freePort()) as number;
  const child = spawn(prismBin, ["proxy", documentPath(apiName), upstreamUrl, "--errors", "--host", "127.0.0.1", "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("Prism is listening")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    exited.then(() => reject(new Error(`prism proxy exited before it listened:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
}

/** The lines in which Prism reports a response that breaks the description. */
export const responseViolations = (log: string) => log.split("\n").filter((line) => /Violation: response|errors#VIOLATIONS/.test(line));
