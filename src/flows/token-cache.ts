import type { AccessToken } from "./access-token.js";
import { singleFlight } from "./single-flight.js";

/** Where a bearer middleware gets its token, and how it reports one the server rejected. */
export interface TokenSource {
  /** A token that is not within the refresh margin of its expiry, fetching one if needed. */
  get(): Promise<AccessToken>;
  /** The cached token if it is still fresh, without waiting: the fast path of warm calls. */
  fresh(): AccessToken | undefined;
  /** Forgets the token with this value if it is still the cached one, so that the next `get` fetches a new one. */
  invalidate(tokenValue: string): void;
}

export interface TokenCacheOptions {
  /** Obtains a new token; called by one caller at a time, however many wait for it. */
  fetchToken: () => Promise<AccessToken>;
  /** The clock, in ms since the epoch (default `Date.now`). */
  now: () => number;
  /**
   * Seconds before expiry at which a token is refreshed. Capped at half the token's lifetime,
   * so that a short-lived token is still used for the first half of its life.
   */
  refreshMargin: number;
}

/**
 * Caches one token until shortly before it expires. Concurrent callers that find no fresh token
 * share a single fetch; a failed fetch caches nothing, and the next call tries again.
 */
export function createTokenCache({ fetchToken, now, refreshMargin }: TokenCacheOptions): TokenSource {
  let cached: { token: AccessToken; refreshAt: number } | undefined;
  const refresh = singleFlight(async () => {
    const fetchedAt = now();
    const token = await fetchToken();
    const margin = Math.min(refreshMargin * 1000, (token.expiresAt - fetchedAt) / 2);
    cached = { token, refreshAt: token.expiresAt - margin };
    return token;
  });
  const fresh = () => (cached && now() < cached.refreshAt ? cached.token : undefined);
  return {
    fresh,
    get: () => {
      const token = fresh();
      return token ? Promise.resolve(token) : refresh();
    },
    invalidate(tokenValue) {
      if (cached?.token.value === tokenValue) cached = undefined;
    },
  };
}
