import { createGiniApiClient, type GiniApiClient } from "../gini-api.js";
import type { AccessToken } from "./access-token.js";
import { bearerAuthentication } from "./bearer-authentication.js";
import { clientSettings, type TokenFlowOptions } from "./flow-options.js";
import type { TokenSource } from "./token-cache.js";

export interface GiniApiSessionOptions extends TokenFlowOptions {
  /** Default `https://pay-api.gini.net`. */
  giniApiUrl?: string;
}

/** A Gini API client acting for one user with bearer tokens (the `userBearer` scheme). */
export interface GiniApiSession {
  /** The typed Gini API client; every call carries the user's current access token. */
  readonly api: GiniApiClient;
  /** The user's current access token, obtaining one first if needed. */
  accessToken(): Promise<AccessToken>;
}

export function createGiniApiSession(tokens: TokenSource, options: GiniApiSessionOptions): GiniApiSession {
  const api = createGiniApiClient({ ...clientSettings(options), ...(options.giniApiUrl && { baseUrl: options.giniApiUrl }) });
  api.use(bearerAuthentication(tokens));
  return { api, accessToken: () => tokens.get() };
}
