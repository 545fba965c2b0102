import { createGiniApiClient } from "../gini-api.js";
import { bearerFetch } from "./auth-fetch.js";
import { authFetchOptions, clientSettings, type TokenFlowOptions } from "./flow-options.js";
import { bearerAuthorization, type GiniApiSession } from "./flow-session.js";
import { baseUrlOption } from "./option-rules.js";
import type { TokenSource } from "./token-cache.js";

export interface GiniApiSessionOptions extends TokenFlowOptions {
  /** Default `https://pay-api.gini.net`. */
  giniApiUrl?: string;
}

/** A Gini API session acting for one user with bearer tokens from `tokens` (the `userBearer` scheme). */
export function createGiniApiSession(operation: string, tokens: TokenSource, options: GiniApiSessionOptions): GiniApiSession {
  const fetch = bearerFetch(tokens, authFetchOptions(operation, options));
  const api = createGiniApiClient({ ...clientSettings(options), fetch, ...baseUrlOption(operation, "giniApiUrl", options.giniApiUrl) });
  return { api, fetch, authorization: bearerAuthorization(tokens) };
}
