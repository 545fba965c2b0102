import { describe, expect, it, vi } from "vitest";
import { type CredentialStore, createMemoryCredentialStore, type UserCredentials } from "../../src/flows/credential-store.js";
import { AuthResponseError, CredentialStoreError } from "../../src/flows/errors.js";
import { anonymousSetup } from "./support/anonymous-setup.js";

const operations = (fake: { requests: { operation: string }[] }) => fake.requests.map((request) => request.operation);

describe("anonymous session: the first call", () => {
  it("gets a client token, creates a user, logs in, then calls the API with the user's bearer token", async () => {
    const { fake, store, listDocuments, session } = anonymousSetup();
    const { data, response } = await listDocuments();
    expect(response.status).toBe(200);
    expect(data).toEqual({ totalCount: 0, documents: [] });
    expect(operations(fake)).toEqual(["getClientToken", "createUser", "requestToken", "api"]);

    const [clientToken, createUser, login, apiCall] = fake.requests;
    expect(clientToken?.method).toBe("GET");
    expect(clientToken?.url).toBe("https://user.gini.test/oauth/token?grant_type=client_credentials");
    expect(createUser?.headers.get("Authorization")).toMatch(/^Bearer [0-9a-f-]{36}$/);
    expect(login?.url).toBe("https://user.gini.test/oauth/token?grant_type=password");
    expect(login?.headers.get("Content-Type")).toBe("application/x-www-form-urlencoded");
    expect(apiCall?.headers.get("Accept")).toBe("application/vnd.gini.v1+json");

    const user = await store.get();
    expect(user?.email).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@example\.com$/);
    expect(user?.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(user?.userId).toBe(fake.users.get(user?.email ?? "")?.id);
    expect(JSON.parse(createUser?.body ?? "")).toEqual({ email: user?.email, password: user?.password });
    expect(Object.fromEntries(new URLSearchParams(login?.body))).toEqual({ username: user?.email, password: user?.password });
    expect(apiCall?.headers.get("Authorization")).toBe(await session.authorization());
    expect(user?.unconfirmed).toBeUndefined();
    expect(user?.accessToken?.value).toBe(apiCall?.headers.get("Authorization")?.slice("Bearer ".length));
  });

  it("draws a different email and password for every new user", async () => {
    const first = anonymousSetup();
    const second = anonymousSetup();
    await first.listDocuments();
    await second.listDocuments();
    const [a, b] = [await first.store.get(), await second.store.get()];
    expect(a?.email).not.toBe(b?.email);
    expect(a?.password).not.toBe(b?.password);
  });

  it("saves the new user in the store, marked unconfirmed, before it sends createUser", async () => {
    let storedWhenCreating: unknown;
    const { listDocuments, store } = anonymousSetup({
      fetch: (fake) => async (request) => {
        if (request.url.endsWith("/api/users")) storedWhenCreating = await store.get();
        return fake.fetch(request);
      },
    });
    await listDocuments();
    expect(storedWhenCreating).toMatchObject({ email: expect.stringMatching(/@example\.com$/), unconfirmed: true });
  });

  it("after a crash during createUser that the server never saw, creates the saved user on the next call", async () => {
    let failCreate = true;
    const { listDocuments, store, fake } = anonymousSetup({
      fetch: (fake) => async (request) => {
        if (failCreate && request.url.endsWith("/api/users")) throw new TypeError("fetch failed");
        return fake.fetch(request);
      },
    });
    await expect(listDocuments()).rejects.toMatchObject({ name: "RequestFailedError", operation: "createUser", cause: new TypeError("fetch failed") });
    const saved = await store.get();
    expect(saved?.unconfirmed).toBe(true);
    failCreate = false;
    expect((await listDocuments()).response.status).toBe(200);
    expect([...fake.users.keys()]).toEqual([saved?.email]);
    expect(await store.get()).toMatchObject({ email: saved?.email, password: saved?.password, userId: fake.users.get(saved?.email ?? "")?.id });
    expect((await store.get())?.unconfirmed).toBeUndefined();
  });

  it("after a crash during createUser that the server did see, logs in as that user and creates no other", async () => {
    let loseAnswer = true;
    const { listDocuments, store, fake } = anonymousSetup({
      fetch: (fake) => async (request) => {
        const response = await fake.fetch(request);
        if (loseAnswer && request.url.endsWith("/api/users")) throw new TypeError("connection reset");
        return response;
      },
    });
    await expect(listDocuments()).rejects.toMatchObject({ operation: "createUser", cause: new TypeError("connection reset") });
    const saved = await store.get();
    expect(saved?.unconfirmed).toBe(true);
    loseAnswer = false;
    expect((await listDocuments()).response.status).toBe(200);
    expect(fake.users.size).toBe(1);
    // Sent again with the same credentials: 400 (exists), then the login.
    expect(fake.count("createUser")).toBe(2);
    expect((await store.get())?.email).toBe(saved?.email);
  });

  it("treats 400 from createUser (the email exists: a repeated request) as created and logs in", async () => {
    const { listDocuments, fake } = anonymousSetup({
      // The first attempt reached the server; the answer seen is that of a repeat.
      fetch: (fake) => async (request) => (request.url.endsWith("/api/users") ? (await fake.fetch(request.clone()), fake.fetch(request)) : fake.fetch(request)),
    });
    expect((await listDocuments()).response.status).toBe(200);
    expect(fake.users.size).toBe(1);
  });
});

