// The User Center: client tokens (RFC 6749 §4.4), user logins (§4.3) and user accounts, with
// state. Users' passwords are checked against salted hashes; tokens expire after the configured
// lifetime; a password change or deleting a user revokes the user's tokens, refresh tokens too
// (a client configured with `refreshTokens` gets one with each user token; each use rotates it). A client token
// manages only the users created through its client (and the configured ones). Every body here
// is JSON or a form, checked against its operation before the handler runs: parsed at once.
import type { components } from "../generated/user-center.js";
import type { ApiModule, Handler } from "./api-server.js";
import { bearerToken, clientCredentials } from "./authorization.js";
import { randomId } from "./bytes.js";
import { emptyResponse, jsonResponse, type RequestHead } from "./http-types.js";
import { maxLengths } from "./limits.js";
import type { Operation, RequestProblem } from "../src/registry/api-contract.js";
import { hashPassword, verifyPassword } from "./password-hash.js";
import type { SandboxState, StoredUser } from "./state.js";

type Schemas = components["schemas"];

export interface ClientPrincipal {
  readonly clientId: string;
}

/** RFC 6749 §5.1 and §5.2: token responses and their errors must not be cached. */
const noStore = { "cache-control": "no-store", pragma: "no-cache" };

const oauthError = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  jsonResponse(status, { error, error_description: description } satisfies Schemas["OAuthError"], { ...noStore, ...headers });

const invalidClient = () => oauthError(401, "invalid_client", "Bad client credentials", { "www-authenticate": 'Basic realm="oauth"' });

/** RFC 6750 §3: the challenge names the error. */
const invalidToken = () => oauthError(401, "invalid_token", "Access token expired or invalid", { "www-authenticate": 'Bearer realm="oauth", error="invalid_token"' });

const invalidEntity = () => oauthError(400, "invalid_request", "Invalid user");
const userNotFound = () => oauthError(404, "not_found", "No such user");

function authenticateClient(state: SandboxState, authorization: string | undefined): ClientPrincipal | undefined {
  const credentials = clientCredentials(authorization);
  const client = credentials && state.clients.get(credentials.username);
  return client && credentials?.password !== undefined && client.secrets.includes(credentials.password) ? { clientId: client.id } : undefined;
}

const refreshesTokens = (state: SandboxState, clientId: string) => state.clients.get(clientId)?.refreshTokens === true;

function tokenResponse({ accessToken, expiresIn, refreshToken }: { accessToken: string; expiresIn: number; refreshToken?: string }) {
  const body: Schemas["TokenResponse"] = { access_token: accessToken, token_type: "bearer", expires_in: expiresIn, ...(refreshToken !== undefined && { refresh_token: refreshToken }) };
  return jsonResponse(200, body, noStore);
}

const issueToken = (state: SandboxState, clientId: string, userId?: string) =>
  tokenResponse(state.write(() => state.users.issueToken(clientId, userId, userId !== undefined && refreshesTokens(state, clientId))));

/** A client manages the users it created and the configured ones; to it, another client's user does not exist. */
const managedBy = (user: StoredUser | undefined, clientId: string) => (user && (user.clientId === null || user.clientId === clientId) ? user : undefined);

const clientToken: Handler<ClientPrincipal> = (_request, { state, principal }) => issueToken(state, principal.clientId);

type TokenForm = Partial<Schemas["PasswordGrantForm"] & Omit<Schemas["RefreshTokenGrantForm"], "grant_type">> & { grant_type?: string };

/** The grant is named in the query (Gini's SDKs) or in the form (Gini's refresh token docs); both, when present, must agree. */
const requestToken: Handler<ClientPrincipal> = (request, context) => {
  const form = (request.parsedBody() ?? {}) as TokenForm;
  const inQuery = request.url.searchParams.get("grant_type") ?? undefined;
  const grantType = inQuery ?? form.grant_type;
  if (grantType === undefined) return oauthError(400, "invalid_request", "Missing grant_type");
  if (form.grant_type !== undefined && form.grant_type !== grantType) return oauthError(400, "invalid_request", "grant_type differs between query and form");
  if (grantType === "client_credentials") return clientToken(request, context);
  return grantType === "refresh_token" ? refreshGrant(form, context) : passwordGrant(request, context);
};

const refreshGrant = (form: TokenForm, { state, principal }: Parameters<Handler<ClientPrincipal>>[1]) => {
  if (!form.refresh_token) return oauthError(400, "invalid_request", "Missing refresh_token");
  if (!refreshesTokens(state, principal.clientId)) return oauthError(400, "unauthorized_client", "Client not configured for refresh tokens");
  const refreshToken = form.refresh_token;
  // Spending the old token and issuing the new ones is one transaction: a refresh token is used once.
  const issued = state.write(() => {
    const userId = state.users.useRefreshToken(refreshToken, principal.clientId);
    return userId === undefined ? undefined : state.users.issueToken(principal.clientId, userId, true);
  });
  return issued ? tokenResponse(issued) : oauthError(400, "invalid_grant", "Invalid refresh token");
};

const passwordGrant: Handler<ClientPrincipal> = async (request, { state, principal }) => {
  const form = (request.parsedBody() ?? {}) as Partial<Schemas["PasswordGrantForm"]>;
  const missing = (["username", "password"] as const).filter((field) => !form[field]);
  if (missing.length > 0) return oauthError(400, "invalid_request", `Missing ${missing.join(" and ")}`);
  const user = managedBy(state.users.byEmail(form.username!), principal.clientId);
  const usersChanged = state.users.changes;
  // The same answer, after the same work, for an unknown user and a wrong password: neither is revealed (RFC 6749 §5.2).
  const matches = await verifyPassword(form.password!, user?.passwordHash ?? state.dummyHash, state.hashing);
  // A password change or deletion during the await wins: the user is read again if any user changed.
  const current = user && (state.users.changes === usersChanged ? user : state.users.byId(user.id));
  if (!matches || !current || current.passwordHash !== user.passwordHash) return oauthError(400, "invalid_grant", "Bad credentials");
  return issueToken(state, principal.clientId, current.id);
};

