import { describe, expect, it } from "vitest";
import { createMemoryCredentialStore, type CredentialStore } from "../../src/flows/credential-store.js";
import { createDerivedUserClient } from "../../src/flows/derived-user.js";
import { createDerivedUserTokenIssuer, createDeviceSession } from "../../src/flows/derived-user-token.js";
import { createClock, giniApiUrl, userCenterUrl } from "./support/anonymous-setup.js";
import { createFakeGini, fakeClient } from "./support/fake-gini.js";

describe("derived user client (seed 001 flow 1)", () => {
  it("sends Basic client credentials and X-User-Identifier on every call", async () => {
    const fake = createFakeGini();
    const session = createDerivedUserClient({ ...fakeClient, userIdentifier: "user1", fetch: fake.fetch, giniApiUrl });
    const { data } = await session.api.GET("/documents", {});
    await session.api.GET("/documents", {});
    expect(data).toEqual({ totalCount: 0, documents: [] });
    expect(fake.requests.map((request) => [request.headers.get("Authorization"), request.headers.get("X-User-Identifier")])).toEqual([
      ["Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=", "user1"],
      ["Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=", "user1"],
    ]);
    expect(fake.requests[0]?.headers.get("Accept")).toBe("application/vnd.gini.v1+json");
  });

  it.each([
    ["a CR LF header injection", "user1\r\nX-Evil: 1"],
    ["a space", "user 1"],
    ["a non-ASCII character", "nutzer-ü"],
    ["an empty string", ""],
    ["257 characters", "u".repeat(257)],
  ])("rejects an identifier with %s before any request, naming the rule", (_, userIdentifier) => {
    let requests = 0;
    const create = () =>
      createDerivedUserClient({ ...fakeClient, userIdentifier, fetch: async () => new Response(String((requests += 1))) });
    expect(create).toThrow(
      expect.objectContaining({
        name: "AuthOptionError",
        operation: "createDerivedUserClient",
        field: "userIdentifier",
        rule: expect.stringContaining("printable ASCII"),
      }),
    );
    expect(requests).toBe(0);
  });

  it("accepts 256 printable ASCII characters", () => {
    expect(() => createDerivedUserClient({ ...fakeClient, userIdentifier: "~".repeat(256) })).not.toThrow();
  });
});

