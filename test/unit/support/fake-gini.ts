// An in-process fake of the User Center and the Gini API with state (users, tokens, expiry,
// revocation), answering `Request`s as the real servers do. Unit tests inject `fake.fetch`; the
// benchmark serves `fake.handle` over HTTP.

import { uuidV4, webCryptoRandom } from "../../../src/flows/random.js";

export interface FakeGiniOptions {
  /** `expires_in` of every token, seconds (default 3599, as in seed 003). */
  expiresIn?: number;
  /** The clock the fake judges expiry by (default `Date.now`). */
  now?: () => number;
  /** Delay before each answer, ms, or a function that draws one per request (default 0: no timer at all). */
  latencyMs?: number | ((operation: Operation) => number);
}

/**
 * What a misbehaving server or network does instead of answering: never answer, send the
 * headers and then only part of the body, or close the connection (served over HTTP, see
 * `serve`; injected as `fetch`, `close` rejects like a reset connection).
 */
export type Fault = "hang" | "slowBody" | "close";

/** Thrown by `handle` for the `close` fault: `serve` destroys the socket without an answer. */
class ConnectionClosed extends Error {
  override name = "ConnectionClosed";
  readonly code = "ECONNRESET";
}

interface IssuedToken {
  kind: "client" | "user";
  email?: string;
  expiresAt: number;
}

export type Operation = "getClientToken" | "requestToken" | "createUser" | "updateUser" | "api";

interface RecordedRequest {
  readonly operation: Operation;
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

const clientId = "client-id";
const clientSecret = "client-secret";

export const fakeClient = { clientId, clientSecret } as const;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

function basicCredentials(headers: Headers): [string, string] | undefined {
  const match = /^basic (.+)$/i.exec(headers.get("Authorization") ?? "");
  if (!match?.[1]) return undefined;
  const decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)));
  const colon = decoded.indexOf(":");
  // RFC 6749 §2.3.1: the client ID and secret are form-urlencoded inside Basic.
  const decode = (value: string) => new URLSearchParams(`v=${value}`).get("v") ?? "";
  return [decode(decoded.slice(0, colon)), decode(decoded.slice(colon + 1))];
}

