// Realistic defects of a staging server, one per middleware in front of the sandbox: each breaks
// an integration, so the contract suite must fail on it, naming one of `operations`.
import { clientBasicAuthorization } from "../../../src/flows/basic-authorization.js";
import type { ApiName } from "../../../src/contract/description.js";
import { fixtureCredentials, type Forward, type Middleware } from "./staging.js";
import { rewriteAnswer } from "./tolerated-changes.js";

export interface Defect {
  readonly name: string;
  readonly api: ApiName;
  /** A failing check must name one of these. */
  readonly operations: readonly string[];
  /** A fresh middleware: defects that remember what they saw keep it per server. */
  readonly middleware: () => Middleware;
}

const credentials = fixtureCredentials();
const clientBasic = clientBasicAuthorization(credentials.GINI_CLIENT_ID!, credentials.GINI_CLIENT_SECRET!);

const pathOf = (request: Request) => new URL(request.url).pathname;
const isPasswordGrant = (request: Request) => pathOf(request) === "/oauth/token" && request.method === "POST";
const userPath = /^\/api\/users\/([^/]+)$/;
const documentPath = /^\/documents\/([^/]+)$/;

/** Only requests of `api` that `matches` are changed by `change`; the rest pass through. */
function only(api: ApiName, matches: (request: Request) => boolean, change: (request: Request, forward: Forward) => Promise<Response>): Middleware {
  return (requestApi, request, forward) => (requestApi === api && matches(request) ? change(request, forward) : forward(request));
}

/** `request` with its form body changed by `edit`. */
async function withForm(request: Request, edit: (form: URLSearchParams) => void): Promise<Request> {
  const form = new URLSearchParams(await request.clone().text());
  edit(form);
  return new Request(request, { body: form.toString() });
}

async function withJson(request: Request, edit: (body: Record<string, unknown>) => Record<string, unknown>): Promise<Request> {
  const body = JSON.parse(await request.clone().text()) as Record<string, unknown>;
  return new Request(request, { body: JSON.stringify(edit(body)) });
}

function withHeader(request: Request, name: string, value: string | undefined): Request {
  const headers = new Headers(request.headers);
  if (value === undefined) headers.delete(name);
  else headers.set(name, value);
  return new Request(request, { headers });
}

/** The Basic pair of an `Authorization` value, when it is one. */
function basicPair(request: Request): [string, string] | undefined {
  const value = request.headers.get("authorization") ?? "";
  if (!/^basic /i.test(value)) return undefined;
  try {
    const decoded = atob(value.slice(6).trim());
    const colon = decoded.indexOf(":");
    return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  } catch {
    return undefined;
  }
}

/** The client's own ID with some secret: the defects below then skip the secret check, not the rest. */
const ownClientWithAnySecret = (request: Request) => basicPair(request)?.[0] === credentials.GINI_CLIENT_ID;

/** A DELETE that checks what a GET would (credentials, existence), then answers 204 without deleting. */
async function deleteNothing(request: Request, forward: Forward): Promise<Response> {
  const check = await forward(new Request(request.url, { method: "GET", headers: request.headers }));
  return check.ok ? new Response(null, { status: 204 }) : check;
}

/** A listDocuments whose `name` query parameter is validated (a whole number), then dropped. */
function dropValidQuery(name: string): (request: Request, forward: Forward) => Promise<Response> {
  return (request, forward) => {
    const url = new URL(request.url);
    if (/^\d+$/.test(url.searchParams.get(name) ?? "")) url.searchParams.delete(name);
    return forward(new Request(url, request));
  };
}

const json = (status: number, body: unknown, contentType = "application/json") => new Response(JSON.stringify(body), { status, headers: { "content-type": contentType } });
const forgedToken = () => json(200, { access_token: crypto.randomUUID(), token_type: "bearer", expires_in: 3600, scope: "read write" });

