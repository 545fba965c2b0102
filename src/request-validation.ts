import { GiniOpenApiError } from "./errors.js";
import { formParse } from "./form-urlencoded.js";
import { decodeParameter } from "./registry/decode-parameter.js";
import { type SchemaIssue, schemaIssues } from "./registry/schema-issues.js";
import type { OperationEntry } from "./registry/types.js";

/** One way in which a request breaks its description: where (`body.password`, `query.grant_type`, `path.userId`, `header.X-User-Identifier`) and which schema rule. */
export type RequestValidationIssue = SchemaIssue;

/**
 * A request that its API description already rejects, stopped before it is sent. The message
 * names fields and rules, never values: a value may be a password or a token.
 */
export class RequestValidationError extends GiniOpenApiError {
  override name = "RequestValidationError";
  constructor(
    readonly operation: string,
    readonly issues: readonly RequestValidationIssue[],
  ) {
    super("INVALID_REQUEST", `${operation}: invalid request: ${issues.map((issue) => `${issue.field} ${issue.message} (${issue.rule})`).join("; ")}`);
  }

  override toJSON() {
    return { ...super.toJSON(), operation: this.operation, issues: this.issues };
  }
}

/** Headers as `openapi-fetch` takes them: a `Headers`, or a record whose `null` unsets a header. */
type HeaderValues = Headers | Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[] | null | undefined>>;

/** What a typed `openapi-fetch` call passes, before any `Request` is built. */
export interface TypedCall {
  readonly params?: {
    readonly path?: Readonly<Record<string, unknown>>;
    readonly query?: Readonly<Record<string, unknown>>;
    readonly header?: Readonly<Record<string, unknown>>;
  };
  readonly headers?: HeaderValues;
  readonly body?: unknown;
}

/** A header of a `Headers` or of `openapi-fetch`'s header record, by case-insensitive name. */
export function headerValue(headers: HeaderValues | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower && value !== undefined && value !== null) return Array.isArray(value) ? value.join(", ") : String(value);
  }
  return undefined;
}

/** Bodies sent as they are: files and streams, never JSON-serialised. */
export function isBytes(body: unknown): body is Blob | ArrayBuffer | ArrayBufferView | ReadableStream {
  return (
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    (typeof Blob !== "undefined" && body instanceof Blob) ||
    (typeof ReadableStream !== "undefined" && body instanceof ReadableStream)
  );
}

function structuredBody(body: unknown, mediaType: string): unknown {
  if (typeof body === "string") {
    if (mediaType === "application/x-www-form-urlencoded") return Object.fromEntries(formParse(body));
    try {
      return JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return body instanceof URLSearchParams ? Object.fromEntries(body) : body;
}

function parameterValue(operationParameter: OperationEntry["parameters"][number], call: TypedCall): unknown {
  const { name, in: location, type } = operationParameter;
  if (location === "path") return call.params?.path?.[name];
  if (location === "query") return call.params?.query?.[name];
  const typed = call.params?.header?.[name];
  if (typed !== undefined && typed !== null) return typed;
  const sent = headerValue(call.headers, name);
  return sent === undefined ? undefined : decodeParameter(sent, type);
}

/**
 * Every rule of `operation` that the typed call breaks: its path, query and header parameters, and
 * a JSON or form body of `mediaType`. Files and streams are the server's to judge.
 */
export function requestIssues(operation: OperationEntry, call: TypedCall, mediaType: string): RequestValidationIssue[] {
  const issues: RequestValidationIssue[] = [];
  for (const parameter of operation.parameters) {
    const value = parameterValue(parameter, call);
    const field = `${parameter.in}.${parameter.name}`;
    if (value === undefined || value === null) {
      if (parameter.required) issues.push({ field, rule: "required", message: "is required" });
    } else if (parameter.validate && !parameter.validate(value)) {
      issues.push(...schemaIssues(field, parameter.validate.errors).map((issue) => ({ ...issue, field })));
    }
  }
  const body = operation.body;
  if (!body) return issues;
  if (call.body === undefined || call.body === null) {
    if (body.required) issues.push({ field: "body", rule: "required", message: "is required" });
    return issues;
  }
  if (!(mediaType in body.content) && !("*/*" in body.content)) {
    issues.push({ field: "header.Content-Type", rule: "enum", message: `must be one of ${Object.keys(body.content).join(", ")}` });
    return issues;
  }
  const validate = body.content[mediaType];
  if (!validate || isBytes(call.body)) return issues;
  const value = structuredBody(call.body, mediaType);
  if (value === undefined) issues.push({ field: "body", rule: "type", message: `is not valid ${mediaType}` });
  else if (!validate(value)) issues.push(...schemaIssues("body", validate.errors));
  return issues;
}
