// Issue 10's fault table, one test per row: the fake User Center and Gini API served over real
// HTTP, misbehaving one request at a time, and the flow using Node's own fetch.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAnonymousSession } from "../../src/flows/anonymous-session.js";
import { createMemoryCredentialStore, type UserCredentials } from "../../src/flows/credential-store.js";
import { createFakeGini, type FakeGini, fakeClient } from "./support/fake-gini.js";
import { type Served, serve } from "./support/serve.js";

const servers: Served[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const stored: UserCredentials = { email: "kept@example.com", password: "secret-password-0123", userId: "c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e" };

/** A session whose user exists on the fake (or none, with `fresh`), against the fake over HTTP. */
async function faultySetup(options: { fresh?: boolean; timeout?: number; retries?: number } = {}) {
  const fake = createFakeGini();
  if (!options.fresh) fake.users.set(stored.email, { id: stored.userId ?? "", password: stored.password });
  const server = await serve(fake.handle);
  servers.push(server);
  const store = createMemoryCredentialStore(options.fresh ? undefined : stored);
  const session = createAnonymousSession({
    ...fakeClient,
    emailDomain: "example.com",
    store,
    userCenterUrl: server.url,
    giniApiUrl: server.url,
    ...(options.timeout && { timeout: options.timeout }),
    ...(options.retries !== undefined && { retries: options.retries }),
  });
  return { fake, server, store, session, listDocuments: () => session.api.GET("/documents", {}) };
}

const answer = (status: number, body: string | null, headers: Record<string, string> = {}) => () => new Response(body, { status, headers });

async function expectUserKept({ store, fake }: { store: { get(): Promise<UserCredentials | undefined> }; fake: FakeGini }) {
  expect(await store.get()).toMatchObject({ email: stored.email, password: stored.password });
  expect(fake.count("createUser")).toBe(0);
  expect([...fake.users.keys()]).toEqual([stored.email]);
}

describe("fault: login answers 401 without an invalid_grant body (a gateway or proxy)", () => {
  it.each([
    ["an empty body", answer(401, null)],
    ["an HTML body", answer(401, "<html><body><h1>401 Authorization Required</h1></body></html>", { "Content-Type": "text/html" })],
  ])("with %s: 5 calls, 5 typed errors, the stored user kept and no new user", async (_, unauthorized) => {
    const setup = await faultySetup();
    for (let call = 0; call < 5; call += 1) {
      setup.fake.answerNext("requestToken", unauthorized);
      await expect(setup.listDocuments()).rejects.toMatchObject({ name: "AuthResponseError", operation: "requestToken", status: 401, code: "ERROR_RESPONSE", oauthError: undefined });
    }
    await expectUserKept(setup);
    expect((await setup.listDocuments()).response.status).toBe(200);
  });

  it("a 500 at login is a typed error and keeps the user", async () => {
    const setup = await faultySetup({ retries: 0 });
    setup.fake.answerNext("requestToken", answer(500, "Internal Server Error"));
    await expect(setup.listDocuments()).rejects.toMatchObject({ name: "AuthResponseError", operation: "requestToken", status: 500, message: "requestToken: HTTP 500" });
    await expectUserKept(setup);
  });
});

describe("fault: the token endpoint answers a redirect", () => {
  it("307: no credential reaches the redirect target; a typed error names the operation and status", async () => {
    const received: Request[] = [];
    const target = await serve(async (request) => {
      received.push(request);
      return new Response("{}", { headers: { "Content-Type": "application/json" } });
    });
    servers.push(target);
    const setup = await faultySetup();
    setup.fake.answerNext("requestToken", answer(307, null, { Location: `${target.url}/oauth/token?grant_type=password` }));
    await expect(setup.listDocuments()).rejects.toMatchObject({
      name: "AuthResponseError",
      operation: "requestToken",
      status: 307,
      message: "requestToken: HTTP 307 (redirect not followed)",
    });
    expect(received).toEqual([]);
    await expectUserKept(setup);
  });

  it("a redirect of createUser (client bearer token, the new user's password) is not followed either", async () => {
    const received: Request[] = [];
    const target = await serve(async (request) => {
      received.push(request);
      return new Response(null, { status: 201 });
    });
    servers.push(target);
    const setup = await faultySetup({ fresh: true });
    setup.fake.answerNext("createUser", answer(308, null, { Location: `${target.url}/api/users` }));
    await expect(setup.listDocuments()).rejects.toMatchObject({ operation: "createUser", status: 308 });
    expect(received).toEqual([]);
    expect((await setup.store.get())?.unconfirmed).toBe(true);
  });
});

describe("fault: the User Center hangs", () => {
  it("10 callers waiting on a login that never answers all fail after the timeout, with ETIMEDOUT", async () => {
    const timeout = 300;
    const setup = await faultySetup({ timeout });
    setup.fake.faultNext("requestToken", "hang");
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => setup.listDocuments()));
    const elapsed = performance.now() - started;
    expect(results.map((result) => result.status)).toEqual(Array(10).fill("rejected"));
    for (const result of results) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        name: "RequestFailedError",
        operation: "requestToken",
        method: "POST",
        url: `${setup.server.url}/oauth/token`,
        networkCode: "ETIMEDOUT",
      });
    }
    // The bound is the timeout; the upper limit only guards against waiting for undici's own 300 s.
    expect(elapsed).toBeGreaterThanOrEqual(timeout - 5);
    expect(elapsed).toBeLessThan(20_000);
    expect(setup.fake.count("requestToken")).toBe(1);
    await expectUserKept(setup);
  });

  it("a body that never ends fails after the timeout too (the timeout covers headers and body)", async () => {
    const setup = await faultySetup({ timeout: 300 });
    setup.fake.faultNext("requestToken", "slowBody");
    await expect(setup.listDocuments()).rejects.toMatchObject({ name: "RequestFailedError", operation: "requestToken", networkCode: "ETIMEDOUT" });
    await expectUserKept(setup);
    expect((await setup.listDocuments()).response.status).toBe(200);
  });

  it("a caller's signal lets it stop waiting for a shared login without cancelling it for the others", async () => {
    const setup = await faultySetup();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handle = setup.fake.handle;
    const gated = await serve(async (request) => {
      if (request.url.includes("grant_type=password")) await held;
      return handle(request);
    });
    servers.push(gated);
    const session = createAnonymousSession({ ...fakeClient, emailDomain: "example.com", store: setup.store, userCenterUrl: gated.url, giniApiUrl: gated.url });
    const leaving = new AbortController();
    const staying = session.api.GET("/documents", {});
    const leaver = session.api.GET("/documents", { signal: leaving.signal });
    leaving.abort(new Error("the user navigated away"));
    await expect(leaver).rejects.toThrow("the user navigated away");
    release();
    expect((await staying).response.status).toBe(200);
    expect(setup.fake.count("requestToken")).toBe(1);
    expect(setup.fake.count("api")).toBe(1);
  });
});

