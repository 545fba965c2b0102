// One request of a contract run and its answer: sent to the server of its API, the answer read
// and checked against the operation's documented statuses, headers and schemas. Credentials
// sent and handed out are registered as secrets before anything else looks at the answer.
import { formSerialize } from "../form-urlencoded.js";
import type { ApiDescription, ApiName, OperationDescription } from "./description.js";
import type { SecretRegistry } from "./secrets.js";

export interface RequestBody {
  readonly mediaType: string;
  /** A JSON value for JSON and form media types; bytes or text for the others. */
  readonly value: unknown;
}

export interface ContractRequest {
  readonly api: ApiName;
  readonly operationId: string;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: RequestBody;
}

export interface ContractAnswer {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** Where the answer departs from the description; never a value from the answer. */
  readonly problems: readonly string[];
}

export interface Created {
  readonly api: ApiName;
  /** The operation that deletes what was created, and its path below the server. */
  readonly deleteOperation: OperationDescription;
  readonly path: string;
  /** The credentials that created it, which may delete it too. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface ExchangeContext {
  readonly servers: Partial<Record<ApiName, string>>;
  readonly secrets: SecretRegistry;
  readonly api: (name: ApiName) => ApiDescription;
  /** Told about everything an answer says was created (`201` with a `Location`), to delete it at the end. */
  readonly onCreated: (created: Created) => void;
  readonly timeoutMs: number;
  /** Aborted when the run is interrupted (Ctrl-C): no further request goes out. */
  readonly signal?: AbortSignal;
}

const isJson = (mediaType: string) => /^application\/(.+\+)?json$/.test(mediaType);

function serializeBody({ mediaType, value }: RequestBody): BodyInit {
  if (isJson(mediaType)) return JSON.stringify(value);
  if (mediaType === "application/x-www-form-urlencoded") {
    return formSerialize(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, String(item)]));
  }
  return value as BodyInit;
}

function requestUrl(context: Pick<ExchangeContext, "servers" | "api">, request: ContractRequest): URL {
  const api = context.api(request.api);
  const path = api.operation(request.operationId).pathTemplate.replace(/\{([^}]+)\}/g, (_whole, name: string) => encodeURIComponent(request.pathParameters?.[name] ?? ""));
  const url = new URL(`${context.servers[request.api]}${api.basePath}${path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  return url;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  if (!isJson((response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase())) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The path below the server of a `Location`, which may name the server's public host. */
function createdPath(api: ApiDescription, location: string) {
  const path = new URL(location, "http://server.invalid").pathname;
  return api.basePath && path.startsWith(`${api.basePath}/`) ? path.slice(api.basePath.length) : path;
}

function requestSignal({ signal, timeoutMs }: ExchangeContext) {
  const timeout = AbortSignal.timeout(timeoutMs);
  // `AbortSignal.any` is in Node 20.3+, but not in the DOM library these sources are typed with.
  return signal ? (AbortSignal as unknown as { any(signals: AbortSignal[]): AbortSignal }).any([signal, timeout]) : timeout;
}

/** Sends `request`; a network failure or timeout rejects with an error naming the API and operation only. */
export async function exchange(context: ExchangeContext, request: ContractRequest): Promise<ContractAnswer> {
  const api = context.api(request.api);
  const operation = api.operation(request.operationId);
  const headers = { ...request.headers };
  if (headers.Authorization) context.secrets.registerAuthorization(headers.Authorization);
  if (request.body) headers["Content-Type"] ??= request.body.mediaType;
  let response: Response;
  try {
    response = await fetch(requestUrl(context, request), {
      method: operation.method,
      headers,
      body: request.body ? serializeBody(request.body) : undefined,
      redirect: "manual",
      signal: requestSignal(context),
    });
  } catch (error) {
    const reason = context.signal?.aborted ? "the run was interrupted" : error instanceof Error && error.name === "TimeoutError" ? `no answer within ${context.timeoutMs} ms` : "the request failed (network error)";
    throw new Error(`${request.api} ${request.operationId}: ${reason}`);
  }
  const body = await readBody(response);
  if (operation.handsOutCredentials) context.secrets.registerStrings(body);
  const answerHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => (answerHeaders[name] = value));
  const location = answerHeaders.location;
  if (response.status === 201 && location) {
    const path = createdPath(api, location);
    const deleteOperation = api.operationFor("DELETE", path);
    const { Authorization, "X-User-Identifier": userIdentifier } = headers;
    if (deleteOperation) context.onCreated({ api: request.api, deleteOperation, path, headers: { ...(Authorization && { Authorization }), ...(userIdentifier && { "X-User-Identifier": userIdentifier }) } });
  }
  return { status: response.status, headers: answerHeaders, body, problems: api.responseProblems(request.operationId, { status: response.status, headers: answerHeaders, body }) };
}
