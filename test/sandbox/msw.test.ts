// `sandboxHandlers()` under MSW's `setupServer` in Node: the package's clients and flows, with no
// injected `fetch` and no `baseUrl`, reach the sandbox at the APIs' real and local server URLs,
// all with one state, and no request leaves the process (no socket is ever connected).
import { Socket } from "node:net";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sandboxHandlers } from "../../sandbox/msw.js";
import { createSandbox } from "../../sandbox/web.js";
import { createInnodataApiClient, createInnodataKeySession, createUserCenterClient } from "../../src/index.js";
import { clientBasicAuthorization } from "../../src/flows/basic-authorization.js";
import { expectScenario } from "./support/expect-scenario.js";
import { anonymousUploadAndList } from "./support/sandbox-scenario.js";

const sandbox = await createSandbox();
const server = setupServer(...sandboxHandlers(sandbox));
const connect = vi.spyOn(Socket.prototype, "connect");

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await sandbox.close();
  expect(sandbox.violations).toEqual([]);
});

describe("the sandbox under MSW in Node", () => {
  it("runs the anonymous flow, an upload and a listing with the package's session as it is", async () => {
    const result = await anonymousUploadAndList();
    expectScenario(result);
    expect(sandbox.state.userByEmail(result.userEmail!)).toBeDefined();
    expect(connect).not.toHaveBeenCalled();
  });

  it("answers at the local server URLs too, with the same state", async () => {
    const authorization = clientBasicAuthorization("sandbox-client", "sandbox-secret");
    const token = await createUserCenterClient().GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: authorization } });
    const local = createUserCenterClient({ baseUrl: "http://127.0.0.1:4010" });
    const created = await local.POST("/api/users", { headers: { Authorization: `Bearer ${token.data!.access_token}` }, body: { email: "local@example.com", password: "local-password" } });
    expect(created.response.status).toBe(201);
    expect(created.response.headers.get("Location")).toMatch(/^http:\/\/127\.0\.0\.1:4010\/api\/users\//);
    expect(sandbox.state.userByEmail("local@example.com")).toBeDefined();
    expect(connect).not.toHaveBeenCalled();
  });

  it("runs the Innodata keys flow at Innodata's versioned server URL", async () => {
    const innodata = createInnodataApiClient();
    await innodata.POST("/users", { body: { name: "Msw", email: "msw@innodata.example.com", password: "msw-password" } });
    const login = await innodata.POST("/users/login", { body: { authentication_method: "password", username: "msw@innodata.example.com", password: "msw-password" } as never });
    const liveKey = (login.data as { response: { api_keys: { live: string } } }).response.api_keys.live;
    const me = await createInnodataKeySession({ apiKey: liveKey }).api.GET("/users/me");
    expect(me.data).toMatchObject({ response: { email: "msw@innodata.example.com", activated: true } });
  });

  it("leaves other hosts to MSW (here: an unhandled request is an error)", async () => {
    await expect(fetch("https://example.com/")).rejects.toThrow();
  });

  it("checks a configuration when the handlers are made, naming the field and the rule", () => {
    expect(() => sandboxHandlers({ tokenTtlSeconds: 0 })).toThrow(expect.objectContaining({ name: "SandboxConfigError", field: "tokenTtlSeconds", rule: "minimum" }));
  });

  it("serves its own sandbox when given a configuration, at configured public URLs too", async () => {
    server.use(...sandboxHandlers({ publicUrls: { giniApi: "https://gini.proxy.example.com" } }));
    const response = await fetch("https://gini.proxy.example.com/documents", { headers: { Accept: "application/vnd.gini.v1+json" } });
    expect(response.status).toBe(401);
  });
});