describe("fault: the connection fails", () => {
  it("connection refused: the error names the operation, method, URL without query, and ECONNREFUSED", async () => {
    const closed = await serve(async () => new Response(null));
    await closed.close();
    const session = createAnonymousSession({ ...fakeClient, emailDomain: "example.com", store: createMemoryCredentialStore(stored), userCenterUrl: closed.url });
    const error = await session.api.GET("/documents", {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "RequestFailedError", operation: "requestToken", method: "POST", url: `${closed.url}/oauth/token`, networkCode: "ECONNREFUSED" });
    expect((error as Error).message).toBe(`requestToken: POST ${closed.url}/oauth/token failed: ECONNREFUSED`);
  });

  it("a server URL with user info is refused when the session is made, without echoing it", () => {
    const withUserInfo = "http://proxy-user:SECRET-proxy-password@127.0.0.1:4010";
    const make = () => createAnonymousSession({ ...fakeClient, emailDomain: "example.com", store: createMemoryCredentialStore(stored), userCenterUrl: withUserInfo });
    expect(make).toThrow(expect.objectContaining({ name: "AuthOptionError", field: "userCenterUrl", rule: expect.stringContaining("without user name, password") }));
    expect(String((() => { try { make(); } catch (error) { return error; } })())).not.toContain("SECRET");
  });

  it("a connection closed before any answer is retried (the flow's steps are safe to repeat)", async () => {
    const setup = await faultySetup({ fresh: true });
    setup.fake.faultNext("getClientToken", "close");
    setup.fake.faultNext("createUser", "close");
    setup.fake.faultNext("requestToken", "close");
    expect((await setup.listDocuments()).response.status).toBe(200);
    expect([setup.fake.count("getClientToken"), setup.fake.count("createUser"), setup.fake.count("requestToken")]).toEqual([2, 2, 2]);
    expect(setup.fake.users.size).toBe(1);
  });

  it("a connection closed on every try fails with the code once the retries are spent", async () => {
    const setup = await faultySetup();
    for (let attempt = 0; attempt < 3; attempt += 1) setup.fake.faultNext("requestToken", "close");
    await expect(setup.listDocuments()).rejects.toMatchObject({ name: "RequestFailedError", operation: "requestToken", networkCode: expect.stringMatching(/^(ECONNRESET|UND_ERR_SOCKET)$/) });
    expect(setup.fake.count("requestToken")).toBe(3);
    await expectUserKept(setup);
  });
});