describe("anonymous session: single flight and parallel calls", () => {
  it("100 concurrent first calls create one user, fetch one client token and log in once", async () => {
    const { listDocuments, fake } = anonymousSetup();
    const results = await Promise.all(Array.from({ length: 100 }, () => listDocuments()));
    expect(results.every(({ response }) => response.status === 200)).toBe(true);
    expect([fake.count("getClientToken"), fake.count("createUser"), fake.count("requestToken"), fake.count("api")]).toEqual([1, 1, 1, 100]);
    expect(fake.users.size).toBe(1);
  });

  it("a warm call sends no auth request", async () => {
    const { listDocuments, fake } = anonymousSetup();
    await listDocuments();
    const before = fake.requests.length;
    await listDocuments();
    expect(operations(fake).slice(before)).toEqual(["api"]);
  });

  it("runs warm API calls in parallel: all 100 are on the wire at once", async () => {
    let inFlight = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let gated = false;
    const { listDocuments } = anonymousSetup({
      fetch: (fake) => async (request) => {
        if (!gated || !request.url.includes("/documents")) return fake.fetch(request);
        inFlight += 1;
        await gate;
        return fake.fetch(request);
      },
    });
    await listDocuments();
    gated = true;
    const calls = Promise.all(Array.from({ length: 100 }, () => listDocuments()));
    for (let turn = 0; turn < 50 && inFlight < 100; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    const concurrent = inFlight;
    release();
    await calls;
    expect(concurrent).toBe(100);
  });
});

describe("anonymous session: expiry", () => {
  it.each([
    ["the default margin, 60 s", 3599, {}, 3599 - 60],
    ["half a short token's lifetime (15 s of 30 s)", 30, {}, 15],
    ["a configured margin, 600 s", 3599, { refreshMargin: 600 }, 3599 - 600],
  ])("logs in again ahead of expiry at %s before it, not earlier, and without a 401", async (_, expiresIn, options, refreshAfter) => {
    const { listDocuments, fake, clock } = anonymousSetup({ options });
    fake.setExpiresIn(expiresIn);
    await listDocuments();
    clock.advance(refreshAfter - 1);
    await listDocuments();
    expect(fake.count("requestToken")).toBe(1);
    clock.advance(2);
    await listDocuments();
    expect([fake.count("requestToken"), fake.count("api"), fake.count("createUser")]).toEqual([2, 3, 1]);
  });

  it("reads the time from Date.now by default, so vitest's fake timers drive expiry", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-01-01T00:00:00Z") });
    try {
      const { listDocuments, fake } = anonymousSetup({ options: { now: undefined } });
      await listDocuments();
      vi.advanceTimersByTime((3599 - 61) * 1000);
      await listDocuments();
      expect(fake.count("requestToken")).toBe(1);
      vi.advanceTimersByTime(2000);
      await listDocuments();
      expect(fake.count("requestToken")).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps working over a long session: a day of calls every 10 minutes, no 401, one login per token lifetime", async () => {
    const { listDocuments, fake, clock } = anonymousSetup();
    for (let minute = 0; minute < 24 * 60; minute += 10) {
      expect((await listDocuments()).response.status).toBe(200);
      clock.advance(600);
    }
    expect(fake.count("createUser")).toBe(1);
    // A token lives 3599 s and is replaced after 3539 s: 6 calls per token, 144 calls.
    expect(fake.count("requestToken")).toBe(24);
    expect(fake.count("getClientToken")).toBe(1);
  });
});

describe("anonymous session: 401 from the API", () => {
  it("logs in again and repeats the request once, with its body", async () => {
    const { session, fake } = anonymousSetup();
    await session.api.GET("/documents", {});
    fake.revokeTokens();
    const body = { extractions: { amountToPay: { value: "24.99:EUR" } } };
    const { response } = await session.api.POST("/documents/{documentId}/extractions/feedback", {
      params: { path: { documentId: "626626a0-749f-11e2-bfd6-000000000000" } },
      headers: { "Content-Type": "application/vnd.gini.v1+json" },
      body,
    });
    expect(response.status).toBe(204);
    const feedback = fake.requests.filter((request) => request.method === "POST" && request.url.includes("/feedback"));
    expect(feedback.map((request) => JSON.parse(request.body))).toEqual([body, body]);
    expect(feedback[0]?.headers.get("Authorization")).not.toBe(feedback[1]?.headers.get("Authorization"));
    expect(fake.count("requestToken")).toBe(2);
    expect(fake.count("createUser")).toBe(1);
  });

  it("100 concurrent calls after a revocation log in once and all succeed", async () => {
    const { listDocuments, fake } = anonymousSetup();
    await listDocuments();
    fake.revokeTokens();
    const results = await Promise.all(Array.from({ length: 100 }, () => listDocuments()));
    expect(results.filter(({ response }) => response.status !== 200)).toEqual([]);
    expect(fake.count("requestToken")).toBe(2);
  });

  it("returns a second 401 as the typed error instead of looping", async () => {
    const { listDocuments, fake } = anonymousSetup();
    await listDocuments();
    const unauthorized = () => new Response(JSON.stringify({ message: "Unauthorized" }), { status: 401, headers: { "Content-Type": "application/json" } });
    fake.answerNext("api", unauthorized);
    fake.answerNext("api", unauthorized);
    const { error, response } = await listDocuments();
    expect(response.status).toBe(401);
    expect(error).toEqual({ message: "Unauthorized" });
    expect(fake.count("api")).toBe(3);
    expect(fake.count("requestToken")).toBe(2);
  });

  it("leaves other error statuses alone", async () => {
    const { listDocuments, fake } = anonymousSetup();
    fake.answerNext("api", () => new Response(null, { status: 500 }));
    expect((await listDocuments()).response.status).toBe(500);
    expect(fake.count("api")).toBe(1);
    expect(fake.count("requestToken")).toBe(1);
  });
});

describe("anonymous session: rejected credentials (Gini SDK behaviour, seed 001)", () => {
  it("deletes a stored user the login rejects with 400 invalid_grant, creates a new one and logs in once more", async () => {
    const { listDocuments, fake, store } = anonymousSetup();
    await listDocuments();
    const old = await store.get();
    fake.deleteUser(old?.email ?? "");
    const { response } = await listDocuments();
    expect(response.status).toBe(200);
    const current = await store.get();
    expect(current?.email).not.toBe(old?.email);
    expect(fake.users.has(current?.email ?? "")).toBe(true);
    expect(fake.count("createUser")).toBe(2);
    // The client token is still fresh: creating the second user needs no new one.
    expect(fake.count("getClientToken")).toBe(1);
  });

  it("treats a 401 carrying an invalid_grant body like a 400 invalid_grant", async () => {
    const store = createMemoryCredentialStore({ email: "gone@example.com", password: "secret-password" });
    const { listDocuments, fake } = anonymousSetup({ store });
    fake.answerNext("requestToken", () => new Response(JSON.stringify({ error: "invalid_grant" }), { status: 401 }));
    expect((await listDocuments()).response.status).toBe(200);
    expect((await store.get())?.email).not.toBe("gone@example.com");
  });

  it.each([
    ["a 401 with another OAuth error", () => new Response(JSON.stringify({ error: "unauthorized_client" }), { status: 401 })],
    ["a 400 with another OAuth error", () => new Response(JSON.stringify({ error: "invalid_request" }), { status: 400 })],
    ["a 403", () => new Response(JSON.stringify({ error: "invalid_grant" }), { status: 403 })],
  ])("keeps the stored user after %s at login: only invalid_grant says its credentials are bad", async (_, answer) => {
    const stored = { email: "kept@example.com", password: "secret-password" };
    const store = createMemoryCredentialStore(stored);
    const { listDocuments, fake } = anonymousSetup({ store });
    fake.answerNext("requestToken", answer);
    await expect(listDocuments()).rejects.toMatchObject({ name: "AuthResponseError", operation: "requestToken" });
    expect(await store.get()).toEqual(stored);
    expect(fake.count("createUser")).toBe(0);
  });

  it("keeps the stored user when the client credentials are wrong (401 invalid_client)", async () => {
    const stored = { email: "kept@example.com", password: "secret-password" };
    const store = createMemoryCredentialStore(stored);
    const { listDocuments, fake } = anonymousSetup({ store });
    fake.setClient("other-client", "other-secret");
    await expect(listDocuments()).rejects.toMatchObject({ name: "AuthResponseError", operation: "requestToken", status: 401, oauthError: "invalid_client" });
    expect(await store.get()).toEqual(stored);
    expect(fake.count("createUser")).toBe(0);
  });

  it("gives up after one new user: a rejected login of the replacement is an error, not a loop", async () => {
    const store = createMemoryCredentialStore({ email: "gone@example.com", password: "secret-password" });
    const { listDocuments, fake } = anonymousSetup({ store });
    const invalidGrant = () => new Response(JSON.stringify({ error: "invalid_grant" }), { status: 400 });
    fake.answerNext("requestToken", invalidGrant);
    fake.answerNext("requestToken", invalidGrant);
    await expect(listDocuments()).rejects.toMatchObject({ operation: "requestToken", status: 400, oauthError: "invalid_grant" });
    expect([fake.count("createUser"), fake.count("requestToken"), fake.count("api")]).toEqual([1, 2, 0]);
  });

  it("does not replace a user it has just created when its first login is rejected", async () => {
    const { listDocuments, fake } = anonymousSetup();
    fake.answerNext("requestToken", () => new Response(JSON.stringify({ error: "invalid_grant" }), { status: 400 }));
    await expect(listDocuments()).rejects.toBeInstanceOf(AuthResponseError);
    expect([fake.count("createUser"), fake.count("requestToken")]).toEqual([1, 1]);
  });

  it("fetches a new client token once when createUser answers 401", async () => {
    const { listDocuments, fake, store } = anonymousSetup();
    await listDocuments();
    fake.deleteUser((await store.get())?.email ?? "");
    fake.revokeTokens();
    expect((await listDocuments()).response.status).toBe(200);
    expect([fake.count("getClientToken"), fake.count("createUser")]).toEqual([2, 3]);
  });
});

describe("anonymous session: failures leave nothing half-written", () => {
  it("a failed login caches nothing: the next call logs in afresh", async () => {
    const { listDocuments, fake } = anonymousSetup();
    fake.answerNext("requestToken", () => new Response("oops", { status: 500 }));
    await expect(listDocuments()).rejects.toMatchObject({ name: "AuthResponseError", operation: "requestToken", status: 500 });
    expect(fake.count("api")).toBe(0);
    expect((await listDocuments()).response.status).toBe(200);
    expect([fake.count("createUser"), fake.count("requestToken")]).toEqual([1, 2]);
  });

  it("a failed client token request is an AuthResponseError, and the next call tries again", async () => {
    const { listDocuments, fake } = anonymousSetup();
    fake.answerNext("getClientToken", () => new Response(JSON.stringify({ error: "invalid_client" }), { status: 401 }));
    await expect(listDocuments()).rejects.toMatchObject({ operation: "getClientToken", status: 401, oauthError: "invalid_client" });
    expect((await listDocuments()).response.status).toBe(200);
  });

  it("a createUser answer other than 201 or 400 is an AuthResponseError", async () => {
    const { listDocuments, fake } = anonymousSetup();
    fake.answerNext("createUser", () => new Response(null, { status: 500 }));
    await expect(listDocuments()).rejects.toMatchObject({ operation: "createUser", status: 500 });
    expect(fake.count("requestToken")).toBe(0);
  });

  const failing = (method: keyof CredentialStore): CredentialStore => {
    const store = createMemoryCredentialStore({ email: "gone@example.com", password: "secret-password" });
    store[method] = async () => {
      throw new Error("disk full");
    };
    return store;
  };

  it("a store that cannot be read fails the call with CredentialStoreError before any request", async () => {
    const { listDocuments, fake } = anonymousSetup({ store: failing("get") });
    const error = await listDocuments().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialStoreError);
    expect(error).toMatchObject({ operation: "credentialStore.get", cause: new Error("disk full") });
    expect(fake.requests).toEqual([]);
  });

  it("a store that cannot save a new user fails before createUser is sent", async () => {
    const store = failing("set");
    const { listDocuments, fake } = anonymousSetup({ store: { ...store, get: async () => undefined } });
    await expect(listDocuments()).rejects.toMatchObject({ name: "CredentialStoreError", operation: "credentialStore.set" });
    expect(fake.count("createUser")).toBe(0);
  });

  it("a store whose lock fails fails the call with CredentialStoreError before any request", async () => {
    const { listDocuments, fake } = anonymousSetup({ store: failing("lock") });
    await expect(listDocuments()).rejects.toMatchObject({ name: "CredentialStoreError", operation: "credentialStore.lock", cause: new Error("disk full") });
    expect(fake.requests).toEqual([]);
  });
});

