import { afterAll, beforeAll } from "vitest";
import { startMock } from "../../scripts/mock/start-mock.mjs";

export type ApiName = "user-center" | "gini-api" | "innodata";

/**
 * Where a contract test file sends its requests: `prism`, the API's mock started for this file
 * on a free port (the default), or `server`, a running server named by the environment variable
 * `CONTRACT_SERVER_USER_CENTER` / `CONTRACT_SERVER_GINI_API` / `CONTRACT_SERVER_INNODATA`
 * (a sandbox or a real server). Tests that rely on Prism's `Prefer` header run only on `prism`.
 */
export interface ContractTarget {
  readonly url: string;
  readonly kind: "prism" | "server";
}

export const serverVariable = (apiName: ApiName) => `CONTRACT_SERVER_${apiName.replace("-", "_").toUpperCase()}`;

export function useApi(apiName: ApiName): ContractTarget {
  const serverUrl = process.env[serverVariable(apiName)];
  const target = { url: serverUrl ?? "", kind: serverUrl ? "server" : "prism" } as { url: string; kind: "prism" | "server" };
  if (serverUrl) return target;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const started = await startMock({ apiName });
    target.url = started.url;
    close = started.close;
  });
  afterAll(async () => {
    await close?.();
  });
  return target;
}

export { basicAuthorization } from "../../src/flows/basic-authorization.js";
