import { describe, expect, it } from "vitest";
import {
  createAnonymousSession,
  createDerivedUserClient,
  createDerivedUserTokenIssuer,
  createDeviceSession,
  createInnodataKeySession,
  createMemoryCredentialStore,
  type CredentialStore,
  type Fetch,
} from "../../src/index.js";
import { useApi } from "../support/mock.js";

// The three flows end to end, through the package's public API, against the Prism mocks.
// Prism keeps no state: it accepts any credentials and
// answers each operation with its example, so these tests check requests and their order, and
// force error answers with Prism's `Prefer` header where a path needs one.
const userCenter = useApi("user-center");
const giniApi = useApi("gini-api");
const innodata = useApi("innodata");

const client = { clientId: "client-id", clientSecret: "secret" };

/** A fetch that records "METHOD /path" of each request and lets a test add headers to chosen ones. */
function recordingFetch(addHeaders: (request: Request, index: number) => Record<string, string> = () => ({})) {
  const sent: string[] = [];
  const fetch: Fetch = async (original) => {
    // A copy, so that the flow's own request (which it may send again) keeps its headers.
    const request = new Request(original, { headers: { ...Object.fromEntries(original.headers), ...addHeaders(original, sent.length) } });
    const url = new URL(request.url);
    sent.push(`${request.method} ${url.pathname}${url.searchParams.has("grant_type") ? `?grant_type=${url.searchParams.get("grant_type")}` : ""}`);
    return globalThis.fetch(request);
  };
  return { sent, fetch };
}

const anonymous = (store: CredentialStore, fetch: Fetch, options: { emailDomain?: string; updateEmailDomain?: boolean } = {}) =>
  createAnonymousSession({
    ...client,
    emailDomain: "example.com",
    ...options,
    store,
    fetch,
    userCenterUrl: userCenter.url,
    giniApiUrl: giniApi.url,
  });

describe("flows against the mocks: anonymous session (seed 001 flow 4)", () => {
  it("creates a user, logs in and lists documents: 3 auth requests, then the call", async () => {
    const store = createMemoryCredentialStore();
    const { sent, fetch } = recordingFetch();
    const session = anonymous(store, fetch);
    const { data, response } = await session.api.GET("/documents", {});
    expect(response.status).toBe(200);
    expect(Array.isArray(data?.documents)).toBe(true);
    expect(sent).toEqual(["GET /oauth/token?grant_type=client_credentials", "POST /api/users", "POST /oauth/token?grant_type=password", "GET /documents"]);
    const user = await store.get();
    expect(user?.email).toMatch(/^[0-9a-f-]{36}@example\.com$/);
    expect(user?.userId).toMatch(/^[0-9a-f-]{36}$/);
    await session.api.GET("/documents", {});
    expect(sent.slice(4)).toEqual(["GET /documents"]);
  });

  it("replaces a stored user that the login rejects with invalid_grant", async () => {
    const rejected = { email: "gone@example.com", password: "supersecret" };
    const store = createMemoryCredentialStore(rejected);
    const { sent, fetch } = recordingFetch((request, index) =>
      index === 0 && request.url.includes("grant_type=password") ? { Prefer: "code=400, example=invalidGrant" } : ({} as Record<string, string>),
    );
    const { response } = await anonymous(store, fetch).api.GET("/documents", {});
    expect(response.status).toBe(200);
    expect(sent).toEqual([
      "POST /oauth/token?grant_type=password",
      "GET /oauth/token?grant_type=client_credentials",
      "POST /api/users",
      "POST /oauth/token?grant_type=password",
      "GET /documents",
    ]);
    expect((await store.get())?.email).not.toBe(rejected.email);
  });

  it("logs in again after a 401 from the API and repeats the call once", async () => {
    const store = createMemoryCredentialStore();
    let firstCall = true;
    const { sent, fetch } = recordingFetch((request): Record<string, string> => {
      if (!request.url.includes("/documents") || !firstCall) return {};
      firstCall = false;
      return { Prefer: "code=401" };
    });
    const { response } = await anonymous(store, fetch).api.GET("/documents", {});
    expect(response.status).toBe(200);
    expect(sent.filter((line) => line !== "GET /oauth/token?grant_type=client_credentials" && line !== "POST /api/users")).toEqual([
      "POST /oauth/token?grant_type=password",
      "GET /documents",
      "POST /oauth/token?grant_type=password",
      "GET /documents",
    ]);
  });

  it("with updateEmailDomain, moves a stored user to the configured domain with updateUser", async () => {
    const store = createMemoryCredentialStore();
    await anonymous(store, recordingFetch().fetch, { emailDomain: "old.example.com" }).api.GET("/documents", {});
    const created = await store.get();
    expect(created?.email).toMatch(/@old\.example\.com$/);
    const { sent, fetch } = recordingFetch();
    const { response } = await anonymous(store, fetch, { emailDomain: "example.com", updateEmailDomain: true }).api.GET("/documents", {});
    expect(response.status).toBe(200);
    expect(sent).toContain(`PUT /api/users/${created?.userId}`);
    expect((await store.get())?.email).toBe(created?.email.replace("@old.example.com", "@example.com"));
  });
});

describe("flows against the mocks: derived users (seed 001 flows 1 to 3)", () => {
  it("a trusted backend lists user1's documents with Basic and X-User-Identifier (seed 000)", async () => {
    const { sent, fetch } = recordingFetch();
    const { api } = createDerivedUserClient({ ...client, userIdentifier: "user1", fetch, giniApiUrl: giniApi.url });
    const { data, response } = await api.GET("/documents", {});
    expect(response.status).toBe(200);
    expect(Array.isArray(data?.documents)).toBe(true);
    expect(sent).toEqual(["GET /documents"]);
  });

  it("a backend issues a token for a user identifier, and the device calls the API with it", async () => {
    const issuer = createDerivedUserTokenIssuer({
      ...client,
      emailDomain: "example.com",
      storeFor: () => createMemoryCredentialStore(),
      userCenterUrl: userCenter.url,
    });
    const device = createDeviceSession({
      requestToken: async (request) => JSON.parse(JSON.stringify(await issuer.issueToken("user1", request))),
      giniApiUrl: giniApi.url,
    });
    const { response } = await device.api.GET("/documents", {});
    expect(response.status).toBe(200);
  });
});

describe("flows against the mocks: Innodata API key (seed 002)", () => {
  it("looks up the key's user with GET /users/me", async () => {
    const { api } = createInnodataKeySession({ apiKey: "user-live-632a5a63-d6d6-4246-91ca-d546632698d3", innodataUrl: `${innodata.url}/v1.1` });
    const { data, response } = await api.GET("/users/me", {});
    expect(response.status).toBe(200);
    expect([data?.response.api_keys.live, data?.response.api_keys.test]).toContain("user-live-632a5a63-d6d6-4246-91ca-d546632698d3");
    expect(data?.response.email).toBe("me@example.com");
  });

  it("passes the server's 401 through as the typed error envelope", async () => {
    const { api } = createInnodataKeySession({ apiKey: "user-test-29a846c5-f990-4fd1-b1c5-0a5f81f1b8a7", innodataUrl: `${innodata.url}/v1.1` });
    const { error, response } = await api.GET("/users/me", { headers: { Prefer: "code=401" } });
    expect(response.status).toBe(401);
    expect(error?.success).toBe(false);
  });
});
