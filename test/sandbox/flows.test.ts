// The flow layer against the stateful sandbox with a short token lifetime: expiry, re-login and
// user recreation happen over real HTTP against a server that remembers, not against examples.
import { describe, expect, it } from "vitest";
import { createAnonymousSession, createMemoryCredentialStore, type Fetch } from "../../src/index.js";
import { testClient, useSandbox } from "./support/sandbox.js";

const tokenTtlSeconds = 30;
const target = useSandbox({ tokenTtlSeconds });
let clockOffsetSeconds = 0;
const now = () => Date.now() + clockOffsetSeconds * 1000;
/** Moves the sandbox's clock and the flow's clock together. */
const advance = (seconds: number) => {
  clockOffsetSeconds += seconds;
  target.advance(seconds);
};

function session() {
  const sent: string[] = [];
  const fetch: Fetch = async (request) => {
    const url = new URL(request.url);
    sent.push(`${request.method} ${url.pathname}${url.searchParams.has("grant_type") ? `?grant_type=${url.searchParams.get("grant_type")}` : ""}`);
    return globalThis.fetch(request);
  };
  const store = createMemoryCredentialStore();
  const api = createAnonymousSession({
    clientId: testClient.id,
    clientSecret: testClient.secrets[0]!,
    emailDomain: "example.com",
    store,
    fetch,
    now,
    userCenterUrl: target.sandbox.urls.userCenter,
    giniApiUrl: target.sandbox.urls.giniApi,
  }).api;
  return { api, store, sent };
}

describe(`the anonymous session against the sandbox (tokens live ${tokenTtlSeconds} s)`, () => {
  it("signs up and logs in once, logs in again after expiry, and the user is the same one on the server", async () => {
    const { api, store, sent } = session();
    expect((await api.GET("/documents", {})).response.status).toBe(200);
    expect(sent).toEqual(["GET /oauth/token?grant_type=client_credentials", "POST /api/users", "POST /oauth/token?grant_type=password", "GET /documents"]);
    const user = await store.get();
    expect(target.sandbox.state.userById(user!.userId!)?.email).toBe(user!.email);

    sent.length = 0;
    advance(tokenTtlSeconds + 1);
    expect((await api.GET("/documents", {})).response.status).toBe(200);
    expect(sent).toEqual(["POST /oauth/token?grant_type=password", "GET /documents"]);
    expect((await store.get())?.userId).toBe(user!.userId);
  });

  it("creates a new user when the stored one was deleted on the server (invalid_grant on login)", async () => {
    const { api, store } = session();
    await api.GET("/documents", {});
    const first = await store.get();
    expect(target.sandbox.state.deleteUser(first!.userId!)).toBe(true);
    advance(tokenTtlSeconds + 1);
    expect((await api.GET("/documents", {})).response.status).toBe(200);
    const second = await store.get();
    expect(second?.userId).not.toBe(first?.userId);
    expect(target.sandbox.state.userById(second!.userId!)).toBeDefined();
  });

  it("logs in again after a 401 from the Gini API for a token the server revoked, and repeats the call once", async () => {
    const { api, store, sent } = session();
    await api.GET("/documents", {});
    const user = await store.get();
    // The account keeps its credentials; only its tokens are revoked.
    target.sandbox.state.revokeUserTokens(user!.userId!);
    sent.length = 0;
    expect((await api.GET("/documents", {})).response.status).toBe(200);
    expect(sent).toEqual(["GET /documents", "POST /oauth/token?grant_type=password", "GET /documents"]);
  });
});
