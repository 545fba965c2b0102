import type { AccessToken } from "./access-token.js";
import { singleFlight } from "./single-flight.js";

/** Where a bearer `fetch` gets its token, and how it reports one the server rejected. */
export interface TokenSource {
  /** A token that is not within the refresh margin of its expiry, fetching one if needed. */
  get(): Promise<AccessToken>;
  /** The cached token if it is still fresh, without waiting: the fast path of warm calls. */
  fresh(): AccessToken | undefined;
  /** Forgets the token with this value if it is still the cached one, so that the next `get` fetches a new one. */
  invalidate(tokenValue: string): void;
}

/**
 * When a token fetched at `fetchedAt` is replaced: `refreshMargin` seconds before it expires,
 * but at most half its lifetime, so that a short-lived token is still used for half of its life.
 */
export const refreshTime = (token: AccessToken, fetchedAt: number, refreshMargin: number) =>
  token.expiresAt - Math.min(refreshMargin * 1000, (token.expiresAt - fetchedAt) / 2);

export interface TokenCacheOptions {
  /**
   * Obtains a new token; called by one caller at a time, however many wait for it. A token that
   * says when to refresh it (one another process fetched) keeps that moment.
   */
  fetchToken: () => Promise<AccessToken & { refreshAt?: number }>;
  /** The clock, in ms since the epoch (default `Date.now`). */
  now: () => number;
  /** Seconds before expiry at which a token is refreshed (see `refreshTime`). */
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
    const { value, expiresAt, refreshAt } = await fetchToken();
    const token = { value, expiresAt };
    cached = { token, refreshAt: refreshAt ?? refreshTime(token, fetchedAt, refreshMargin) };
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
