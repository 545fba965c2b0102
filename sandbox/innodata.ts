// Innodata's authentication API with state: sign-up, login (which activates the user and
// issues the live and test keys on first use; seed 002 shows a new user without keys) and the
// user behind a key. Every answer, errors included, is the envelope of seed 002.
import { randomUUID } from "node:crypto";
import type { components } from "../generated/innodata.js";
import type { ApiModule, Handler } from "./api-server.js";
import { basicCredentials } from "./authorization.js";
import { jsonResponse, type SandboxRequest } from "./http-types.js";
import type { Operation } from "../src/registry/api-contract.js";
import { hashPassword, verifyPassword } from "./password-hash.js";
import type { SandboxState, StoredInnodataUser } from "./state.js";

type Schemas = components["schemas"];
type KeyHolder = StoredInnodataUser | undefined;

function envelope(status: number, response: Schemas["User"] | Schemas["Error"]) {
  return jsonResponse(status, { success: status < 400, status_code: status, tracking: randomUUID(), response });
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
async function authenticate(request: SandboxRequest, operation: Operation, state: SandboxState) {
  const required = operation.security.some((requirement) => "apiKeyBasic" in requirement);
  if (!required) return { principal: undefined };
  const credentials = basicCredentials(request.header("authorization"));
  const user = credentials?.password === "" ? state.innodataUserByKey(credentials.username) : undefined;
  return user ? { principal: user } : { response: failure(401, "Invalid API key") };
}

const createUser: Handler<KeyHolder> = async (request, { state }) => {
  const body = (await request.parsedBody()) as Schemas["NewUser"];
  const passwordHash = await hashPassword(body.password, state.config.passwordHashCost);
  // Checked after hashing, with no await in between: two concurrent sign-ups cannot both pass.
  if (state.innodataUserByEmail(body.email)) return failure(409, "A user with this email already exists");
  const user: StoredInnodataUser = {
    id: randomUUID(),
    name: body.name,
    email: body.email,
    passwordHash,
    isDemo: body.demo ?? false,
    activated: false,
    liveKey: null,
    testKey: null,
  };
  state.addInnodataUser(user);
  return envelope(201, userBody(user));
};

const loginUser: Handler<KeyHolder> = async (request, { state }) => {
  const body = (await request.parsedBody()) as Schemas["LoginRequest"];
  const user = state.innodataUserByEmail(body.username);
  if (!user || !(await verifyPassword(body.password, user.passwordHash))) return failure(401, "Invalid username or password");
  state.activateInnodataUser(user);
  return envelope(200, userBody(user));
};

export const innodata: ApiModule<KeyHolder> = {
  apiName: "innodata",
  authenticate,
  rejectInvalid: () => failure(400, "Invalid request body"),
  noSuchOperation: (status) => failure(status, status === 404 ? "Not found" : "Method not allowed"),
  handlers: {
    createUser,
    loginUser,
    getCurrentUser: (_request, { principal }) => envelope(200, userBody(principal!)),
  },
};
