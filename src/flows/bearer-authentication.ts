import type { Middleware } from "openapi-fetch";
import type { AccessToken } from "./access-token.js";
import type { Fetch } from "./fetch.js";
import type { TokenSource } from "./token-cache.js";

/**
 * An `openapi-fetch` middleware that sends `Authorization: Bearer <token>` from `tokens`. When
 * the server answers 401 (RFC 6750 §3.1 `invalid_token`: expired or revoked), it invalidates
 * that token, gets a new one (one fetch, shared by all concurrent callers) and sends the request
 * once more with its body intact; a second 401 is returned as it is. No lock is held across
 * calls: callers only wait for each other while a token is being fetched.
 */
export function bearerAuthentication(tokens: TokenSource): Middleware {
  // The body of a sent request is consumed, so a request with a body keeps an unsent copy.
  const sent = new WeakMap<Request, { token: AccessToken; replay: Request }>();
  const sign = (request: Request, token: AccessToken) => {
    request.headers.set("Authorization", `Bearer ${token.value}`);
    sent.set(request, { token, replay: request.body ? request.clone() : request });
    return undefined;
  };

  async function retry(attempt: { token: AccessToken; replay: Request }, response: Response, fetch: Fetch) {
    await response.body?.cancel();
    tokens.invalidate(attempt.token.value);
    const token = await tokens.get();
    const request = new Request(attempt.replay);
    request.headers.set("Authorization", `Bearer ${token.value}`);
    return fetch(request);
  }

  // Warm calls take no promise of their own: a fresh token is used as it is, and only a 401 waits.
  return {
    onRequest({ request }) {
      const token = tokens.fresh();
      return token ? sign(request, token) : tokens.get().then((fetched) => sign(request, fetched));
    },
    onResponse({ request, response, options }) {
      const attempt = sent.get(request);
      sent.delete(request);
      return response.status === 401 && attempt ? retry(attempt, response, options.fetch) : undefined;
    },
  };
}
