// The mock of one API for a test file: started on a free port before its tests, stopped after.
// (The contract suite against real servers is `gini-openapi contract`, src/contract/.)
import { afterAll, beforeAll } from "vitest";
import type { ApiName } from "../../generated/apis.js";
import { startMock } from "../../scripts/mock/start-mock.mjs";

export type { ApiName };

/** Where a test file's requests go; `url` is set once the mock has started. */
export interface MockTarget {
  readonly url: string;
}

export function useApi(apiName: ApiName): MockTarget {
  const target = { url: "" };
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
