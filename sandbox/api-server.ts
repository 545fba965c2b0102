// One API of the sandbox on `node:http`: find the operation in the description, authenticate,
// check the request against the description, run the API's handler, and check the answer
// against the description before it is sent. An answer the description does not document is
// never sent as if it were right: it becomes a 500 and a recorded contract violation.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { jsonResponse, SandboxRequest, type SandboxResponse } from "./http-types.js";
import type { ApiName } from "../generated/apis.js";
import type { ApiContract, Operation, RequestProblem } from "../src/registry/api-contract.js";
import type { SandboxState } from "./state.js";

export interface HandlerContext<Principal> {
  readonly principal: Principal;
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
  /** The caller of an operation that requires authentication, or the documented 401. */
  authenticate(request: SandboxRequest, operation: Operation, state: SandboxState): Promise<{ principal: Principal } | { response: SandboxResponse }>;
  /** A documented refusal that must come before the body is looked at (e.g. the Gini API's 406). */
  refuseBeforeValidation?(request: SandboxRequest, operation: Operation): SandboxResponse | undefined;
  /** The documented 4xx for a request that breaks the description. */
  rejectInvalid(problems: readonly RequestProblem[], operation: Operation): SandboxResponse;
  /** The answer, in the API's error format, to a path (404) or method (405) the description does not have; not an operation, so not checked. */
  noSuchOperation(status: 404 | 405): SandboxResponse;
  readonly handlers: Record<string, Handler<Principal>>;
}

export interface ContractViolation {
  readonly api: ApiName;
  readonly operationId: string;
  readonly method: string;
  readonly status: number;
  readonly problems: readonly string[];
}

export interface ApiServerOptions<Principal> {
  readonly module: ApiModule<Principal>;
  readonly contract: ApiContract;
  readonly state: SandboxState;
  readonly host: string;
  readonly port: number;
  readonly publicUrl?: string;
  readonly onViolation: (violation: ContractViolation) => void;
  readonly log: (line: string) => void;
}

// Enough for the Gini API's 10 MiB limit to be answered with its documented 413.
const maxBodyBytes = 10 * 1024 * 1024 + 1;

function readBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    incoming.on("end", () => resolve(Buffer.concat(chunks)));
    incoming.on("error", reject);
  });
}

function withoutBasePath(pathname: string, basePaths: readonly string[]) {
  const base = basePaths.find((path) => pathname === path || pathname.startsWith(`${path}/`));
  return base ? pathname.slice(base.length) || "/" : pathname;
}

function serialise(response: SandboxResponse) {
  return response.body === undefined ? undefined : JSON.stringify(response.body);
}

export async function startApiServer<Principal>(options: ApiServerOptions<Principal>): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const { module, contract, state, log } = options;
  const basePaths = contract.basePaths;
  let publicUrl = options.publicUrl ?? "";

  async function respond(request: SandboxRequest): Promise<SandboxResponse> {
    const route = contract.match(request.method, request.url.pathname);
    if (route.kind === "no-path") return module.noSuchOperation(404);
    if (route.kind === "no-method") {
      const refusal = module.noSuchOperation(405);
      return { ...refusal, headers: { ...refusal.headers, allow: route.allowed.join(", ") } };
    }
    const { operation, pathParameters } = route;
    const answer = await answerOperation(request, operation, pathParameters);
    const problems = contract.checkResponse(operation, answer);
    if (problems.length === 0) return answer;
    const violation = { api: module.apiName, operationId: operation.id, method: request.method, status: answer.status, problems };
    options.onViolation(violation);
    log(`contract violation: ${module.apiName} ${operation.id} answered ${answer.status}: ${problems.join("; ")}`);
    return jsonResponse(500, { error: "sandbox_contract_violation", ...violation });
  }

  async function answerOperation(request: SandboxRequest, operation: Operation, pathParameters: Record<string, string>) {
    const authenticated = await module.authenticate(request, operation, state);
    if ("response" in authenticated) return authenticated.response;
    const refusal = module.refuseBeforeValidation?.(request, operation);
    if (refusal) return refusal;
    const problems = await contract.checkRequest(operation, request, pathParameters);
    if (problems.length > 0) return module.rejectInvalid(problems, operation);
    const handler = module.handlers[operation.id];
    if (!handler) throw new Error(`${module.apiName}: no handler for ${operation.id}`);
    const answer = await handler(request, { principal: authenticated.principal, pathParameters, state, contract, publicUrl });
    if (request.method !== "GET") state.save();
    return answer;
  }

  const server = createServer(async (incoming, outgoing) => {
    let response: SandboxResponse;
    try {
      const url = new URL(incoming.url ?? "/", "http://sandbox");
      url.pathname = withoutBasePath(url.pathname, basePaths);
      response = await respond(new SandboxRequest(incoming.method ?? "GET", url, incoming.headers, await readBody(incoming)));
    } catch (error) {
      log(`${module.apiName}: internal error: ${(error as Error).message}`);
      response = jsonResponse(500, { error: "sandbox_internal_error" });
    }
    log(`${module.apiName} ${incoming.method} ${(incoming.url ?? "").split("?")[0]} → ${response.status}`);
    const body = serialise(response) ?? "";
    // Like the real servers (seed 003: `Content-Length: 0` on a 201), every answer but a 204 says its length.
    const length = response.status === 204 ? {} : { "content-length": String(Buffer.byteLength(body)) };
    outgoing.writeHead(response.status, { ...response.headers, ...length }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const url = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  publicUrl ||= url;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
