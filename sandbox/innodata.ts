// Innodata's authentication API with state: sign-up, login (which activates the user and
// issues the live and test keys on first use; seed 002 shows a new user without keys) and the
// user behind a key. Every answer, errors included, is the envelope of seed 002.
import type { components } from "../generated/innodata.js";
import type { ApiModule, Handler } from "./api-server.js";
import { basicCredentials } from "./authorization.js";
import { randomId } from "./bytes.js";
import { jsonResponse, type RequestHead } from "./http-types.js";
import { maxLengths } from "./limits.js";
import type { Operation } from "../src/registry/api-contract.js";
import { hashPassword, verifyPassword } from "./password-hash.js";
import type { SandboxState, StoredInnodataUser } from "./state.js";

type Schemas = components["schemas"];
type KeyHolder = StoredInnodataUser | undefined;

function envelope(status: number, response: Schemas["User"] | Schemas["InnodataError"]) {
  return jsonResponse(status, { success: status < 400, status_code: status, tracking: randomId(), response });
}

const failure = (status: number, message: string) => envelope(status, { message });

function userBody(user: StoredInnodataUser): Schemas["User"] {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    activated: user.activated,
    email_verified: user.activated,
    is_demo: user.isDemo,
    api_keys: { live: user.liveKey, test: user.testKey },
  };
}

/** The key is the Basic username with an empty password (seed 002). */
function authenticate(request: RequestHead, operation: Operation, state: SandboxState) {
  const required = operation.security.some((requirement) => "apiKeyBasic" in requirement);
  if (!required) return { principal: undefined };
  const credentials = basicCredentials(request.header("authorization"));
  const user = credentials?.password === "" ? state.innodataUsers.byKey(credentials.username) : undefined;
  return user ? { principal: user } : { response: failure(401, "Invalid API key") };
}

const createUser: Handler<KeyHolder> = async (request, { state }) => {
  const body = (await request.parsedBody()) as Schemas["NewUser"];
  if (body.email.length > maxLengths.email || body.password.length > maxLengths.password || body.name.length > maxLengths.innodataName) return failure(400, "Invalid request body");
  const passwordHash = await hashPassword(body.password, state.hashing);
  const user: StoredInnodataUser = {
    id: randomId(),
    name: body.name,
    email: body.email,
    passwordHash,
    isDemo: body.demo ?? false,
    activated: false,
    liveKey: null,
    testKey: null,
  };
  // Checked and stored in one transaction after the last await: two concurrent sign-ups cannot both pass.
  const created = state.write(() => {
    if (state.innodataUsers.byEmail(body.email)) return false;
    state.innodataUsers.add(user);
    return true;
  });
  return created ? envelope(201, userBody(user)) : failure(409, "A user with this email already exists");
};

const loginUser: Handler<KeyHolder> = async (request, { state }) => {
  const body = (await request.parsedBody()) as Schemas["LoginRequest"];
  const user = state.innodataUsers.byEmail(body.username);
  // The same work for an unknown email as for a wrong password: the timing reveals neither.
  const matches = await verifyPassword(body.password, user?.passwordHash ?? state.dummyHash, state.hashing);
  if (!user || !matches) return failure(401, "Invalid username or password");
  return envelope(200, userBody(state.write(() => state.innodataUsers.activate(state.innodataUsers.byEmail(body.username) ?? user))));
};

const refusals = { 400: "Malformed request", 404: "Not found", 405: "Method not allowed", 413: "Request body too large", 429: "Too many requests", 503: "Service unavailable" } as const;

export const innodata: ApiModule<KeyHolder> = {
  apiName: "innodata",
  authenticate,
  rejectInvalid: () => failure(400, "Invalid request body"),
  refuse: (status) => failure(status, refusals[status]),
  handlers: {
    createUser,
    loginUser,
    getCurrentUser: (_request, { principal }) => envelope(200, userBody(principal!)),
  },
};
