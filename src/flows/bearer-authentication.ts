import type { Middleware } from "openapi-fetch";
import type { AccessToken } from "./access-token.js";
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
  return {
    async onRequest({ request }) {
      const token = await tokens.get();
      request.headers.set("Authorization", `Bearer ${token.value}`);
      sent.set(request, { token, replay: request.body ? request.clone() : request });
      return undefined;
    },
    async onResponse({ request, response, options }) {
      const attempt = sent.get(request);
      sent.delete(request);
      if (response.status !== 401 || !attempt) return undefined;
      await response.body?.cancel();
      tokens.invalidate(attempt.token.value);
      const token = await tokens.get();
      const retry = new Request(attempt.replay);
      retry.headers.set("Authorization", `Bearer ${token.value}`);
      return options.fetch(retry);
    },
  };
}
