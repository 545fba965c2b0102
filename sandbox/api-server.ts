// One API of the sandbox: find the operation in the description, authenticate, enforce the
// operation's body limit, read and check the request against the description, run the API's
// handler, and check the answer against the description before it is sent. Everything that can
// be decided from the request line and headers is decided before a byte of the body is read.
// An answer the description does not document is never sent as if it were right: it becomes a
// 500 and a recorded contract violation.
//
// The pipeline (`ApiEndpoint`) does not know its transport: `startApiServer` (http-server.ts)
// serves it on `node:http`, `createSandbox` (in-process.ts) calls it from a `fetch` function.
import { utf8Bytes } from "./bytes.js";
import { corsHeaders, preflightAnswer } from "../scripts/mock/cors.mjs";
import { type HeaderMap, RequestHead, SandboxRequest, type SandboxResponse } from "./http-types.js";
import { bodyLimitOf } from "./limits.js";
import type { ApiName } from "../generated/apis.js";
import type { ApiContract, Operation, RequestProblem } from "../src/registry/api-contract.js";
import type { SandboxState } from "./state.js";

export interface HandlerContext<Principal> {
  readonly principal: Principal;
  readonly operation: Operation;
  readonly pathParameters: Record<string, string>;
  readonly state: SandboxState;
  readonly contract: ApiContract;
  /** Where this API is reachable from its clients, without a trailing slash. */
  readonly publicUrl: string;
}

export type Handler<Principal> = (request: SandboxRequest, context: HandlerContext<Principal>) => SandboxResponse | Promise<SandboxResponse>;

/** What makes one API different from the others; the pipeline around it is the same for all. */
export interface ApiModule<Principal> {
  readonly apiName: ApiName;
  /** The caller of an operation that requires authentication, or the documented 401; from the headers alone. */
  authenticate(request: RequestHead, operation: Operation, state: SandboxState): { principal: Principal } | { response: SandboxResponse };
  /** A documented refusal that must come before the body is looked at (e.g. the Gini API's 406). */
  refuseBeforeValidation?(request: RequestHead, operation: Operation): SandboxResponse | undefined;
  /** The documented 4xx for a request that breaks the description. */
  rejectInvalid(problems: readonly RequestProblem[], operation: Operation): SandboxResponse;
  /**
   * The answer, in the API's error format, to what is not an operation and so not checked: a
   * malformed request target (400), a path (404) or method (405) the description does not have,
   * a body over the operation's limit (413); and to a fault asked for (429, 503, `faultHeader`).
   */
  refuse(status: 400 | 404 | 405 | 413 | 429 | 503): SandboxResponse;
  readonly handlers: Record<string, Handler<Principal>>;
}

export interface ContractViolation {
  readonly api: ApiName;
  readonly operationId: string;
  readonly method: string;
  readonly status: number;
  readonly problems: readonly string[];
}

/** A request as a transport hands it over: the body is read only when the pipeline asks. */
export interface IncomingCall {
  readonly method: string;
  /** The request target as sent: origin form (`/path?query`) or absolute form (`http://host/path`). */
  readonly target: string;
  readonly headers: HeaderMap;
  /** The body, or `undefined` as soon as it passes `limit` bytes (the rest is not read); absent when the request has no body. */
  readonly readBody?: (limit: number) => Promise<Uint8Array | undefined>;
}

/** What a transport writes back. `bodyRead` is false when the answer came before the body was read. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** JSON text, or the bytes of a file answer. */
  readonly body: string | Uint8Array;
  readonly bodyRead: boolean;
}

export interface EndpointOptions<Principal> {
  readonly module: ApiModule<Principal>;
  readonly contract: ApiContract;
  readonly state: SandboxState;
  /** Where this API is reachable from its clients, without a trailing slash. */
  readonly publicUrl: string;
  readonly onViolation: (violation: ContractViolation) => void;
  /** Receives one line per request and per violation; absent, no line is even built. */
  readonly log?: (line: string) => void;
}