describe("fault: the Gini API misbehaves", () => {
  it("an API GET whose connection is closed before any answer is retried", async () => {
    const setup = await faultySetup();
    await setup.listDocuments();
    setup.fake.faultNext("api", "close");
    expect((await setup.listDocuments()).response.status).toBe(200);
    expect(setup.fake.count("api")).toBe(3);
  });

  it("an API call that hangs is ended by the caller's signal, and the session goes on", async () => {
    const setup = await faultySetup();
    await setup.listDocuments();
    setup.fake.faultNext("api", "hang");
    await expect(setup.session.api.GET("/documents", { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect((await setup.listDocuments()).response.status).toBe(200);
    expect(setup.fake.count("requestToken")).toBe(1);
  });
});

describe("fault: 503 and 429 with Retry-After", () => {
  it("waits as long as Retry-After says, then retries the login and succeeds", async () => {
    const setup = await faultySetup();
    setup.fake.answerNext("requestToken", answer(503, null, { "Retry-After": "1" }));
    const started = performance.now();
    expect((await setup.listDocuments()).response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(setup.fake.count("requestToken")).toBe(2);
  });

  it("retries an idempotent API call answered 503 or 429, but never an API POST", async () => {
    const setup = await faultySetup();
    await setup.listDocuments();
    setup.fake.answerNext("api", answer(503, null));
    setup.fake.answerNext("api", answer(429, null, { "Retry-After": "0" }));
    expect((await setup.listDocuments()).response.status).toBe(200);
    expect(setup.fake.count("api")).toBe(4);
    setup.fake.answerNext("api", answer(503, null));
    const { response } = await setup.session.api.POST("/documents/{documentId}/extractions/feedback", {
      params: { path: { documentId: "626626a0-749f-11e2-bfd6-000000000000" } },
      headers: { "Content-Type": "application/vnd.gini.v1+json" },
      body: { extractions: { amountToPay: { value: "24.99:EUR" } } },
    });
    expect(response.status).toBe(503);
    expect(setup.fake.count("api")).toBe(5);
  });

  it("gives up after `retries` and returns the last 503 as the typed error", async () => {
    const setup = await faultySetup({ retries: 1 });
    await setup.listDocuments();
    setup.fake.answerNext("api", answer(503, null));
    setup.fake.answerNext("api", answer(503, null));
    expect((await setup.listDocuments()).response.status).toBe(503);
    expect(setup.fake.count("api")).toBe(3);
  });
});

describe("fault: a token endpoint answers 200 with a body that is not JSON", () => {
  it("is a TokenResponseError whose message, cause, JSON and the console never show the body", async () => {
    const logged: unknown[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args));
    const setup = await faultySetup();
    const body = "access_token=SECRET-token-in-a-form-body&token_type=bearer";
    setup.fake.answerNext("requestToken", answer(200, body, { "Content-Type": "application/json" }));
    const error = await setup.listDocuments().catch((caught: unknown) => caught);
    console.error(error);
    expect(error).toMatchObject({ name: "TokenResponseError", operation: "requestToken", field: "body" });
    expect((error as Error).cause).toBeUndefined();
    for (const text of [String(error), JSON.stringify(error), (error as Error).stack, JSON.stringify(logged)]) expect(text).not.toContain("SECRET-token");
    await expectUserKept(setup);
  });
});
