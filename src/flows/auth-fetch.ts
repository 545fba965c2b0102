import type { AccessToken } from "./access-token.js";
import { type Fetch, globalFetch } from "./fetch.js";
import { defaultRetries, isIdempotent, mayCarryBody, type RetryPolicy, sendWithRetries } from "./retry.js";
import { type RandomValues, webCryptoRandom } from "./random.js";
import type { TokenSource } from "./token-cache.js";
import { waitUnlessAborted } from "../abort.js";

/** How an auth `fetch` sends what it signed. */
export interface AuthFetchOptions {
  /** The `fetch` that sends the signed request (default `globalThis.fetch`). */
  fetch?: Fetch;
  /** Retries of an idempotent request after a 429, a 503 or a connection reset (default 2). */
  retries?: number;
  /** Source of the back-off jitter (default `crypto.getRandomValues`). */
  random?: RandomValues;
  /** Which methods may be sent twice (default: the idempotent ones of RFC 9110 §9.2.2, GET, HEAD, PUT, DELETE, OPTIONS). */
  idempotent?: (method: string) => boolean;
}

/** The retry policy of options, with the defaults filled in. */
export function retryPolicy(options: AuthFetchOptions): RetryPolicy {
  return { retries: options.retries ?? defaultRetries, random: options.random ?? webCryptoRandom, idempotent: options.idempotent ?? isIdempotent };
}

/** `openapi-fetch` hands a `Request`; anyone else may hand a URL and an init. */
const asRequest = (input: Request | string | URL, init?: RequestInit) => (input instanceof Request ? input : new Request(input, init));

/**
 * A `fetch` that sends `Authorization: Bearer <token>` from `tokens`: hand it to
 * `createClient({ fetch })` of `openapi-fetch` (or call it like `fetch`). A warm call reads the
 * cached token synchronously, without a promise, and allocates no closure but its answer handler. After a 401 (RFC 6750 §3.1: expired
 * or revoked) it invalidates that token, gets a new one (one fetch, shared by all concurrent
 * callers) and sends the request once more from a copy made before sending, so its body is intact
 * even where `Request.body` is not readable (React Native's whatwg-fetch); a second 401 is
 * returned as it is. A caller's `signal` that aborts while it waits for a token rejects that call
 * only. Idempotent requests answered 429 or 503, or reset, are retried (see `AuthFetchOptions`).
 */
export function bearerFetch(tokens: TokenSource, options: AuthFetchOptions = {}): Fetch {
  const send = options.fetch ?? globalFetch;
  const policy = retryPolicy(options);

  function signed(request: Request, init: RequestInit | undefined, token: AccessToken): Promise<Response> {
    const unsent = mayCarryBody(request.method) ? request.clone() : request;
    request.headers.set("Authorization", `Bearer ${token.value}`);
    return sendWithRetries(send, request, init, policy, (response) => (response.status === 401 ? renewed(unsent, init, token, response) : response));
  }

  async function renewed(unsent: Request, init: RequestInit | undefined, rejected: AccessToken, response: Response): Promise<Response> {
    await response.body?.cancel();
    tokens.invalidate(rejected.value);
    const token = await waitUnlessAborted(tokens.get(), unsent.signal);
    unsent.headers.set("Authorization", `Bearer ${token.value}`);
    return sendWithRetries(send, unsent, init, policy);
  }

  return (input, init) => {
    const request = asRequest(input, init);
    const token = tokens.fresh();
    if (token) return signed(request, init, token);
    return waitUnlessAborted(tokens.get(), request.signal).then((fetched) => signed(request, init, fetched));
  };
}

/** A `fetch` that sets the same credential headers on every request (HTTP Basic, `X-User-Identifier`); retries as `bearerFetch` does. */
export function headersFetch(headers: Readonly<Record<string, string>>, options: AuthFetchOptions = {}): Fetch {
  const send = options.fetch ?? globalFetch;
  const policy = retryPolicy(options);
  const entries = Object.entries(headers);
  return (input, init) => {
    const request = asRequest(input, init);
    for (const [name, value] of entries) request.headers.set(name, value);
    return sendWithRetries(send, request, init, policy);
  };
}
