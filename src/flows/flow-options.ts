import type { Fetch } from "./fetch.js";
import { requireSeconds } from "./option-rules.js";

/** Options every flow factory takes. */
export interface CommonFlowOptions {
  /** Injected `fetch` for every request (default `globalThis.fetch`). */
  fetch?: Fetch;
  /** Check requests against the API description before sending them (default `true`). */
  validateRequests?: boolean;
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
}

export const defaultRefreshMargin = 60;

/** The clock and margin of a token flow, validated; `fetch` and `validateRequests` as given. */
export function tokenFlowSettings(operation: string, options: TokenFlowOptions) {
  return {
    ...clientSettings(options),
    now: options.now ?? Date.now,
    refreshMargin: requireSeconds(operation, "refreshMargin", options.refreshMargin ?? defaultRefreshMargin),
  };
}

/** The `openapi-fetch` client options a flow passes on: only those that are set. */
export function clientSettings(options: CommonFlowOptions): CommonFlowOptions {
  return {
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.validateRequests !== undefined && { validateRequests: options.validateRequests }),
  };
}