describe("anonymous session: email domain change (optional, seed 003 updateUser)", () => {
  async function userAtOldDomain(updateEmailDomain: boolean, withUserId = true) {
    const first = anonymousSetup({ options: { emailDomain: "old.example.com" } });
    await first.listDocuments();
    // The user as another installation would have it: no token yet.
    const { userId, accessToken, ...withoutId } = (await first.store.get()) ?? { email: "", password: "" };
    const stored: UserCredentials = withUserId ? { ...withoutId, ...(userId && { userId }) } : withoutId;
    const store = createMemoryCredentialStore(stored);
    // The same server (users, tokens) seen by a session configured with the new domain.
    const second = anonymousSetup({ store, fetch: () => first.fake.fetch, options: { emailDomain: "new.example.com", updateEmailDomain } });
    return { fake: first.fake, stored, store, second };
  }

  it("by default keeps logging in with the old email, as Gini's current SDKs do", async () => {
    const { fake, stored, store, second } = await userAtOldDomain(false);
    expect((await second.listDocuments()).response.status).toBe(200);
    expect(await store.get()).toEqual({ ...stored, accessToken: expect.anything() });
    expect(fake.count("updateUser")).toBe(0);
  });

  it("with updateEmailDomain, moves the user to the new domain with oldEmail and keeps the user", async () => {
    const { fake, stored, store, second } = await userAtOldDomain(true);
    expect((await second.listDocuments()).response.status).toBe(200);
    const moved = await store.get();
    const localPart = stored?.email.split("@")[0];
    expect(moved).toEqual({ ...stored, email: `${localPart}@new.example.com`, accessToken: expect.anything() });
    const update = fake.requests.find((request) => request.operation === "updateUser");
    expect(update?.url).toBe(`https://user.gini.test/api/users/${stored?.userId}`);
    expect(JSON.parse(update?.body ?? "")).toEqual({ oldEmail: stored?.email, email: moved?.email });
    expect([fake.users.size, fake.count("createUser")]).toEqual([1, 1]);
    second.clock.advance(3600);
    expect((await second.listDocuments()).response.status).toBe(200);
    expect(fake.count("updateUser")).toBe(1);
  });

  it("keeps the old email when updateUser fails, and tries again at the next login", async () => {
    const { fake, stored, store, second } = await userAtOldDomain(true);
    fake.answerNext("updateUser", () => new Response(null, { status: 500 }));
    expect((await second.listDocuments()).response.status).toBe(200);
    expect(await store.get()).toEqual({ ...stored, accessToken: expect.anything() });
    second.clock.advance(3600);
    await second.listDocuments();
    expect((await store.get())?.email).toMatch(/@new\.example\.com$/);
  });

  it("cannot move a user whose ID it never learnt, and keeps it", async () => {
    const { fake, store, second } = await userAtOldDomain(true, false);
    expect((await second.listDocuments()).response.status).toBe(200);
    expect((await store.get())?.email).toMatch(/@old\.example\.com$/);
    expect(fake.count("updateUser")).toBe(0);
  });
});

