// `createSandbox()`: the stateful sandbox in the caller's process, with no port and no child
// process, in Node, browsers and workers. Its `fetch` answers requests to the APIs' own server
// URLs (the descriptions' `servers`, which the package's clients use by default) and to any
// configured `publicUrls`, through the same pipeline as the served sandbox; give it to any
// client of this package:
//
//   const sandbox = await createSandbox();
//   const session = createAnonymousSession({ ..., fetch: sandbox.fetch });
import { giniApiServers } from "../src/gini-api.js";
import { innodataServer } from "../src/innodata.js";
import { userCenterServer } from "../src/user-center.js";
import { ApiEndpoint, type ContractViolation, type IncomingCall } from "./api-server.js";
import { concatBytes, utf8Bytes } from "./bytes.js";
import { type ApiKey, originsOf, type PreparedSandbox } from "./prepare.js";
import { type SandboxStateFacade, stateFacade } from "./state/facade.js";

export interface InProcessSandbox {
  /** A WHATWG `fetch` that serves the three APIs; any other URL is a `TypeError`, as an unreachable host is. */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** The base URL of each API where the package's clients go by default; `fetch` answers every server URL of the descriptions. */
  readonly urls: Readonly<Record<ApiKey, string>>;
  /** The state, for tests: seed it, look at it, reset it (docs/sandbox.md). */
  readonly state: SandboxStateFacade;
  /** Every answer the sandbox refused to send because the description does not document it. */
  readonly violations: readonly ContractViolation[];
  close(): Promise<void>;
}

/** Reads a body stream up to `limit` bytes; past it, cancels the stream and answers `undefined`. */
async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(chunks);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
}

/**
 * A body without a stream: React Native's `Request` (whatwg-fetch) has no `body` property (a
 * standard one is `null` when there is no body) and holds the body in memory as text or bytes;
 * its `arrayBuffer()` gives text only where a `Blob` can convert it.
 */
async function readBuffered(request: Request, limit: number): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await request.arrayBuffer());
  } catch {
    bytes = utf8Bytes(await request.text());
  }
  return bytes.byteLength > limit ? undefined : bytes;
}

function headersOf(request: Request) {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

/** The in-process sandbox of prepared pieces; each entry (web.ts, index.ts) prepares them its way. */
export function inProcessSandbox(prepared: PreparedSandbox): InProcessSandbox {
  const { config, state, violations, apis, endpointOptions } = prepared;
  const routes = apis.map((api) => {
    const origins = new Set(originsOf(api.contract, config.publicUrls?.[api.key]));
    // `Location` headers and links name the origin a request came to, unless `publicUrls` fixes one.
    const endpoints = new Map<string, ApiEndpoint<unknown>>();
    const endpointFor = (origin: string) => {
      let endpoint = endpoints.get(origin);
      if (!endpoint) {
        endpoint = new ApiEndpoint({ ...endpointOptions(api), publicUrl: config.publicUrls?.[api.key] ?? origin });
        endpoints.set(origin, endpoint);
      }
      return endpoint;
    };
    return { key: api.key, origins, endpointFor };
  });
  let closed = false;

  async function sandboxFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const route = routes.find((candidate) => candidate.origins.has(url.origin));
    if (closed || !route) throw new TypeError(`fetch failed: the in-process sandbox has ${closed ? "been closed" : `no API at ${url.origin}`}`);
    const { body } = request;
    const readBody = body ? (limit: number) => readLimited(body, limit) : body === undefined && !["GET", "HEAD"].includes(request.method) ? (limit: number) => readBuffered(request, limit) : undefined;
    const call: IncomingCall = {
      method: request.method,
      target: `${url.pathname}${url.search}`,
      headers: headersOf(request),
      ...(readBody && { readBody }),
    };
    const answer = await route.endpointFor(url.origin).handle(call);
    // A body the pipeline never read is released (one it read, or stopped reading past the limit, is locked by that reader).
    if (body && !body.locked) await body.cancel();
    const answerBody = typeof answer.body === "string" ? answer.body : new Uint8Array(answer.body);
    return new Response(answer.status === 204 || answerBody === "" ? null : answerBody, { status: answer.status, headers: answer.headers });
  }

  return {
    fetch: sandboxFetch,
    urls: {
      userCenter: config.publicUrls?.userCenter ?? userCenterServer,
      giniApi: config.publicUrls?.giniApi ?? giniApiServers.pay,
      innodata: config.publicUrls?.innodata ?? innodataServer,
    },
    state: stateFacade(state),
    violations,
    close: async () => {
      closed = true;
      state.close();
    },
  };
}
