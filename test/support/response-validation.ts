// Checks every response a test against the mocks receives against the compiled registry: the
// status is documented for the operation, and the headers and body match their schemas. A
// mismatch fails the test it happened in, named by operationId.
import { afterEach, expect } from "vitest";
import { ApiContract, essenceOf, isJsonMediaType } from "../../src/registry/api-contract.js";
import type { ApiName, MockTarget } from "./mock.js";

export interface ResponseMismatch {
  readonly api: ApiName;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly problems: readonly string[];
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.clone().text();
  if (text === "") return undefined;
  if (!isJsonMediaType(essenceOf(response.headers.get("content-type") ?? ""))) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The request path relative to the API: without the target's own path and the description's server base path. */
function apiPath(contract: ApiContract, target: MockTarget, url: URL) {
  const targetPath = new URL(target.url).pathname.replace(/\/$/, "");
  const path = url.pathname.startsWith(targetPath) ? url.pathname.slice(targetPath.length) : url.pathname;
  const basePath = contract.basePaths.find((prefix) => path.startsWith(`${prefix}/`));
  return basePath ? path.slice(basePath.length) : path;
}

export async function responseMismatch(apiName: ApiName, contract: ApiContract, target: MockTarget, request: Request, response: Response): Promise<ResponseMismatch | undefined> {
  const path = apiPath(contract, target, new URL(request.url));
  const match = contract.match(request.method, path);
  const base = { api: apiName, method: request.method, path, status: response.status };
  if (match.kind !== "operation") return { ...base, operationId: `(no operation: ${request.method} ${path})`, problems: [`the description has no ${request.method} ${path}`] };
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const problems = contract.checkResponse(match.operation, { status: response.status, headers, body: await bodyOf(response) });
  return problems.length > 0 ? { ...base, operationId: match.operation.id, problems } : undefined;
}

// Prism answers requests it cannot match (an unknown `Accept`, a malformed path parameter) with its
// own RFC 7807 problem body, which no description here uses; the README lists these answers.
const isPrismOwnAnswer = (response: Response) => essenceOf(response.headers.get("content-type") ?? "") === "application/problem+json";

export const describeMismatch = ({ operationId, method, path, status, problems }: ResponseMismatch) =>
  `${operationId} (${method} ${path} → ${status}): ${problems.join("; ")}`;

/**
 * A `fetch` for this test file's clients and raw requests to `target` that records every response
 * that departs from the description; after each test, the test fails if any did.
 */
export function useResponseValidation(apiName: ApiName, target: MockTarget): typeof fetch {
  const contract = ApiContract.of(apiName);
  const mismatches: ResponseMismatch[] = [];
  afterEach(() => {
    const found = mismatches.splice(0);
    expect(found.map(describeMismatch), "responses that the description does not document").toEqual([]);
  });
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    if (isPrismOwnAnswer(response)) return response;
    const mismatch = await responseMismatch(apiName, contract, target, request, response);
    if (mismatch) mismatches.push(mismatch);
    return response;
  };
}
