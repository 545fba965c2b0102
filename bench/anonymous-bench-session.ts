import { createAnonymousSession, createMemoryCredentialStore } from "../src/index.js";
import { createClock } from "../test/unit/support/anonymous-setup.js";
import { createFakeGini } from "../test/unit/support/fake-gini.js";
import { serve } from "../test/unit/support/serve.js";

export interface BenchSessionOptions {
  /** `http`: the fake behind a loopback HTTP server; `in-process`: the fake as the injected fetch. */
  transport?: "http" | "in-process";
  latencyMs?: number;
  validateRequests?: boolean;
  /** Where API calls go once the session has logged in (the fake still answers the User Center). */
  warmFetch?: (request: Request) => Promise<Response>;
}

/** An anonymous session against the fake User Center and Gini API, with the `fetch` it uses. */
export async function anonymousBenchSession(options: BenchSessionOptions = {}) {
  const clock = createClock(Date.now());
  const fake = createFakeGini({ now: clock.now, ...(options.latencyMs && { latencyMs: options.latencyMs }) });
  const inProcess = options.transport === "in-process";
  const server = inProcess ? { url: "http://fake.test", close: async () => undefined } : await serve(fake.handle);
  const toFake = inProcess ? fake.fetch : (request: Request) => globalThis.fetch(request);
  let loggedIn = false;
  const fetch = options.warmFetch ? (request: Request) => (loggedIn && !request.url.includes("/oauth/") ? options.warmFetch!(request) : toFake(request)) : toFake;
  const session = createAnonymousSession({
    clientId: "client-id",
    clientSecret: "client-secret",
    emailDomain: "example.com",
    store: createMemoryCredentialStore(),
    now: clock.now,
    fetch,
    userCenterUrl: server.url,
    giniApiUrl: server.url,
    ...(options.validateRequests !== undefined && { validateRequests: options.validateRequests }),
  });
  if (options.warmFetch) {
    await session.authorization();
    loggedIn = true;
  }
  return { clock, fake, server, fetch, session };
}
