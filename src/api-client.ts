import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import { formSerialize } from "./form-urlencoded.js";
import type { ApiRegistry, HttpMethod, OperationEntry } from "./registry/types.js";
import { headerValue, isBytes, RequestValidationError, requestIssues, type TypedCall } from "./request-validation.js";

export interface ValidatingClientOptions extends ClientOptions {
  /**
   * Check every request against the API description and throw a `RequestValidationError`
   * before sending one that it rejects (default `true`).
   */
  validateRequests?: boolean;
}

const methods = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const satisfies readonly HttpMethod[];
const passThrough = (body: unknown) => body;
const formMediaType = "application/x-www-form-urlencoded";
/** A form given as an object, encoded without `URLSearchParams` (React Native's cannot). */
const serializeForm = (fields: Record<string, unknown>) =>
  formSerialize(Object.entries(fields).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as const])));
const isFields = (body: unknown): body is Record<string, unknown> => typeof body === "object" && body !== null && Object.getPrototypeOf(body) === Object.prototype;

type CallInit = TypedCall & { bodySerializer?: unknown } & Record<string, unknown>;

/** The media type a body goes as when the caller named none: a file's own type, or the only one the operation takes. */
function impliedMediaType(operation: OperationEntry, body: unknown): string | undefined {
  if (typeof Blob !== "undefined" && body instanceof Blob && body.type) return body.type;
  const declared = Object.keys(operation.body!.content);
  if (declared.length === 1 && declared[0] !== "*/*") return declared[0];
  return isBytes(body) ? undefined : "application/json";
}

const essence = (contentType: string) => contentType.split(";")[0]!.trim().toLowerCase();

/**
 * A typed `openapi-fetch` client of the API in `registry`. Before `openapi-fetch` builds the
 * request, each call is looked up in the registry: a file or stream body is sent as it is with
 * its media type (not as JSON), a body without `Content-Type` gets the operation's only media
 * type, and, unless `validateRequests` is false, the call's parameters and body are checked
 * against the precompiled validators of the description.
 */
export function createApiClient<Paths extends {}>(registry: ApiRegistry, options: ValidatingClientOptions): Client<Paths> {
  const { validateRequests = true, ...clientOptions } = options;
  const client = createClient<Paths>(clientOptions);
  const clientContentType = headerValue(clientOptions.headers as TypedCall["headers"], "Content-Type");
  let operations: Map<string, OperationEntry> | undefined;
  const operationFor = (method: string, path: string) => {
    operations ??= new Map(registry.operations.map((operation) => [`${operation.method} ${operation.path}`, operation]));
    return operations.get(`${method} ${path}`);
  };

  function prepare(method: string, path: string, init: CallInit | undefined): CallInit | undefined {
    const operation = operationFor(method, path);
    if (!operation) return init;
    let prepared = init;
    let mediaType = "";
    if (init?.body !== undefined && init.body !== null && operation.body) {
      const named = headerValue(init.headers, "Content-Type") ?? clientContentType;
      const implied = named === undefined ? impliedMediaType(operation, init.body) : undefined;
      mediaType = essence(named ?? implied ?? "");
      const bytes = isBytes(init.body) && init.bodySerializer === undefined;
      const form = mediaType === formMediaType && isFields(init.body) && init.bodySerializer === undefined;
      if (bytes || form || (implied !== undefined && implied !== "application/json")) {
        prepared = {
          ...init,
          ...(bytes && { bodySerializer: passThrough }),
          ...(form && { bodySerializer: serializeForm }),
          // fetch sends a stream only when told it may start before the answer (Fetch: `duplex`).
          ...(typeof ReadableStream !== "undefined" && init.body instanceof ReadableStream && { duplex: "half" }),
          ...(implied !== undefined && { headers: mergeHeader(init.headers, "Content-Type", implied) }),
        };
      }
      if (validateRequests && named === undefined && implied === undefined) {
        throw new RequestValidationError(operation.id, [
          { field: "header.Content-Type", rule: "required", message: `is required to send a file: one of ${Object.keys(operation.body.content).join(", ")}` },
        ]);
      }
    }
    if (validateRequests) {
      const issues = requestIssues(operation, prepared ?? {}, mediaType);
      if (issues.length > 0) throw new RequestValidationError(operation.id, issues);
    }
    return prepared;
  }

  const typed = client as unknown as Record<HttpMethod, (path: string, init?: CallInit) => Promise<unknown>> & {
    request(method: string, path: string, init?: CallInit): Promise<unknown>;
  };
  const wrapped: Record<string, unknown> = { ...client };
  for (const method of methods) {
    const send = typed[method];
    wrapped[method] = (path: string, init?: CallInit) => {
      try {
        return send(path, prepare(method, path, init));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  wrapped.request = (method: string, path: string, init?: CallInit) => {
    try {
      return typed.request(method, path, prepare(method.toUpperCase(), path, init));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return wrapped as unknown as Client<Paths>;
}

/** `headers` (a `Headers` or `openapi-fetch`'s header record) with one more header. */
function mergeHeader(headers: TypedCall["headers"], name: string, value: string): TypedCall["headers"] {
  if (headers instanceof Headers) {
    const copy = new Headers(headers);
    copy.set(name, value);
    return copy;
  }
  return { ...headers, [name]: value };
}