export function createFakeGini(options: FakeGiniOptions = {}) {
  const now = options.now ?? Date.now;
  const client = { id: clientId, secret: clientSecret };
  const users = new Map<string, { id: string; password: string }>();
  const tokens = new Map<string, IssuedToken>();
  const requests: RecordedRequest[] = [];
  let expiresIn = options.expiresIn ?? 3599;
  let tokenResponse: (token: string) => unknown = (token) => ({ access_token: token, token_type: "bearer", expires_in: expiresIn });
  const overrides = new Map<Operation, Array<() => Response>>();
  const faults = new Map<Operation, Fault[]>();

  const count = (operation: Operation) => requests.filter((request) => request.operation === operation).length;

  function bearer(headers: Headers, kind: IssuedToken["kind"]): IssuedToken | undefined {
    const token = /^bearer (.+)$/i.exec(headers.get("Authorization") ?? "")?.[1];
    const issued = token ? tokens.get(token) : undefined;
    if (!issued || issued.kind !== kind || now() >= issued.expiresAt) return undefined;
    if (issued.email && !users.has(issued.email)) return undefined;
    return issued;
  }

  function issue(kind: IssuedToken["kind"], email?: string): Response {
    const token = uuidV4(webCryptoRandom);
    tokens.set(token, { kind, ...(email && { email }), expiresAt: now() + expiresIn * 1000 });
    return json(200, tokenResponse(token));
  }

  const clientAuthenticated = (headers: Headers) => {
    const credentials = basicCredentials(headers);
    return credentials?.[0] === client.id && credentials[1] === client.secret;
  };
  const invalidClient = () => json(401, { error: "invalid_client" });
  const invalidToken = () => json(401, { error: "invalid_token" });

  function route(request: Request, body: string): [Operation, () => Response] | undefined {
    const url = new URL(request.url);
    const { method } = request;
    if (url.pathname === "/oauth/token") {
      const grant = url.searchParams.get("grant_type");
      const operation = method === "GET" ? "getClientToken" : "requestToken";
      return [
        operation,
        () => {
          if (!clientAuthenticated(request.headers)) return invalidClient();
          if (grant === "client_credentials") return issue("client");
          const form = new URLSearchParams(body);
          const user = users.get(form.get("username") ?? "");
          if (!user || user.password !== form.get("password")) return json(400, { error: "invalid_grant" });
          return issue("user", form.get("username") ?? "");
        },
      ];
    }
    if (url.pathname === "/api/users" && method === "POST") {
      return [
        "createUser",
        () => {
          if (!bearer(request.headers, "client")) return invalidToken();
          const { email, password } = JSON.parse(body) as { email: string; password: string };
          if (users.has(email)) return new Response(null, { status: 400 });
          const id = uuidV4(webCryptoRandom);
          users.set(email, { id, password });
          return new Response(null, { status: 201, headers: { Location: `${url.origin}/api/users/${id}` } });
        },
      ];
    }
    const userPath = /^\/api\/users\/([^/]+)$/.exec(url.pathname);
    if (userPath && method === "PUT") {
      return [
        "updateUser",
        () => {
          if (!bearer(request.headers, "client")) return invalidToken();
          const { oldEmail, email } = JSON.parse(body) as { oldEmail: string; email: string };
          const user = users.get(oldEmail);
          if (!user || user.id !== userPath[1]) return new Response(null, { status: 400 });
          users.delete(oldEmail);
          users.set(email, user);
          for (const token of tokens.values()) if (token.email === oldEmail) token.email = email;
          return new Response(null, { status: 204 });
        },
      ];
    }
    if (url.pathname.startsWith("/documents")) {
      return [
        "api",
        () => {
          const derived = clientAuthenticated(request.headers) && request.headers.get("X-User-Identifier");
          if (!derived && !bearer(request.headers, "user")) {
            return json(401, { message: "Unauthorized" }, { "WWW-Authenticate": 'Bearer realm="gini"' });
          }
          if (method === "GET") return json(200, { totalCount: 0, documents: [] });
          return new Response(null, { status: 204 });
        },
      ];
    }
    return undefined;
  }

  async function handle(request: Request): Promise<Response> {
    const body = await request.text();
    const routed = route(request, body);
    if (!routed) return json(404, { message: "Not Found" });
    const [operation, answer] = routed;
    requests.push({ operation, method: request.method, url: request.url, headers: new Headers(request.headers), body });
    const latency = typeof options.latencyMs === "function" ? options.latencyMs(operation) : options.latencyMs;
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
    const fault = faults.get(operation)?.shift();
    if (fault === "hang") return new Promise<Response>(() => undefined);
    if (fault === "close") throw new ConnectionClosed("connection closed by the fake");
    if (fault === "slowBody") {
      const firstChunk = new TextEncoder().encode('{"access_token":"');
      return new Response(new ReadableStream({ start: (controller) => controller.enqueue(firstChunk) }), { headers: { "Content-Type": "application/json" } });
    }
    return overrides.get(operation)?.shift()?.() ?? answer();
  }

  return {
    /** A `fetch` served by the fake, to inject into a flow. */
    fetch: (request: Request) => handle(request),
    handle,
    requests,
    count,
    users,
    /** Answers the next request of `operation` with `response` instead. */
    answerNext(operation: Operation, response: () => Response) {
      overrides.set(operation, [...(overrides.get(operation) ?? []), response]);
    },
    /** The next request of `operation` meets `fault` instead of an answer. */
    faultNext(operation: Operation, fault: Fault) {
      faults.set(operation, [...(faults.get(operation) ?? []), fault]);
    },
    /** Every token issued so far stops working (the server revoked them). */
    revokeTokens() {
      tokens.clear();
    },
    /** Deletes a user on the server, as `deleteUser` would. */
    deleteUser(email: string) {
      users.delete(email);
    },
    setExpiresIn(seconds: number) {
      expiresIn = seconds;
    },
    /** Replaces the body of token responses (for malformed-response tests). */
    setTokenResponse(make: (token: string) => unknown) {
      tokenResponse = make;
    },
    setClient(id: string, secret: string) {
      client.id = id;
      client.secret = secret;
    },
  };
}

export type FakeGini = ReturnType<typeof createFakeGini>;
