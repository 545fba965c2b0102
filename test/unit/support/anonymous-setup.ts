import { createAnonymousSession, type AnonymousSessionOptions } from "../../../src/flows/anonymous-session.js";
import { type CredentialStore, createMemoryCredentialStore } from "../../../src/flows/credential-store.js";
import type { Fetch } from "../../../src/flows/fetch.js";
import { createFakeGini, type FakeGini, fakeClient } from "./fake-gini.js";

export const userCenterUrl = "https://user.gini.test";
export const giniApiUrl = "https://api.gini.test";

/** A fake clock the flow and the fake server share; tests move it forward by seconds. */
export function createClock(start = Date.parse("2026-01-01T00:00:00Z")) {
  let time = start;
  return {
    now: () => time,
    advance(seconds: number) {
      time += seconds * 1000;
    },
  };
}

export interface SessionSetup {
  store?: CredentialStore;
  /** The fetch the session uses, made from the fake (default: the fake's own). */
  fetch?: (fake: FakeGini) => Fetch;
  options?: Partial<AnonymousSessionOptions>;
}

/** An anonymous session against a fresh fake server, with an in-memory store and a fake clock. */
export function anonymousSetup(setup: SessionSetup = {}) {
  const clock = createClock();
  const fake = createFakeGini({ now: clock.now });
  const store = setup.store ?? createMemoryCredentialStore();
  const session = createAnonymousSession({
    ...fakeClient,
    emailDomain: "example.com",
    store,
    fetch: setup.fetch?.(fake) ?? fake.fetch,
    now: clock.now,
    userCenterUrl,
    giniApiUrl,
    ...setup.options,
  });
  const listDocuments = () => session.api.GET("/documents", {});
  return { clock, fake, store, session, listDocuments };
}
