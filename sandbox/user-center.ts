// The User Center: client tokens (RFC 6749 §4.4), user logins (§4.3) and user accounts, with
// state. Users' passwords are checked against scrypt hashes; tokens expire after the
// configured lifetime; deleting a user revokes the user's tokens.
import { randomUUID } from "node:crypto";
import type { components } from "../generated/user-center.js";
import type { ApiModule, Handler } from "./api-server.js";
import { bearerToken, clientCredentials } from "./authorization.js";
import { emptyResponse, jsonResponse, type SandboxRequest } from "./http-types.js";
import type { Operation, RequestProblem } from "../src/registry/api-contract.js";
import { hashPassword, verifyPassword } from "./password-hash.js";
import type { SandboxState, StoredUser } from "./state.js";

type Schemas = components["schemas"];

interface ClientPrincipal {
  readonly clientId: string;
}

/** RFC 6749 §5.1 and §5.2: token responses and their errors must not be cached. */
const noStore = { "cache-control": "no-store", pragma: "no-cache" };

const oauthError = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  jsonResponse(status, { error, error_description: description } satisfies Schemas["OAuthError"], { ...noStore, ...headers });

const invalidClient = () => oauthError(401, "invalid_client", "Bad client credentials", { "www-authenticate": 'Basic realm="oauth"' });

/** RFC 6750 §3: the challenge names the error. */
const invalidToken = () => oauthError(401, "invalid_token", "Access token expired or invalid", { "www-authenticate": 'Bearer realm="oauth", error="invalid_token"' });

/** The description documents no body for this 400 (seed 003 shows none). */
const invalidEntity = () => emptyResponse(400);
const userNotFound = () => emptyResponse(404);

export function authenticateClient(state: SandboxState, authorization: string | undefined): ClientPrincipal | undefined {
  const credentials = clientCredentials(authorization);
  const client = credentials && state.clients.get(credentials.username);
  return client && credentials?.password !== undefined && client.secrets.includes(credentials.password) ? { clientId: client.id } : undefined;
}

function issueToken(state: SandboxState, clientId: string, userId?: string) {
  const { accessToken, expiresIn } = state.issueToken(clientId, userId);
  const body: Schemas["TokenResponse"] = { access_token: accessToken, token_type: "bearer", expires_in: expiresIn };
  return jsonResponse(200, body, noStore);
}

const clientToken: Handler<ClientPrincipal> = (_request, { state, principal }) => issueToken(state, principal.clientId);

const requestToken: Handler<ClientPrincipal> = async (request, context) => {
  if (request.url.searchParams.get("grant_type") === "client_credentials") return clientToken(request, context);
  const form = ((await request.parsedBody()) ?? {}) as Partial<Schemas["PasswordGrantForm"]>;
  const missing = (["username", "password"] as const).filter((field) => !form[field]);
  if (missing.length > 0) return oauthError(400, "invalid_request", `Missing ${missing.join(" and ")}`);
  const user = context.state.userByEmail(form.username!);
  // The same answer for an unknown user and a wrong password: neither is revealed (RFC 6749 §5.2).
  if (!user || !(await verifyPassword(form.password!, user.passwordHash))) return oauthError(400, "invalid_grant", "Bad credentials");
  return issueToken(context.state, context.principal.clientId, user.id);
};

const createUser: Handler<ClientPrincipal> = async (request, { state, publicUrl }) => {
  const body = (await request.parsedBody()) as Schemas["NewUser"];
  const passwordHash = await hashPassword(body.password, state.config.passwordHashCost);
  // Checked after hashing, with no await in between: two concurrent sign-ups cannot both pass.
  if (state.userByEmail(body.email)) return invalidEntity();
  const user: StoredUser = { id: randomUUID(), email: body.email, passwordHash };
  state.addUser(user);
  return emptyResponse(201, { location: `${publicUrl}/api/users/${user.id}` });
};

function userOf(state: SandboxState, userId: string | undefined) {
  return userId === undefined ? undefined : state.userById(userId);
}

const getUser: Handler<ClientPrincipal> = (_request, { state, pathParameters }) => {
  const user = userOf(state, pathParameters.userId);
  if (!user) return userNotFound();
  return jsonResponse(200, { id: user.id, email: user.email } satisfies Schemas["User"]);
};

type UserChange = Partial<Schemas["PasswordChange"] & Schemas["EmailChange"]>;

/** Seed 003: every change names the current value; a wrong current value changes nothing. */
async function changeUser(state: SandboxState, user: StoredUser, change: UserChange) {
  if (change.oldPassword !== undefined && !(await verifyPassword(change.oldPassword, user.passwordHash))) return invalidEntity();
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password, state.config.passwordHashCost);
  // The email checks come after the last await, so that no concurrent change slips in between.
  if (change.oldEmail !== undefined && change.oldEmail.toLowerCase() !== user.email.toLowerCase()) return invalidEntity();
  const owner = change.email === undefined ? undefined : state.userByEmail(change.email);
  if (owner && owner.id !== user.id) return invalidEntity();
  if (passwordHash !== undefined) user.passwordHash = passwordHash;
  if (change.email !== undefined) state.changeEmail(user, change.email);
  return emptyResponse(204);
}

const updateUser: Handler<ClientPrincipal> = async (request, { state, pathParameters }) => {
  const user = userOf(state, pathParameters.userId);
  if (!user) return userNotFound();
  return changeUser(state, user, (await request.parsedBody()) as UserChange);
};

const deleteUser: Handler<ClientPrincipal> = (_request, { state, pathParameters }) => {
  const user = userOf(state, pathParameters.userId);
  if (!user) return userNotFound();
  state.deleteUser(user);
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

async function authenticate(request: SandboxRequest, operation: Operation, state: SandboxState) {
  const schemes = operation.security.flatMap((requirement) => Object.keys(requirement));
  const authorization = request.header("authorization");
  if (schemes.includes("clientBasic")) {
    const principal = authenticateClient(state, authorization);
    return principal ? { principal } : { response: invalidClient() };
  }
  const token = bearerToken(authorization);
  const grant = token === undefined ? undefined : state.validToken(token);
  // Only a client token manages users; a user's own token does not.
  return grant && grant.userId === undefined ? { principal: { clientId: grant.clientId } } : { response: invalidToken() };
}

export const userCenter: ApiModule<ClientPrincipal> = {
  apiName: "user-center",
  authenticate,
  rejectInvalid,
  noSuchOperation: (status) => oauthError(status, status === 404 ? "not_found" : "method_not_allowed", status === 404 ? "No such resource" : "Method not allowed"),
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