/** The request target as a URL; `undefined` for one that is neither origin form nor an http(s) URL (RFC 9112 §3.2). */
function targetUrl(target: string): URL | undefined {
  try {
    const url = new URL(target, "http://sandbox");
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A sandbox-only request header: `X-Sandbox-Fault: 429` or `503`, optionally with
 * `; retry-after=<seconds>` (default 1), makes the sandbox answer as an overloaded server, with
 * the API's error body and `Retry-After`, before it looks at credentials or the body. Only where
 * the operation documents that status; any other value, or another operation, is not a fault.
 */
const faultHeader = "x-sandbox-fault";
const faultValue = /^(429|503)\s*(?:;\s*retry-after=(\d{1,6}))?$/i;

function requestedFault(headers: HeaderMap, operation: Operation) {
  const value = headers[faultHeader];
  const found = typeof value === "string" ? faultValue.exec(value.trim()) : null;
  if (!found || !operation.responseStatuses.includes(found[1]!)) return undefined;
  return { status: Number(found[1]) as 429 | 503, retryAfter: found[2] ?? "1" };
}

const noBody = new Uint8Array(0);
/** An answer given before the request's body was read. */
const unread = (response: SandboxResponse) => ({ response, bodyRead: false });

/** Per operation, what the pipeline needs: the handler and the body limit, found once at start. */
interface OperationPlan<Principal> {
  readonly handler: Handler<Principal>;
  readonly bodyLimit: number;
}

export class ApiEndpoint<Principal> {
  private readonly plans = new Map<string, OperationPlan<Principal>>();

  constructor(private readonly options: EndpointOptions<Principal>) {
    const { module, contract } = options;
    for (const { id } of contract.api.operations) {
      const handler = module.handlers[id];
      if (!handler) throw new Error(`${module.apiName}: no handler for ${id}`);
      this.plans.set(id, { handler, bodyLimit: bodyLimitOf(id) });
    }
  }

  async handle(call: IncomingCall): Promise<WireAnswer> {
    const { module, log } = this.options;
    const preflight = preflightAnswer(call.method, call.headers);
    if (preflight) return { ...preflight, body: "", bodyRead: !call.readBody };
    let answer: { response: SandboxResponse; bodyRead: boolean };
    try {
      answer = await this.answer(call);
    } catch (error) {
      log?.(`${module.apiName}: internal error: ${(error as Error).message}`);
      answer = { response: { status: 500, headers: { "content-type": "application/json" }, body: { error: "sandbox_internal_error" } }, bodyRead: false };
    }
    const { response } = answer;
    log?.(`${module.apiName} ${call.method} ${call.target.split("?")[0]} → ${response.status}`);
    const body = response.body instanceof Uint8Array ? response.body : response.body === undefined ? "" : JSON.stringify(response.body);
    const headers = { ...response.headers, ...corsHeaders(call.headers) };
    // Like the real servers (seed 003: `Content-Length: 0` on a 201), every answer but a 204 says its length.
    if (response.status !== 204) headers["content-length"] = String(typeof body === "string" ? utf8Bytes(body).byteLength : body.byteLength);
    return { status: response.status, headers, body, bodyRead: answer.bodyRead || !call.readBody };
  }

  private async answer(call: IncomingCall): Promise<{ response: SandboxResponse; bodyRead: boolean }> {
    const { module, contract, state } = this.options;
    const url = targetUrl(call.target);
    if (!url) return unread(module.refuse(400));
    const path = contract.withoutBasePath(url.pathname);
    if (path !== url.pathname) url.pathname = path;
    const route = contract.match(call.method, url.pathname);
    if (route.kind === "no-path") return unread(module.refuse(404));
    if (route.kind === "no-method") {
      const refusal = module.refuse(405);
      return unread({ ...refusal, headers: { ...refusal.headers, allow: route.allowed.join(", ") } });
    }
    const { operation, pathParameters } = route;
    const fault = requestedFault(call.headers, operation);
    if (fault) {
      const refusal = module.refuse(fault.status);
      return unread(this.checked(operation, call.method, { ...refusal, headers: { ...refusal.headers, "retry-after": fault.retryAfter } }));
    }
    const plan = this.plans.get(operation.id)!;
    const head = new RequestHead(call.method, url, call.headers);
    const authenticated = module.authenticate(head, operation, state);
    const refusal = "response" in authenticated ? authenticated.response : module.refuseBeforeValidation?.(head, operation);
    if (refusal) return unread(this.checked(operation, call.method, refusal));
    // The descriptions document 413 for every operation that takes a body; one that takes none has no limit to state.
    const tooLarge = () => unread(operation.body ? this.checked(operation, call.method, module.refuse(413)) : module.refuse(413));
    if (Number(call.headers["content-length"] ?? 0) > plan.bodyLimit) return tooLarge();
    const body = call.readBody ? await call.readBody(plan.bodyLimit) : noBody;
    if (body === undefined) return tooLarge();
    const request = new SandboxRequest(head.method, head.url, head.headers, body);
    // Checks and handlers answer at once when they have nothing to wait for; only a promise is awaited.
    const checking = contract.checkRequest(operation, request, pathParameters);
    const problems = checking instanceof Promise ? await checking : checking;
    const { principal } = authenticated as { principal: Principal };
    const handled = problems.length > 0 ? module.rejectInvalid(problems, operation) : plan.handler(request, { ...this.context(pathParameters), operation, principal });
    const response = handled instanceof Promise ? await handled : handled;
    return { response: this.checked(operation, call.method, response), bodyRead: true };
  }

  private context(pathParameters: Record<string, string>) {
    const { state, contract, publicUrl } = this.options;
    return { pathParameters, state, contract, publicUrl };
  }

  /** The response, or a 500 and a recorded violation when the description does not document it. */
  private checked(operation: Operation, method: string, response: SandboxResponse): SandboxResponse {
    const { module, contract, onViolation, log } = this.options;
    const problems = contract.checkResponse(operation, response);
    if (problems.length === 0) return response;
    const violation = { api: module.apiName, operationId: operation.id, method, status: response.status, problems };
    onViolation(violation);
    log?.(`contract violation: ${module.apiName} ${operation.id} answered ${response.status}: ${problems.join("; ")}`);
    return { status: 500, headers: { "content-type": "application/json" }, body: { error: "sandbox_contract_violation", ...violation } };
  }
}