describe("anonymous session: options and token responses", () => {
  it.each([
    ["clientId", { clientId: "" }],
    ["clientSecret", { clientSecret: "" }],
    ["emailDomain", { emailDomain: "example" }],
    ["emailDomain", { emailDomain: "user@example.com" }],
    ["refreshMargin", { refreshMargin: -1 }],
    ["store", { store: { get: async () => undefined } as unknown as CredentialStore }],
  ])("rejects a bad %s when created, naming it and its rule", (field, options) => {
    expect(() => anonymousSetup({ options })).toThrow(expect.objectContaining({ name: "AuthOptionError", field, operation: "createAnonymousSession" }));
  });

  it.each([
    ["access_token", { token_type: "bearer", expires_in: 3599 }],
    ["access_token", { access_token: 42, token_type: "bearer", expires_in: 3599 }],
    ["token_type", { access_token: "t", token_type: "mac", expires_in: 3599 }],
    ["expires_in", { access_token: "t", token_type: "bearer", expires_in: "3599" }],
    ["expires_in", { access_token: "t", token_type: "bearer" }],
    ["body", "not an object"],
  ])("rejects a token response with a bad %s as a TokenResponseError", async (field, body) => {
    const { listDocuments, fake } = anonymousSetup();
    fake.setTokenResponse(() => body);
    await expect(listDocuments()).rejects.toMatchObject({ name: "TokenResponseError", operation: "getClientToken", field });
  });

  it("accepts token_type bearer in any case (RFC 6749 §7.1)", async () => {
    const { listDocuments, fake } = anonymousSetup();
    fake.setTokenResponse((token) => ({ access_token: token, token_type: "BEARER", expires_in: 3599 }));
    expect((await listDocuments()).response.status).toBe(200);
  });

  it("tells the Authorization the next call sends, without logging in again", async () => {
    const { session, fake } = anonymousSetup();
    const authorization = await session.authorization();
    await session.api.GET("/documents", {});
    expect(fake.requests.at(-1)?.headers.get("Authorization")).toBe(authorization);
    expect(fake.count("requestToken")).toBe(1);
  });
});
