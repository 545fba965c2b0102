// Bundled for the browser by test/unit/browser.test.ts: the flows, through the package's entry
// point, against the in-process fake, with the browser's own fetch, Request, crypto and btoa.
import { createAnonymousSession, createDerivedUserClient, createMemoryCredentialStore } from "../../../src/index.js";
import { createFakeGini } from "./fake-gini.js";

async function runFlows() {
  const fake = createFakeGini();
  fake.setClient("clïent:id", "sécret+%€");
  const store = createMemoryCredentialStore();
  const session = createAnonymousSession({
    clientId: "clïent:id",
    clientSecret: "sécret+%€",
    emailDomain: "example.com",
    store,
    fetch: fake.fetch,
    userCenterUrl: "https://user.gini.test",
    giniApiUrl: "https://api.gini.test",
  });
  const first = await Promise.all(Array.from({ length: 10 }, () => session.api.GET("/documents", {})));
  fake.revokeTokens();
  const body = { extractions: { amountToPay: { value: "24.99:EUR" } } };
  const retried = await session.api.POST("/documents/{documentId}/extractions/feedback", {
    params: { path: { documentId: "626626a0-749f-11e2-bfd6-000000000000" } },
    headers: { "Content-Type": "application/vnd.gini.v1+json" },
    body,
  });
  const derived = createDerivedUserClient({ clientId: "clïent:id", clientSecret: "sécret+%€", userIdentifier: "user1", fetch: fake.fetch, giniApiUrl: "https://api.gini.test" });
  const derivedCall = await derived.api.GET("/documents", {});
  return {
    statuses: [...first.map(({ response }) => response.status), retried.response.status, derivedCall.response.status],
    counts: [fake.count("getClientToken"), fake.count("createUser"), fake.count("requestToken")],
    feedbackBodies: fake.requests.filter((request) => request.url.endsWith("/feedback")).map((request) => JSON.parse(request.body)),
    user: await store.get(),
  };
}

Object.assign(globalThis, { runFlows });
