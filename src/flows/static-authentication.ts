import type { Middleware } from "openapi-fetch";

/** An `openapi-fetch` middleware that sets the same credential headers on every request. */
export function staticAuthentication(headers: Readonly<Record<string, string>>): Middleware {
  const entries = Object.entries(headers);
  return {
    onRequest({ request }) {
      for (const [name, value] of entries) request.headers.set(name, value);
      return undefined;
    },
  };
}
