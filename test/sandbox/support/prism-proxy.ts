// `prism proxy --errors` in front of a server: Prism forwards each request, checks request and
// response against the description, and turns a response that breaks it into a 500
// (`…/errors#VIOLATIONS`). Its log is kept so that a test can list what it reported.
import { fileURLToPath } from "node:url";
import { startPrism } from "../../../scripts/mock/prism.mjs";
import { freePort } from "../../../scripts/mock/start-mock.mjs";

const documentPath = (apiName: string) => fileURLToPath(new URL(`../../../generated/${apiName}.openapi.json`, import.meta.url));

export interface PrismProxy {
  readonly url: string;
  /** Everything Prism has logged so far. */
  log(): string;
  close(): Promise<void>;
}

export async function startPrismProxy(apiName: string, upstreamUrl: string): Promise<PrismProxy> {
  const port = (await freePort()) as number;
  const prism = await startPrism({ documentPath: documentPath(apiName), host: "127.0.0.1", port, upstreamUrl });
  return { url: `http://127.0.0.1:${port}`, ...prism };
}

/** The lines in which Prism reports a response that breaks the description. */
export const responseViolations = (log: string) => log.split("\n").filter((line) => /Violation: response|errors#VIOLATIONS/.test(line));