describe("tokens for untrusted devices (seed 001 flows 2 and 3)", () => {
  function backend(maxCachedUsers?: number) {
    const clock = createClock();
    const fake = createFakeGini({ now: clock.now });
    const stores = new Map<string, CredentialStore>();
    const storeFor = (userIdentifier: string) => {
      if (!stores.has(userIdentifier)) stores.set(userIdentifier, createMemoryCredentialStore());
      return stores.get(userIdentifier) as CredentialStore;
    };
    const issuer = createDerivedUserTokenIssuer({
      ...fakeClient,
      emailDomain: "example.com",
      storeFor,
      fetch: fake.fetch,
      now: clock.now,
      userCenterUrl,
      ...(maxCachedUsers && { maxCachedUsers }),
    });
    return { clock, fake, stores, issuer };
  }

  it("issues a token response per user identifier, one User Center user each, sharing one client token", async () => {
    const { fake, stores, issuer } = backend();
    const [a1, b, a2] = await Promise.all([issuer.issueToken("user-a"), issuer.issueToken("user-b"), issuer.issueToken("user-a")]);
    expect(a1).toEqual({ access_token: expect.any(String), token_type: "bearer", expires_in: 3599 });
    expect(a2).toEqual(a1);
    expect(b.access_token).not.toBe(a1.access_token);
    expect([fake.count("getClientToken"), fake.count("createUser"), fake.count("requestToken")]).toEqual([1, 2, 2]);
    expect([...stores.keys()]).toEqual(["user-a", "user-b"]);
  });

  it("forgets the tokens of the least recently used identifiers beyond maxCachedUsers, but not their users or stored tokens", async () => {
    const { fake, issuer, stores } = backend(2);
    for (const userIdentifier of ["user-a", "user-b", "user-a", "user-c", "user-a", "user-b"]) await issuer.issueToken(userIdentifier);
    // user-b was the least recently used when user-c came: it comes back to the token in its store.
    expect([fake.count("createUser"), fake.count("requestToken")]).toEqual([3, 3]);
    await stores.get("user-b")?.set({ ...(await stores.get("user-b")?.get())!, accessToken: undefined } as never);
    await issuer.issueToken("user-c");
    await issuer.issueToken("user-a");
    await issuer.issueToken("user-b");
    expect([fake.count("createUser"), fake.count("requestToken")]).toEqual([3, 4]);
  });

  it("session(userIdentifier) calls the API as that user, with the tokens it issues", async () => {
    const { fake, issuer } = backend();
    const { access_token } = await issuer.issueToken("user-a");
    const session = issuer.session("user-a");
    expect(session).toBe(issuer.session("user-a"));
    expect((await session.api.GET("/documents", {})).response.status).toBe(200);
    expect(await session.authorization()).toBe(`Bearer ${access_token}`);
    expect(fake.requests.at(-1)?.headers.get("Authorization")).toBe(`Bearer ${access_token}`);
    expect(fake.count("requestToken")).toBe(1);
  });

  it("counts expires_in down to the seconds the token has left", async () => {
    const { clock, issuer } = backend();
    await issuer.issueToken("user-a");
    clock.advance(1000);
    expect((await issuer.issueToken("user-a")).expires_in).toBe(2599);
  });

  it("rejects a maxCachedUsers that is not a whole number of one or more", () => {
    expect(() => createDerivedUserTokenIssuer({ ...fakeClient, emailDomain: "example.com", storeFor: () => createMemoryCredentialStore(), maxCachedUsers: 0 })).toThrow(
      expect.objectContaining({ name: "AuthOptionError", field: "maxCachedUsers" }),
    );
  });

  it("rejects a bad identifier before any request", async () => {
    const { fake, issuer } = backend();
    await expect(issuer.issueToken("user\na")).rejects.toMatchObject({ name: "AuthOptionError", field: "userIdentifier" });
    expect(fake.requests).toEqual([]);
  });

  it("the device session calls the API with the handed-over token, asks the backend again near expiry and after a 401", async () => {
    const { clock, fake, issuer } = backend();
    let asked = 0;
    const device = createDeviceSession({
      requestToken: async (request) => {
        asked += 1;
        // What the device receives: the issuer's answer, through JSON over the app's own API.
        return JSON.parse(JSON.stringify(await issuer.issueToken("user-a", request)));
      },
      fetch: fake.fetch,
      now: clock.now,
      giniApiUrl,
    });
    const results = await Promise.all([device.api.GET("/documents", {}), device.api.GET("/documents", {})]);
    expect(results.map(({ response }) => response.status)).toEqual([200, 200]);
    expect(asked).toBe(1);
    expect(fake.requests.filter((request) => request.operation === "api").every((request) => /^Bearer /.test(request.headers.get("Authorization") ?? ""))).toBe(
      true,
    );
    clock.advance(3599 - 59);
    await device.api.GET("/documents", {});
    expect(asked).toBe(2);
    fake.revokeTokens();
    expect((await device.api.GET("/documents", {})).response.status).toBe(200);
    expect(asked).toBe(3);
    expect(fake.count("requestToken")).toBe(3);
  });

  it("the device session bounds the wait for the backend by its timeout, and aborts the signal it handed over", async () => {
    let handed: AbortSignal | undefined;
    const device = createDeviceSession({
      requestToken: ({ signal }) => {
        handed = signal;
        return new Promise(() => undefined);
      },
      timeout: 50,
      giniApiUrl,
    });
    await expect(device.api.GET("/documents", {})).rejects.toMatchObject({ name: "AuthError", operation: "createDeviceSession.requestToken", code: "TIMEOUT" });
    expect(handed?.aborted).toBe(true);
  });

  it("the device session rejects a malformed token from the backend as a TokenResponseError", async () => {
    const device = createDeviceSession({ requestToken: async () => ({ access_token: "t", token_type: "bearer" }), giniApiUrl });
    await expect(device.api.GET("/documents", {})).rejects.toMatchObject({ name: "TokenResponseError", field: "expires_in" });
  });
});