/** The User Center's users as the run signs them up and changes them: email → current password, and old ones. */
function accountMemory() {
  const byId = new Map<string, string>();
  const current = new Map<string, string>();
  const renamed = new Map<string, string>();
  const deleted = new Set<string>();
  /** email → the passwords it had before. */
  const previous = new Map<string, Set<string>>();
  const observe = async (request: Request, answer: Response) => {
    const path = pathOf(request);
    if (request.method === "POST" && path === "/api/users" && answer.status === 201) {
      const { email, password } = JSON.parse(await request.clone().text()) as { email: string; password: string };
      current.set(email, password);
      byId.set(answer.headers.get("location")!.split("/").pop()!, email);
    }
    const id = userPath.exec(path)?.[1];
    const email = id && byId.get(id);
    if (!email || answer.status !== 204) return;
    if (request.method === "DELETE") return void deleted.add(email);
    const body = JSON.parse(await request.clone().text()) as { email?: string; password?: string };
    if (body.password) {
      previous.set(email, new Set([...(previous.get(email) ?? []), current.get(email)!]));
      current.set(email, body.password);
    }
    if (body.email && body.email !== email) {
      current.set(body.email, current.get(email)!);
      previous.set(body.email, previous.get(email) ?? new Set());
      renamed.set(email, body.email);
      byId.set(id, body.email);
    }
  };
  return { current, previous, renamed, deleted, observe };
}

/** A User Center that remembers the accounts, and changes password grants with `grant`. */
function passwordGrants(grant: (request: Request, forward: Forward, memory: ReturnType<typeof accountMemory>) => Promise<Response>): () => Middleware {
  return () => {
    const memory = accountMemory();
    return async (api, request, forward) => {
      if (api !== "user-center") return forward(request);
      if (isPasswordGrant(request)) return grant(request, forward, memory);
      const answer = await forward(request.clone());
      await memory.observe(request, answer.clone());
      return answer;
    };
  };
}

const formField = async (request: Request, name: string) => new URLSearchParams(await request.clone().text()).get(name) ?? "";

/** Every answer of `api` to a request `matches` changed by `change`. */
const answers = (api: ApiName, matches: (request: Request) => boolean, change: (answer: Response, request: Request) => Promise<Response> | Response): (() => Middleware) => () =>
  only(api, matches, async (request, forward) => change(await forward(request), request));

const html = (answer: Response) => (answer.status >= 400 && answer.status < 500 ? new Response("<html><body><h1>Error</h1></body></html>", { status: answer.status, headers: { "content-type": "text/html" } }) : answer);

