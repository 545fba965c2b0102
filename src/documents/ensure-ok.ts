import type { Middleware } from "openapi-fetch";
import type { components } from "../../generated/gini-api.js";
import { registry } from "../../generated/gini-api.registry.js";
import { GiniApiResponseError } from "./errors.js";

type ApiError = components["schemas"]["ApiError"];

/** What every `openapi-fetch` call resolves to. */
interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The error body as `openapi-fetch` left it: parsed JSON, a string, or `undefined` for no body. */
function errorBody(error: unknown): ApiError | undefined {
  return typeof error === "object" && error !== null && !Array.isArray(error) ? (error as ApiError) : undefined;
}

/** The result of a successful call, or a thrown `GiniApiResponseError` for any other status. */
export async function successOf<R extends FetchResult>(result: R | PromiseLike<R>, operation: string, documentId?: string): Promise<Exclude<R, { error: {} }>> {
  const settled = await result;
  if (!settled.response.ok) throw new GiniApiResponseError(operation, settled.response.status, errorBody(settled.error), documentId);
  return settled as Exclude<R, { error: {} }>;
}

/**
 * The data of a successful call, or a thrown `GiniApiResponseError` for any other status, an
 * empty error body included:
 *
 * ```ts
 * const document = await ensureOk(api.GET("/documents/{documentId}", { params: { path: { documentId } } }), "getDocument");
 * ```
 *
 * `openapi-fetch` resolves an error without a body to `{ data: undefined, error: undefined }`, so
 * `if (error)` misses it; this checks `response.ok` instead. `operation` names the call in the error.
 */
export async function ensureOk<R extends FetchResult>(result: R | PromiseLike<R>, operation = "request"): Promise<Exclude<R, { error: {} }>["data"]> {
  return (await successOf(result, operation)).data;
}

const operationIds = new Map(registry.operations.map((operation) => [`${operation.method} ${operation.path}`, operation.id]));

async function bodyOf(response: Response): Promise<ApiError | undefined> {
  const text = await response.clone().text();
  try {
    return errorBody(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * An `openapi-fetch` middleware that makes every call of the client reject with a
 * `GiniApiResponseError` (named by the `operationId`) when the answer is not 2xx, so no error can
 * be read past: `api.use(throwOnGiniApiError())`.
 */
export function throwOnGiniApiError(): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      if (response.ok) return undefined;
      const operation = operationIds.get(`${request.method} ${schemaPath}`) ?? `${request.method} ${schemaPath}`;
      throw new GiniApiResponseError(operation, response.status, await bodyOf(response));
    },
  };
}
