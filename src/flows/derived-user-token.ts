import type { TokenResponse } from "../user-center.js";
import { parseTokenResponse } from "./access-token.js";
import { type AnonymousUserOptions, anonymousUserTokens } from "./anonymous-user.js";
import type { CredentialStore } from "./credential-store.js";
import { DeadlineExceeded, withDeadline } from "../abort.js";
import { AuthError } from "./errors.js";
import { tokenFlowSettings } from "./flow-options.js";
import type { GiniApiSession } from "./flow-session.js";
import { createGiniApiSession, type GiniApiSessionOptions } from "./gini-api-session.js";
import { requireCount, requireMethods, requireText } from "./option-rules.js";
import { createTokenCache, type TokenSource } from "./token-cache.js";

export interface DerivedUserTokenIssuerOptions extends AnonymousUserOptions, Pick<GiniApiSessionOptions, "giniApiUrl"> {
  /**
   * The credential store of the User Center user that stands for the user `userIdentifier` names.
   * Backends with several instances use a shared one (`createRedisCredentialStore`), so that
   * instances asked for the same identifier at once create one user and log in once.
   */
  storeFor(userIdentifier: string): CredentialStore;
  /** How many users' token caches to keep in memory; the least recently used go first (default 10 000). */
  maxCachedUsers?: number;
}

/** What a device reports when it asks for a token again. */
export interface TokenRequest {
  /** The token the Gini API answered 401 to: the issuer replaces it rather than handing it out again. */
  rejectedToken?: string;
}

export interface DerivedUserTokenIssuer {
  /**
   * An access token for the user named by `userIdentifier`, as an RFC 6749 §5.1 token response
   * (`expires_in` counts the seconds it has left) for your backend to hand to that user's device.
   */
  issueToken(userIdentifier: string, request?: TokenRequest): Promise<TokenResponse>;
  /** A Gini API session acting for that user on the backend itself, sharing the issued tokens. */
  session(userIdentifier: string): GiniApiSession;
}

/**
 * Tokens for untrusted devices (docs/auth-flows.md, derived users), backend side. Gini documents no
 * endpoint that issues a token for an `X-User-Identifier` user, so the backend runs the
 * anonymous-user flow for each identifier with its own stored User Center user and hands the
 * device only the access token; the client credentials never leave the backend.
 */
export function createDerivedUserTokenIssuer(options: DerivedUserTokenIssuerOptions): DerivedUserTokenIssuer {
  const operation = "createDerivedUserTokenIssuer";
  const tokensFor = anonymousUserTokens(operation, options);
  const { now } = tokenFlowSettings(operation, options);
  const maxCachedUsers = requireCount(operation, "maxCachedUsers", options.maxCachedUsers ?? 10_000);
  const users = new Map<string, { tokens: TokenSource; session?: GiniApiSession }>();

  function userFor(userIdentifier: string) {
    const valid = requireText(operation, "userIdentifier", userIdentifier, "userIdentifier");
    const user = users.get(valid) ?? { tokens: tokensFor(requireMethods(operation, "storeFor()", options.storeFor(valid), ["get", "set", "lock"])) };
    // Re-inserting keeps the Map in least-recently-used order.
    users.delete(valid);
    users.set(valid, user);
    for (const oldest of users.keys()) {
      if (users.size <= maxCachedUsers) break;
      users.delete(oldest);
    }
    return user;
  }

  return {
    async issueToken(userIdentifier, request = {}) {
      const { tokens } = userFor(userIdentifier);
      if (request.rejectedToken) tokens.invalidate(request.rejectedToken);
      const token = tokens.fresh() ?? (await tokens.get());
      return { access_token: token.value, token_type: "bearer", expires_in: Math.max(1, Math.floor((token.expiresAt - now()) / 1000)) };
    },
    session(userIdentifier) {
      const user = userFor(userIdentifier);
      user.session ??= createGiniApiSession(operation, user.tokens, options);
      return user.session;
    },
  };
}

export interface DeviceSessionOptions extends GiniApiSessionOptions {
  /**
   * Asks your backend for a token and returns its answer: what `issueToken` returned, parsed
   * from JSON. Pass `request` on to `issueToken`: after a 401 it names the rejected token.
   * `signal` aborts when the flow's `timeout` is over: hand it to your `fetch`.
   */
  requestToken(request: TokenRequest & { signal: AbortSignal }): Promise<unknown>;
}

/**
 * Tokens for untrusted devices (docs/auth-flows.md, derived users), device side: a Gini API session whose tokens come from your backend.
 * Tokens are checked like a token endpoint's answer, cached until shortly before they expire,
 * and requested again after a 401.
 */
export function createDeviceSession(options: DeviceSessionOptions): GiniApiSession {
  const operation = "createDeviceSession";
  const settings = tokenFlowSettings(operation, options);
  let rejectedToken: string | undefined;
  const cache = createTokenCache({
    ...settings,
    async fetchToken() {
      const answer = await withDeadline(settings.timeout, (signal) => options.requestToken({ ...(rejectedToken && { rejectedToken }), signal })).catch((error: unknown) => {
        throw error instanceof DeadlineExceeded ? new AuthError("TIMEOUT", `${operation}.requestToken`, error.message) : error;
      });
      rejectedToken = undefined;
      return parseTokenResponse(`${operation}.requestToken`, answer, settings.now());
    },
  });
  const tokens: TokenSource = {
    ...cache,
    invalidate(tokenValue) {
      rejectedToken = tokenValue;
      cache.invalidate(tokenValue);
    },
  };
  return createGiniApiSession(operation, tokens, options);
}
