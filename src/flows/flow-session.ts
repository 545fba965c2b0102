import { waitUnlessAborted } from "../abort.js";
import type { GiniApiClient } from "../gini-api.js";
import type { Fetch } from "./fetch.js";
import type { TokenSource } from "./token-cache.js";

/**
 * What every flow factory returns: a typed client with the flow's auth, the auth as a `fetch`
 * for a client of your own, and the credential the next call sends.
 */
export interface FlowSession<Client> {
  /** The typed `openapi-fetch` client; every call goes through `fetch`. */
  readonly api: Client;
  /**
   * Signs each request with the flow's credentials (and handles 401s and retries): hand it to
   * your own client, `createClient<paths>({ baseUrl, fetch: session.fetch })`.
   */
  readonly fetch: Fetch;
  /**
   * The `Authorization` header value the next call sends, obtaining a token first if needed.
   * A `signal` that aborts stops this caller waiting, not the login others share.
   */
  authorization(options?: { signal?: AbortSignal }): Promise<string>;
}

export type GiniApiSession = FlowSession<GiniApiClient>;

/** `authorization` of a bearer-token flow. */
export const bearerAuthorization =
  (tokens: TokenSource): FlowSession<unknown>["authorization"] =>
  async ({ signal } = {}) => {
    signal?.throwIfAborted();
    const token = tokens.fresh() ?? (await waitUnlessAborted(tokens.get(), signal));
    return `Bearer ${token.value}`;
  };