/** Stored values are bounded (limits.ts); a longer one is an invalid entity. */
const tooLong = (value: string | undefined, field: keyof typeof maxLengths) => value !== undefined && value.length > maxLengths[field];

const createUser: Handler<ClientPrincipal> = async (request, { state, publicUrl, principal }) => {
  const body = request.parsedBody() as Schemas["NewUser"];
  if (tooLong(body.email, "email") || tooLong(body.password, "password")) return invalidEntity();
  const passwordHash = await hashPassword(body.password, state.hashing);
  const id = randomId();
  // One statement after the last await that stores the user only if the email is free: two concurrent sign-ups cannot both pass.
  const created = state.write(() => state.users.add({ id, email: body.email, passwordHash, clientId: principal.clientId }));
  return created ? emptyResponse(201, { location: `${publicUrl}/api/users/${id}` }) : invalidEntity();
};

function userOf(state: SandboxState, userId: string | undefined, principal: ClientPrincipal) {
  return userId === undefined ? undefined : managedBy(state.users.byId(userId), principal.clientId);
}

const getUser: Handler<ClientPrincipal> = (_request, { state, pathParameters, principal }) => {
  const user = userOf(state, pathParameters.userId, principal);
  if (!user) return userNotFound();
  return jsonResponse(200, { id: user.id, email: user.email } satisfies Schemas["User"]);
};

type UserChange = Partial<Schemas["PasswordChange"] & Schemas["EmailChange"]>;

/** Seed 003: every change names the current value; a wrong current value changes nothing. A new password revokes the user's tokens. */
async function changeUser(state: SandboxState, user: StoredUser, change: UserChange) {
  if (tooLong(change.email, "email") || tooLong(change.password, "password")) return invalidEntity();
  if (change.oldPassword !== undefined && !(await verifyPassword(change.oldPassword, user.passwordHash, state.hashing))) return invalidEntity();
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password, state.hashing);
  // The checks and the change are one transaction after the last await: no concurrent change slips in between.
  const changed = state.write(() => {
    const current = state.users.byId(user.id);
    if (!current || (change.oldPassword !== undefined && current.passwordHash !== user.passwordHash)) return false;
    if (change.oldEmail !== undefined && change.oldEmail.toLowerCase() !== current.email.toLowerCase()) return false;
    const owner = change.email === undefined ? undefined : state.users.byEmail(change.email);
    if (owner && owner.id !== current.id) return false;
    state.users.change(current, { ...(change.email !== undefined && { email: change.email }), ...(passwordHash !== undefined && { passwordHash }) });
    return true;
  });
  return changed ? emptyResponse(204) : invalidEntity();
}

const updateUser: Handler<ClientPrincipal> = async (request, { state, pathParameters, principal }) => {
  const user = userOf(state, pathParameters.userId, principal);
  if (!user) return userNotFound();
  return changeUser(state, user, request.parsedBody() as UserChange);
};

const deleteUser: Handler<ClientPrincipal> = (_request, { state, pathParameters, principal }) => {
  const user = userOf(state, pathParameters.userId, principal);
  if (!user) return userNotFound();
  state.write(() => state.deleteUser(user));
  return emptyResponse(204);
};

function rejectInvalid(problems: readonly RequestProblem[], operation: Operation) {
  if (operation.id === "getClientToken" || operation.id === "requestToken") {
    const grantType = problems.find((problem) => problem.field === "grant_type");
    if (grantType?.rule === "required") return oauthError(400, "invalid_request", "Missing grant_type");
    if (grantType) return oauthError(400, "unsupported_grant_type", "Unsupported grant type");
    return oauthError(400, "invalid_request", `Invalid ${problems.map((problem) => problem.field || problem.location).join(", ")}`);
  }
  // A malformed user ID names no user; only the operations with a body document 400.
  if (problems.some((problem) => problem.location === "path") || !operation.responseStatuses.includes("400")) return userNotFound();
  return invalidEntity();
}

function authenticate(request: RequestHead, operation: Operation, state: SandboxState) {
  const authorization = request.header("authorization");
  if (operation.security.some((requirement) => "clientBasic" in requirement)) {
    const principal = authenticateClient(state, authorization);
    return principal ? { principal } : { response: invalidClient() };
  }
  const token = bearerToken(authorization);
  const grant = token === undefined ? undefined : state.users.validToken(token);
  // Only a client token manages users; a user's own token does not.
  return grant && grant.userId === undefined ? { principal: { clientId: grant.clientId } } : { response: invalidToken() };
}

const refusals = {
  400: { error: "invalid_request", description: "Malformed request" },
  404: { error: "not_found", description: "No such resource" },
  405: { error: "method_not_allowed", description: "Method not allowed" },
  413: { error: "invalid_request", description: "Request body too large" },
  429: { error: "too_many_requests", description: "Too many requests" },
  503: { error: "temporarily_unavailable", description: "Service unavailable" },
} as const;

export const userCenter: ApiModule<ClientPrincipal> = {
  apiName: "user-center",
  authenticate,
  rejectInvalid,
  refuse: (status) => oauthError(status, refusals[status].error, refusals[status].description),
  handlers: {
    getClientToken: clientToken,
    requestToken,
    createUser,
    getUser,
    updateUser,
    changePasswordLegacy: updateUser,
    deleteUser,
  },
};
