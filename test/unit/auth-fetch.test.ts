// The flows' building blocks on a client of the user's own: `bearerFetch`, `headersFetch` and a
// factory's `fetch`, handed to `openapi-fetch`'s `createClient`.
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import type { GiniApiPaths } from "../../src/gini-api.js";
import { type AccessToken, bearerFetch, createDerivedUserClient, headersFetch, type TokenSource } from "../../src/index.js";
import { anonymousSetup, giniApiUrl } from "./support/anonymous-setup.js";
import { createFakeGini, fakeClient } from "./support/fake-gini.js";

const feedback = { extractions: { amountToPay: { value: "24.99:EUR" } } };
const documentId = "626626a0-749f-11e2-bfd6-000000000000";

/** A token source of the user's own: hands out `token-N`, counting how often it is asked to wait. */
function countingTokens() {
  let current: AccessToken | undefined;
  let fetched = 0;
  const source: TokenSource = {
    fresh: () => current,
    async get() {
      fetched += 1;
      current ??= { value: `token-${fetched}`, expiresAt: Date.now() + 3_600_000 };
      return current;
    },
    invalidate(value) {
      if (current?.value === value) current = undefined;
    },
  };
  return { source, fetched: () => fetched };
}

/** A fetch answering 401 to any token but `accepted`, recording what it was sent. */
function server(accepted: () => string | undefined) {
  const seen: Array<{ method: string; authorization: string | null; body: string }> = [];
  const fetch = async (request: Request) => {
    seen.push({ method: request.method, authorization: request.headers.get("Authorization"), body: await request.text() });
    const ok = request.headers.get("Authorization") === `Bearer ${accepted()}`;
    return ok ? new Response(JSON.stringify({ totalCount: 0, documents: [] }), { headers: { "Content-Type": "application/json" } }) : new Response(null, { status: 401 });
  };
  return { seen, fetch };
}

describe("bearerFetch on your own openapi-fetch client", () => {
  it("signs every call; a warm call does not wait on the token source", async () => {
    const tokens = countingTokens();
    const { seen, fetch } = server(() => "token-1");
    const client = createClient<GiniApiPaths>({ baseUrl: giniApiUrl, fetch: bearerFetch(tokens.source, { fetch }) });
    await client.GET("/documents", {});
    await client.GET("/documents", {});
    expect(seen.map((request) => request.authorization)).toEqual(["Bearer token-1", "Bearer token-1"]);
    expect(tokens.fetched()).toBe(1);
  });

  it("after a 401 replays a POST with its body from the copy made before sending, also where Request.body is not readable (React Native)", async () => {
    // whatwg-fetch's Request has no readable `body`: the replay must not depend on it.
    class ReactNativeRequest extends Request {
      override get body(): null {
        return null;
      }
    }
    const tokens = countingTokens();
    let accepted = "token-2";
    const { seen, fetch } = server(() => accepted);
    const client = createClient<GiniApiPaths>({ baseUrl: giniApiUrl, Request: ReactNativeRequest, fetch: bearerFetch(tokens.source, { fetch }) });
    const { response } = await client.POST("/documents/{documentId}/extractions/feedback", { params: { path: { documentId } }, body: feedback });
    expect(response.status).toBe(200);
    expect(seen.map((request) => [request.authorization, JSON.parse(request.body)])).toEqual([
      ["Bearer token-1", feedback],
      ["Bearer token-2", feedback],
    ]);
    accepted = "never";
    expect((await client.GET("/documents", {})).response.status).toBe(401);
  });

  it("can be called like fetch, with a URL", async () => {
    const { seen, fetch } = server(() => "token-1");
    const signed = bearerFetch(countingTokens().source, { fetch });
    expect((await signed(`${giniApiUrl}/documents` as unknown as Request)).status).toBe(200);
    expect(seen[0]?.authorization).toBe("Bearer token-1");
  });
});

describe("a flow's fetch on your own client", () => {
  it("an anonymous session's fetch signs a client of your own, sharing the session's login", async () => {
    const { fake, session } = anonymousSetup();
    const own = createClient<GiniApiPaths>({ baseUrl: "https://api.gini.test", fetch: session.fetch });
    const [mine, theirs] = await Promise.all([own.GET("/documents", {}), session.api.GET("/documents", {})]);
    expect([mine.response.status, theirs.response.status]).toEqual([200, 200]);
    expect([fake.count("createUser"), fake.count("requestToken")]).toEqual([1, 1]);
    expect(fake.requests.at(-1)?.headers.get("Authorization")).toBe(await session.authorization());
  });

  it("a derived-user client's fetch and headersFetch send the same headers on a client of your own", async () => {
    const fake = createFakeGini();
    const derived = createDerivedUserClient({ ...fakeClient, userIdentifier: "user1", fetch: fake.fetch, giniApiUrl });
    const own = createClient<GiniApiPaths>({ baseUrl: giniApiUrl, fetch: derived.fetch });
    const byHand = createClient<GiniApiPaths>({ baseUrl: giniApiUrl, fetch: headersFetch({ Authorization: await derived.authorization(), "X-User-Identifier": "user1" }, { fetch: fake.fetch }) });
    expect((await own.GET("/documents", {})).response.status).toBe(200);
    expect((await byHand.GET("/documents", {})).response.status).toBe(200);
    const [first, second] = fake.requests;
    expect([first?.headers.get("Authorization"), first?.headers.get("X-User-Identifier")]).toEqual([await derived.authorization(), "user1"]);
    expect([second?.headers.get("Authorization"), second?.headers.get("X-User-Identifier")]).toEqual([await derived.authorization(), "user1"]);
  });
});

describe("randomness through crypto.getRandomValues only, injectable", () => {
  it("an injected random source draws the new user's email (a UUID v4) and password", async () => {
    let next = 0;
    const random = (bytes: Uint8Array) => bytes.map(() => (next += 1) % 256);
    const { store, session } = anonymousSetup({ options: { random } });
    await session.authorization();
    expect(await store.get()).toMatchObject({ email: "01020304-0506-4708-890a-0b0c0d0e0f10@example.com", password: "ERITFBUWFxgZGhscHR4fICEiIyQlJicoKSorLC0uLzA" });
  });

  it("works where crypto.randomUUID does not exist (React Native)", async () => {
    const randomUUID = crypto.randomUUID;
    Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      const { store, session } = anonymousSetup();
      await session.authorization();
      expect((await store.get())?.email).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@example\.com$/);
    } finally {
      Object.defineProperty(crypto, "randomUUID", { value: randomUUID, configurable: true });
    }
  });
});