export const defects: readonly Defect[] = [
  // User Center: authentication
  {
    name: "password grant: a wrong password logs in",
    api: "user-center",
    operations: ["requestToken"],
    middleware: passwordGrants(async (request, forward, { current }) => forward(await withForm(request, (form) => current.has(form.get("username")!) && form.get("password") && form.set("password", current.get(form.get("username")!)!)))),
  },
  {
    name: "client credentials: a wrong client secret gets a token",
    api: "user-center",
    operations: ["getClientToken"],
    middleware: () => only("user-center", (request) => pathOf(request) === "/oauth/token" && request.method === "GET" && ownClientWithAnySecret(request), (request, forward) => forward(withHeader(request, "authorization", clientBasic))),
  },
  {
    name: "password grant: a wrong client secret is not checked",
    api: "user-center",
    operations: ["requestToken"],
    middleware: () => only("user-center", (request) => isPasswordGrant(request) && ownClientWithAnySecret(request), (request, forward) => forward(withHeader(request, "authorization", clientBasic))),
  },
  {
    name: "a deleted user can still log in",
    api: "user-center",
    operations: ["deleteUser"],
    middleware: passwordGrants(async (request, forward, { deleted }) => (deleted.has(await formField(request, "username")) ? forgedToken() : forward(request))),
  },
  {
    name: "after a password change the old password still logs in",
    api: "user-center",
    operations: ["updateUser", "changePasswordLegacy"],
    middleware: passwordGrants(async (request, forward, { current, previous, renamed, deleted }) => {
      const username = await formField(request, "username");
      const email = renamed.get(username) ?? username;
      const password = await formField(request, "password");
      if (deleted.has(email) || !previous.get(email)?.has(password)) return forward(request);
      return forward(
        await withForm(request, (form) => {
          form.set("username", email);
          form.set("password", current.get(email)!);
        }),
      );
    }),
  },
  {
    name: "DELETE /api/users/{id} answers 204 and deletes nothing",
    api: "user-center",
    operations: ["deleteUser"],
    middleware: () => only("user-center", (request) => request.method === "DELETE" && userPath.test(pathOf(request)), deleteNothing),
  },
  {
    name: "an email change answers 204 and is not applied",
    api: "user-center",
    operations: ["updateUser"],
    middleware: () => only("user-center", (request) => request.method === "PUT" && userPath.test(pathOf(request)), async (request, forward) => forward(await withJson(request, ({ email: _ignored, oldEmail: _old, ...rest }) => rest))),
  },
  {
    name: "updateUser does not check oldPassword: a wrong one answers 204 (and changes nothing)",
    api: "user-center",
    operations: ["updateUser"],
    middleware: () =>
      only("user-center", (request) => request.method === "PUT" && userPath.test(pathOf(request)), async (request, forward) => {
        const changesPassword = (await request.clone().text()).includes('"oldPassword"');
        const answer = await forward(request);
        return answer.status === 400 && changesPassword ? new Response(null, { status: 204 }) : answer;
      }),
  },
  {
    name: "a user's own token reads any user (no role check)",
    api: "user-center",
    operations: ["getUser"],
    middleware: () => {
      let clientToken = "";
      const userTokens = new Set<string>();
      return async (api, request, forward) => {
        if (api !== "user-center") return forward(request);
        if (pathOf(request) === "/oauth/token") {
          const answer = await forward(request);
          const token = answer.ok ? ((await answer.clone().json()) as { access_token?: string }).access_token : undefined;
          if (token && request.method === "GET") clientToken = token;
          if (token && request.method === "POST") userTokens.add(token);
          return answer;
        }
        const token = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
        const readsUser = request.method === "GET" && userPath.test(pathOf(request));
        return forward(readsUser && userTokens.has(token) && clientToken ? withHeader(request, "authorization", `Bearer ${clientToken}`) : request);
      };
    },
  },
  {
    name: "a deleted user's token is still accepted (the Gini API caches tokens it validated)",
    api: "gini-api",
    operations: ["deleteUser"],
    middleware: () => {
      const validated = new Set<string>();
      return only("gini-api", (request) => /^Bearer /.test(request.headers.get("authorization") ?? "") && request.method === "GET" && pathOf(request) === "/documents", async (request, forward) => {
        const token = request.headers.get("authorization")!;
        const answer = await forward(request);
        if (answer.ok) validated.add(token);
        // The user is gone from the store, so the cached token's user has no documents.
        return answer.status === 401 && validated.has(token) ? json(200, { totalCount: 0, documents: [] }, "application/vnd.gini.v1+json") : answer;
      });
    },
  },
  {
    name: "a client can delete another client's users (users are looked up by ID alone)",
    api: "user-center",
    operations: ["getUser", "deleteUser"],
    middleware: () => {
      let ownToken = "";
      return async (api, request, forward) => {
        if (api !== "user-center") return forward(request);
        if (pathOf(request) === "/oauth/token" && request.method === "GET") {
          const answer = await forward(request);
          if (answer.ok && basicPair(request)?.[0] === credentials.GINI_CLIENT_ID) ownToken = ((await answer.clone().json()) as { access_token?: string }).access_token ?? ownToken;
          return answer;
        }
        if (!userPath.test(pathOf(request)) || !ownToken) return forward(request);
        const answer = await forward(request.clone());
        // A user the caller's client does not manage is served anyway.
        return answer.status === 404 ? forward(withHeader(request, "authorization", `Bearer ${ownToken}`)) : answer;
      };
    },
  },
  // User Center: shapes and secrets
  { name: "getUser answers 201", api: "user-center", operations: ["getUser"], middleware: answers("user-center", (request) => request.method === "GET" && userPath.test(pathOf(request)), (answer) => new Response(answer.body, { status: answer.status === 200 ? 201 : answer.status, headers: answer.headers })) },
  {
    name: "createUser answers 201 without Location",
    api: "user-center",
    operations: ["createUser"],
    middleware: answers("user-center", (request) => request.method === "POST" && pathOf(request) === "/api/users", (answer) => rewriteAnswer(answer, (body) => body, (headers) => headers.delete("location"))),
  },
  {
    name: "token answers give expires_in as a string",
    api: "user-center",
    operations: ["getClientToken", "requestToken"],
    middleware: answers("user-center", (request) => pathOf(request) === "/oauth/token", (answer) => rewriteAnswer(answer, (body) => (answer.status === 200 ? { ...(body as object), expires_in: "3600" } : body))),
  },
  {
    name: "token errors without the OAuth error envelope",
    api: "user-center",
    operations: ["getClientToken", "requestToken"],
    middleware: answers("user-center", (request) => pathOf(request) === "/oauth/token", (answer) => (answer.status >= 400 ? json(answer.status, { message: "Unauthorized" }) : answer)),
  },
  {
    name: "token answers echo the client's Basic credentials in a header",
    api: "user-center",
    operations: ["getClientToken", "requestToken"],
    middleware: answers("user-center", (request) => pathOf(request) === "/oauth/token", (answer, request) => rewriteAnswer(answer, (body) => body, (headers) => headers.set("x-debug-authorization", request.headers.get("authorization") ?? ""))),
  },
  {
    name: "token answers carry the client secret",
    api: "user-center",
    operations: ["getClientToken", "requestToken"],
    middleware: answers("user-center", (request) => pathOf(request) === "/oauth/token", (answer) => rewriteAnswer(answer, (body) => (answer.status === 200 ? { ...(body as object), client_secret: credentials.GINI_CLIENT_SECRET } : body))),
  },
  // Gini API
  {
    name: "X-User-Identifier validated, then ignored: every derived user shares one space",
    api: "gini-api",
    operations: ["getDocument", "listDocuments"],
    middleware: () => only("gini-api", (request) => /^[\x21-\x7E]{1,256}$/.test(request.headers.get("x-user-identifier") ?? ""), (request, forward) => forward(withHeader(request, "x-user-identifier", "shared-space"))),
  },
  {
    name: "DELETE /documents/{id} answers 204 and deletes nothing",
    api: "gini-api",
    operations: ["deleteDocument"],
    middleware: () => only("gini-api", (request) => request.method === "DELETE" && documentPath.test(pathOf(request)), deleteNothing),
  },
  {
    name: "listDocuments accepts limit and does not apply it",
    api: "gini-api",
    operations: ["listDocuments"],
    middleware: () => only("gini-api", (request) => request.method === "GET" && pathOf(request) === "/documents", dropValidQuery("limit")),
  },
  {
    name: "listDocuments accepts offset and does not apply it",
    api: "gini-api",
    operations: ["listDocuments"],
    middleware: () => only("gini-api", (request) => request.method === "GET" && pathOf(request) === "/documents", dropValidQuery("offset")),
  },
  {
    name: "listDocuments counts the page, not all documents, in totalCount",
    api: "gini-api",
    operations: ["listDocuments"],
    middleware: answers("gini-api", (request) => request.method === "GET" && pathOf(request) === "/documents", (answer) => rewriteAnswer(answer, (body) => {
      const list = body as { documents?: unknown[] };
      return Array.isArray(list.documents) ? { ...list, totalCount: list.documents.length } : body;
    })),
  },
  { name: "4xx answers with HTML bodies", api: "gini-api", operations: ["getDocument", "listDocuments", "createDocument", "deleteDocument", "getExtractions", "getLayout", "getPages", "sendExtractionFeedback", "sendExtractionFeedbackBank"], middleware: answers("gini-api", () => true, html) },
  {
    name: "requests without credentials are served as the client's",
    api: "gini-api",
    operations: ["getDocument", "listDocuments", "createDocument", "deleteDocument", "getExtractions", "getLayout", "getPages", "sendExtractionFeedback", "sendExtractionFeedbackBank"],
    middleware: () => only("gini-api", (request) => !request.headers.has("authorization") && request.headers.has("x-user-identifier"), (request, forward) => forward(withHeader(request, "authorization", clientBasic))),
  },
  {
    name: "feedback bodies are not validated (a 400 for the body becomes 204)",
    api: "gini-api",
    operations: ["sendExtractionFeedback", "sendExtractionFeedbackBank"],
    middleware: answers("gini-api", (request) => request.method !== "GET" && /\/extractions\/feedback$|\/extractions$/.test(pathOf(request)), (answer) => (answer.status === 400 ? new Response(null, { status: 204 }) : answer)),
  },
  {
    name: "getDocument answers application/json instead of application/vnd.gini.v1+json",
    api: "gini-api",
    operations: ["getDocument"],
    middleware: answers("gini-api", (request) => request.method === "GET" && documentPath.test(pathOf(request)), (answer) => rewriteAnswer(answer, (body) => body, (headers) => answer.status === 200 && headers.set("content-type", "application/json"))),
  },
  {
    name: "createDocument answers 201 without Location",
    api: "gini-api",
    operations: ["createDocument"],
    middleware: answers("gini-api", (request) => request.method === "POST" && pathOf(request) === "/documents", (answer) => rewriteAnswer(answer, (body) => body, (headers) => headers.delete("location"))),
  },
  {
    name: "a user's token reads the documents of derived users (ownership not checked for bearer tokens)",
    api: "gini-api",
    operations: ["getDocument"],
    middleware: () => {
      let derivedIdentity = "";
      return only("gini-api", () => true, async (request, forward) => {
        derivedIdentity = request.headers.get("x-user-identifier") ?? derivedIdentity;
        const answer = await forward(request);
        const byBearer = /^Bearer /.test(request.headers.get("authorization") ?? "") && request.method === "GET" && documentPath.test(pathOf(request));
        if (!byBearer || answer.status !== 404 || !derivedIdentity) return answer;
        return forward(new Request(request, { headers: { Authorization: clientBasic, "X-User-Identifier": derivedIdentity, Accept: request.headers.get("accept") ?? "*/*" } }));
      });
    },
  },
  {
    name: "the document's name is not the uploaded filename",
    api: "gini-api",
    operations: ["getDocument"],
    middleware: answers("gini-api", (request) => request.method === "GET" && documentPath.test(pathOf(request)), (answer) => rewriteAnswer(answer, (body) => (answer.status === 200 ? { ...(body as object), name: "document.pdf" } : body))),
  },
  {
    name: "an unknown document answers 403 instead of 404",
    api: "gini-api",
    operations: ["getDocument", "deleteDocument"],
    middleware: answers("gini-api", (request) => documentPath.test(pathOf(request)), (answer) => (answer.status === 404 ? json(403, { message: "Forbidden" }) : answer)),
  },
  // Innodata
  {
    name: "login: a wrong password logs in",
    api: "innodata",
    operations: ["loginUser"],
    middleware: () => only("innodata", (request) => request.method === "POST" && pathOf(request).endsWith("/users/login"), async (request, forward) =>
      forward(await withJson(request, (body) => (body.username === credentials.INNODATA_EMAIL && typeof body.password === "string" && body.password !== "" ? { ...body, password: credentials.INNODATA_PASSWORD } : body)))),
  },
  {
    name: "login errors without the Innodata envelope",
    api: "innodata",
    operations: ["loginUser"],
    middleware: answers("innodata", (request) => pathOf(request).endsWith("/users/login"), (answer) => (answer.status >= 400 ? json(answer.status, { error: "bad credentials" }) : answer)),
  },
  {
    name: "the login answer echoes the password",
    api: "innodata",
    operations: ["loginUser"],
    middleware: answers("innodata", (request) => pathOf(request).endsWith("/users/login"), (answer) =>
      rewriteAnswer(answer, (body) => (answer.status === 200 ? { ...(body as object), response: { ...(body as { response: object }).response, password: credentials.INNODATA_PASSWORD } } : body))),
  },
  {
    name: "getCurrentUser takes any well-formed key",
    api: "innodata",
    operations: ["getCurrentUser"],
    middleware: () => {
      let key = "";
      return async (api, request, forward) => {
        if (api !== "innodata") return forward(request);
        if (pathOf(request).endsWith("/users/login")) {
          const answer = await forward(request);
          key = ((await answer.clone().json()) as { response?: { api_keys?: { live?: string } } }).response?.api_keys?.live ?? key;
          return answer;
        }
        // A key of the right form is looked up by its prefix only.
        const wellFormed = /^user-(live|test)-[0-9a-f-]{36}$/.test(basicPair(request)?.[0] ?? "");
        return forward(wellFormed && key ? withHeader(request, "authorization", `Basic ${btoa(`${key}:`)}`) : request);
      };
    },
  },
  {
    name: "getCurrentUser answers 200 with the user's email missing",
    api: "innodata",
    operations: ["getCurrentUser"],
    middleware: answers("innodata", (request) => pathOf(request).endsWith("/users/me"), (answer) =>
      rewriteAnswer(answer, (body) => (answer.status === 200 ? { ...(body as object), response: { ...(body as { response: Record<string, unknown> }).response, email: undefined } } : body))),
  },
  // Second reviewer's defects (not in the first pass)
  {
    name: "token answers without token_type",
    api: "user-center",
    operations: ["getClientToken", "requestToken"],
    middleware: answers("user-center", (request) => pathOf(request) === "/oauth/token", (answer) => rewriteAnswer(answer, (body) => (answer.status === 200 ? { ...(body as object), token_type: undefined } : body))),
  },
  {
    name: "token errors with the OAuth envelope but Content-Type text/plain",
    api: "user-center",
    operations: ["getClientToken", "requestToken"],
    middleware: answers("user-center", (request) => pathOf(request) === "/oauth/token", (answer) => rewriteAnswer(answer, (body) => body, (headers) => (answer.status >= 400 ? headers.set("content-type", "text/plain") : undefined))),
  },
  {
    name: "createUser answers 201 with a relative Location",
    api: "user-center",
    operations: ["createUser"],
    middleware: answers("user-center", (request) => request.method === "POST" && pathOf(request) === "/api/users", (answer) =>
      rewriteAnswer(answer, (body) => body, (headers) => { const location = headers.get("location"); if (location) headers.set("location", new URL(location).pathname.replace(/^\//, "")); })),
  },
  {
    name: "Gini API errors with the right body but Content-Type text/plain",
    api: "gini-api",
    operations: ["getDocument", "listDocuments", "createDocument", "deleteDocument", "getExtractions", "getLayout", "getPages", "sendExtractionFeedback", "sendExtractionFeedbackBank"],
    middleware: answers("gini-api", () => true, (answer) => rewriteAnswer(answer, (body) => body, (headers) => (answer.status >= 400 ? headers.set("content-type", "text/plain") : undefined))),
  },
  {
    name: "the login answer sets a cookie carrying the password",
    api: "innodata",
    operations: ["loginUser"],
    middleware: answers("innodata", (request) => pathOf(request).endsWith("/users/login"), (answer) =>
      rewriteAnswer(answer, (body) => body, (headers) => headers.set("set-cookie", `session=${encodeURIComponent(credentials.INNODATA_PASSWORD!)}; Path=/`))),
  },
  {
    name: "token errors echo the client secret inside the JSON message",
    api: "user-center",
    operations: ["getClientToken", "requestToken"],
    middleware: answers("user-center", (request) => pathOf(request) === "/oauth/token", (answer) =>
      rewriteAnswer(answer, (body) => (answer.status >= 400 ? { ...(body as object), error_description: `client ${credentials.GINI_CLIENT_ID}:${credentials.GINI_CLIENT_SECRET} rejected` } : body))),
  },
];
