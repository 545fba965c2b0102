// CORS (Fetch standard, "CORS protocol") for the local servers, so that a docs page's try-it
// console served from another localhost origin can call the mock and the sandbox. Both serve test
// data only and take credentials from the Authorization header, never from cookies, so any
// origin is echoed and no Access-Control-Allow-Credentials is sent.

const allowedMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
// `X-Sandbox-Fault` asks the sandbox for a 429 or 503 (sandbox/api-server.ts).
const corsAllowedHeaders = "Authorization, Content-Type, Accept, X-User-Identifier, X-Sandbox-Fault";
// `Location` carries the URL of a created user or document (seed 003); scripts must read it, and
// `Retry-After` the wait a 429 or 503 asks for.
const exposedHeaders = "Location, Retry-After";

const headerValue = (headers, name) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The headers every answer to a cross-origin request carries; none for a same-origin one.
 * @param {Record<string, string | string[] | undefined>} requestHeaders lower-case names
 * @returns {Record<string, string>}
 */
export function corsHeaders(requestHeaders) {
  const origin = headerValue(requestHeaders, "origin");
  if (!origin) return {};
  return { "access-control-allow-origin": origin, "access-control-expose-headers": exposedHeaders, vary: "Origin" };
}

/**
 * The 204 answer to a preflight (an OPTIONS with Origin and Access-Control-Request-Method); otherwise undefined.
 * @param {string | undefined} method
 * @param {Record<string, string | string[] | undefined>} requestHeaders lower-case names
 * @returns {{ status: number, headers: Record<string, string> } | undefined}
 */
export function preflightAnswer(method, requestHeaders) {
  if (method !== "OPTIONS" || !headerValue(requestHeaders, "origin") || !headerValue(requestHeaders, "access-control-request-method")) return undefined;
  return {
    status: 204,
    headers: {
      ...corsHeaders(requestHeaders),
      "access-control-allow-methods": allowedMethods,
      "access-control-allow-headers": corsAllowedHeaders,
      "access-control-max-age": "600",
    },
  };
}
