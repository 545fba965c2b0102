import type { TokenResponse } from "../user-center.js";
import { parseTokenResponse } from "./access-token.js";
import { type AnonymousUserOptions, anonymousUserTokens } from "./anonymous-user.js";
import type { CredentialStore } from "./credential-store.js";
import { tokenFlowSettings } from "./flow-options.js";
import { createGiniApiSession, type GiniApiSession, type GiniApiSessionOptions } from "./gini-api-session.js";
import { requireCount, requireText } from "./option-rules.js";
import { createTokenCache, type TokenSource } from "./token-cache.js";

export interface DerivedUserTokenIssuerOptions extends AnonymousUserOptions {
  /** The credential store of the User Center user that stands for the user `userIdentifier` names. */
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
}

/**
 * Seed 001 flows 2 and 3 (untrusted device, derived user), backend side. Gini documents no
 * endpoint that issues a token for an `X-User-Identifier` user, so the backend runs the
 * anonymous-user flow for each identifier with its own stored User Center user and hands the
 * device only the access token; the client credentials never leave the backend.
 */
export function createDerivedUserTokenIssuer(options: DerivedUserTokenIssuerOptions): DerivedUserTokenIssuer {
  const operation = "createDerivedUserTokenIssuer";
  const tokensFor = anonymousUserTokens(operation, options);
  const { now } = tokenFlowSettings(operation, options);
  const maxCachedUsers = requireCount(operation, "maxCachedUsers", options.maxCachedUsers ?? 10_000);
  const sources = new Map<string, TokenSource>();

  function sourceFor(userIdentifier: string): TokenSource {
    const source = sources.get(userIdentifier) ?? tokensFor(options.storeFor(userIdentifier));
    // Re-inserting keeps the Map in least-recently-used order.
    sources.delete(userIdentifier);
    sources.set(userIdentifier, source);
    for (const oldest of sources.keys()) {
      if (sources.size <= maxCachedUsers) break;
      sources.delete(oldest);
    }
    return source;
  }

  return {
    async issueToken(userIdentifier, request = {}) {
      const source = sourceFor(requireText("issueToken", "userIdentifier", userIdentifier, "userIdentifier"));
      if (request.rejectedToken) source.invalidate(request.rejectedToken);
      const token = await source.get();
      return { access_token: token.value, token_type: "bearer", expires_in: Math.max(1, Math.floor((token.expiresAt - now()) / 1000)) };
    },
  };
}

export interface DeviceSessionOptions extends GiniApiSessionOptions {
  /**
   * Asks your backend for a token and returns its answer: what `issueToken` returned, parsed
   * from JSON. Pass `request` on to `issueToken`: after a 401 it names the rejected token.
   */
  requestToken(request: TokenRequest): Promise<unknown>;
}

/**
 * Seed 001 flows 2 and 3, device side: a Gini API session whose tokens come from your backend.
 * Tokens are checked like a token endpoint's answer, cached until shortly before they expire,
 * and requested again after a 401.
 */
export function createDeviceSession(options: DeviceSessionOptions): GiniApiSession {
  const settings = tokenFlowSettings("createDeviceSession", options);
  let rejectedToken: string | undefined;
  const cache = createTokenCache({
    ...settings,
    async fetchToken() {
      const answer = await options.requestToken(rejectedToken ? { rejectedToken } : {});
      rejectedToken = undefined;
      return parseTokenResponse("createDeviceSession.requestToken", answer, settings.now());
    },
  });
  const tokens: TokenSource = {
    ...cache,
    invalidate(tokenValue) {
      rejectedToken = tokenValue;
      cache.invalidate(tokenValue);
    },
  };
  return createGiniApiSession(tokens, options);
}
