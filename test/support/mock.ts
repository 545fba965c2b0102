import { afterAll, beforeAll } from "vitest";
import { startMock } from "../../scripts/mock/start-mock.mjs";

/** Starts the API's mock (Prism behind its gateway) on a free port for this test file. */
export function useMock(apiName: "user-center" | "gini-api" | "innodata"): { readonly url: string } {
  const mock = { url: "" };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const started = await startMock({ apiName });
    mock.url = started.url;
    close = started.close;
  });
  afterAll(async () => {
    await close?.();
  });
  return mock;
}

export const basicAuthorization = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
