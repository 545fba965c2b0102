// One request of a contract run and its answer: sent to the server of its API, the answer read
// and checked against the operation's documented statuses, headers and schemas. Credentials
// sent and handed out are registered as secrets before anything else looks at the answer.
import { boundedFetch, ExchangeFailure, type HttpLimits, wellFormedValue } from "./bounded-http.js";
import { formSerialize } from "../form-urlencoded.js";
import type { ApiDescription, ApiName, OperationDescription } from "./description.js";
import type { SecretRegistry } from "./secrets.js";

interface RequestBody {
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
  /** The body as received (well-formed text), for the checks that look for what it must not carry. */
  readonly text: string;
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

export interface ExchangeContext extends HttpLimits {
  readonly servers: Partial<Record<ApiName, string>>;
  readonly secrets: SecretRegistry;
  readonly api: (name: ApiName) => ApiDescription;
  /** Told about everything an answer says was created (`201` with a `Location`), to delete it at the end. */
  readonly onCreated: (created: Created) => void;
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

/** The body as JSON for a JSON media type (whatever its parameters), else as text; `undefined` when empty. */
export function parseBody(contentType: string | undefined, text: string): unknown {
  if (text === "") return undefined;
  if (!isJson((contentType ?? "").split(";")[0]!.trim().toLowerCase())) return text;
  try {
    return wellFormedValue(JSON.parse(text));
  } catch {
    return text;
  }
}

/** The path below the server of a `Location`, which may name the server's public host. */
function createdPath(api: ApiDescription, location: string) {
  const path = new URL(location, "http://server.invalid").pathname;
  return api.basePath && path.startsWith(`${api.basePath}/`) ? path.slice(api.basePath.length) : path;
}

const headerValue = (headers: Readonly<Record<string, string>>, name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

/** Tells `context` about what an answer says it created (`201` with a `Location`), with the credentials that may delete it. */
export function noteCreated(context: Pick<ExchangeContext, "api" | "onCreated">, apiName: ApiName, requestHeaders: Readonly<Record<string, string>>, answer: { status: number; headers: Readonly<Record<string, string>> }) {
  const location = answer.headers.location;
  if (answer.status !== 201 || !location) return;
  const api = context.api(apiName);
  const path = createdPath(api, location);
  const deleteOperation = api.operationFor("DELETE", path);
  const authorization = headerValue(requestHeaders, "Authorization");
  const userIdentifier = headerValue(requestHeaders, "X-User-Identifier");
  if (deleteOperation) context.onCreated({ api: apiName, deleteOperation, path, headers: { ...(authorization && { Authorization: authorization }), ...(userIdentifier && { "X-User-Identifier": userIdentifier }) } });
}

/** Sends `request`; a network failure or timeout rejects with an error naming the API and operation only. */
export async function exchange(context: ExchangeContext, request: ContractRequest): Promise<ContractAnswer> {
  const api = context.api(request.api);
  const operation = api.operation(request.operationId);
  const headers = { ...request.headers };
  if (headers.Authorization) context.secrets.registerAuthorization(headers.Authorization);
  if (request.body) headers["Content-Type"] ??= request.body.mediaType;
  let answer;
  try {
    answer = await boundedFetch(requestUrl(context, request), { method: operation.method, headers, body: request.body ? serializeBody(request.body) : undefined }, context);
  } catch (error) {
    throw new Error(`${request.api} ${request.operationId}: ${error instanceof ExchangeFailure ? error.message : "the request failed"}`);
  }
  const answerHeaders = answer.headers;
  const body = parseBody(answerHeaders["content-type"], answer.text);
  if (operation.handsOutCredentials) context.secrets.registerStrings(body);
  noteCreated(context, request.api, headers, answer);
  const problems = [...api.responseProblems(request.operationId, { status: answer.status, headers: answerHeaders, body }), ...context.secrets.leaks(answer, operation.handsOutCredentials)];
  return { status: answer.status, headers: answerHeaders, body, text: answer.text, problems };
}
