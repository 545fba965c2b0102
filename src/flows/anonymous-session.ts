import { type AnonymousUserOptions, anonymousUserTokens } from "./anonymous-user.js";
import type { CredentialStore } from "./credential-store.js";
import type { GiniApiSession } from "./flow-session.js";
import { createGiniApiSession, type GiniApiSessionOptions } from "./gini-api-session.js";
import { requireMethods } from "./option-rules.js";

export interface AnonymousSessionOptions extends AnonymousUserOptions, GiniApiSessionOptions {
  /** Keeps the anonymous user's credentials between runs. */
  store: CredentialStore;
}

/**
 * An untrusted device with an anonymous user, as one object, as Gini's Android SDK does it
 * (https://github.com/gini/gini-mobile-android/blob/main/core-api-library/library/src/main/java/net/gini/android/core/api/authorization/AnonymousSessionManager.kt):
 * the first call gets a client token, creates and stores a user, and logs in; later calls reuse the token until
 * shortly before it expires, log in again after a 401, and create a new user only if the
 * User Center rejects the stored one with `invalid_grant`.
 */
export function createAnonymousSession(options: AnonymousSessionOptions): GiniApiSession {
  const operation = "createAnonymousSession";
  const store = requireMethods(operation, "store", options.store, ["get", "set", "lock"]);
  return createGiniApiSession(operation, anonymousUserTokens(operation, options)(store), options);
}
