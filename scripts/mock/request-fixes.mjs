// What the gateway in front of Prism changes so that the mock answers as the real servers do.
// Each fix takes the buffered request ({ method, url: URL, headers, body }) and either edits it
// or returns a response to send instead of asking Prism.

const canonicalSchemes = { basic: "Basic", bearer: "Bearer" };

/** RFC 7235 §2.1: auth scheme names are case-insensitive; Prism only matches `Bearer` and `Basic` as written. */
export function normalizeAuthScheme(request) {
  const match = /^(\S+)(\s[\s\S]*)?$/.exec(request.headers.authorization ?? "");
  const canonical = match && canonicalSchemes[match[1].toLowerCase()];
  if (canonical) request.headers.authorization = canonical + (match[2] ?? "");
}

/** Prism serves paths without the server URL's path: a seed request to `…/v1/users` must reach `/users`. */
export function stripServerBasePath(basePaths) {
  return (request) => {
    const base = basePaths.find((path) => request.url.pathname === path || request.url.pathname.startsWith(`${path}/`));
    if (base) request.url.pathname = request.url.pathname.slice(base.length) || "/";
  };
}

/** The validator of the token request's `grant_type` for `method`, from the registry. */
function grantTypeValidator(api, method) {
  const operation = api.operations.find((candidate) => candidate.path === "/oauth/token" && candidate.method === method);
  return operation?.parameters.find((parameter) => parameter.name === "grant_type")?.validate;
}

function oauthError(error, description) {
  return {
    status: 400,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify({ error, error_description: description }),
  };
}

/** The form fields each grant requires, and the example of `TokenIssued` that Prism answers it with. */
const grantForms = {
  password: { fields: ["username", "password"], example: "userToken" },
  refresh_token: { fields: ["refresh_token"], example: "withRefreshToken" },
};

/**
 * RFC 6749 §5.2 names the error from what is wrong with a token request; Prism answers every
 * rejected request with the first 400 example, and accepts a password grant without its form
 * fields because the form is optional for the client credentials grant. The grant is named in
 * the query (Gini's SDKs) or, for the refresh token grant, in the form (Gini's docs).
 */
export function oauthTokenErrors(api) {
  return (request) => {
    if (request.url.pathname !== "/oauth/token" || !request.headers.authorization) return undefined;
    const acceptsGrantType = grantTypeValidator(api, request.method);
    if (!acceptsGrantType) return undefined;
    const form = new URLSearchParams(request.method === "POST" ? request.body.toString("utf8") : "");
    const inQuery = request.url.searchParams.get("grant_type");
    const grantType = inQuery ?? (request.method === "POST" ? form.get("grant_type") : null);
    if (!grantType) return oauthError("invalid_request", "Missing grant_type");
    if (!acceptsGrantType(grantType)) return oauthError("unsupported_grant_type", `Unsupported grant type: ${grantType}`);
    if (form.has("grant_type") && form.get("grant_type") !== grantType) return oauthError("invalid_request", "grant_type differs between query and form");
    const grant = grantForms[grantType];
    if (grant) {
      const missing = grant.fields.filter((field) => !form.get(field));
      if (missing.length > 0) return oauthError("invalid_request", `Missing ${missing.join(" and ")}`);
      request.headers.prefer ??= `example=${grant.example}`;
    }
    return undefined;
  };
}
