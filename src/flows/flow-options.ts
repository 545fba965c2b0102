import type { AuthFetchOptions } from "./auth-fetch.js";
import { type Fetch, globalFetch } from "./fetch.js";
import { requireCount, requireMilliseconds, requireSeconds } from "./option-rules.js";
import { type RandomValues, webCryptoRandom } from "./random.js";
import { defaultRetries } from "./retry.js";

/** Options every flow factory takes. */
export interface CommonFlowOptions {
  /** Injected `fetch` for every request (default `globalThis.fetch`). */
  fetch?: Fetch;
  /** Check requests against the API description before sending them (default `true`). */
  validateRequests?: boolean;
  /**
   * How many times an idempotent request (GET, HEAD, PUT, DELETE) answered 429 or 503, or reset
   * before any answer, is sent again, after an exponential back-off with jitter or the server's
   * `Retry-After` (default 2; 0 turns retries off). POST is never retried, except the flows' own
   * steps, which are safe to repeat.
   */
  retries?: number;
  /** Random bytes, like `crypto.getRandomValues` (the default): new users' emails and passwords, back-off jitter. */
  random?: RandomValues;
}

/** Options of the flows that cache access tokens. */
export interface TokenFlowOptions extends CommonFlowOptions {
  /**
   * Refresh a token this many seconds before it expires (default 60), at most half its
   * lifetime so that short-lived tokens are still used.
   */
  refreshMargin?: number;
  /** The clock, ms since the epoch (default `Date.now`); inject one in tests. */
  now?: () => number;
  /**
   * Longest wait in ms for each request the flow sends on its own (tokens, users), headers and
   * body included (default 30 000). Calls of `api` take a `signal` instead (e.g. `AbortSignal.timeout(ms)`).
   */
  timeout?: number;
}

const defaultRefreshMargin = 60;
const defaultTimeout = 30_000;

/** What the options of an auth `fetch` resolve to. */
export function authFetchOptions(operation: string, options: CommonFlowOptions): AuthFetchOptions & { fetch: Fetch; random: RandomValues; retries: number } {
  return {
    fetch: options.fetch ?? globalFetch,
    random: options.random ?? webCryptoRandom,
    retries: requireCount(operation, "retries", options.retries ?? defaultRetries, 0),
  };
}

export interface TokenFlowSettings {
  readonly fetch: Fetch;
  readonly random: RandomValues;
  readonly retries: number;
  readonly validateRequests: boolean | undefined;
  readonly now: () => number;
  readonly refreshMargin: number;
  readonly timeout: number;
}

/** The validated settings of a token flow. */
export function tokenFlowSettings(operation: string, options: TokenFlowOptions): TokenFlowSettings {
  return {
    ...authFetchOptions(operation, options),
    validateRequests: options.validateRequests,
    now: options.now ?? Date.now,
    refreshMargin: requireSeconds(operation, "refreshMargin", options.refreshMargin ?? defaultRefreshMargin),
    timeout: requireMilliseconds(operation, "timeout", options.timeout ?? defaultTimeout),
  };
}

/** The `openapi-fetch` client options a flow passes on: only those that are set. */
export function clientSettings(options: CommonFlowOptions): { validateRequests?: boolean } {
  return options.validateRequests === undefined ? {} : { validateRequests: options.validateRequests };
}
