import { createUserCenterClient, userCenterServer } from "../user-center.js";
import { type AccessToken, parseTokenResponse } from "./access-token.js";
import { clientBasicAuthorization } from "./basic-authorization.js";
import { bearerAuthentication } from "./bearer-authentication.js";
import type { StoredUser } from "./credential-store.js";
import { RequestValidationError } from "../request-validation.js";
import { AuthError, AuthResponseError, oauthErrorCode } from "./errors.js";
import { type CommonFlowOptions, clientSettings } from "./flow-options.js";
import { createTokenCache, type TokenSource } from "./token-cache.js";

export interface UserCenterAuthOptions extends CommonFlowOptions {
  clientId: string;
  clientSecret: string;
  /** Default `https://user.gini.net`. */
  userCenterUrl?: string;
  now: () => number;
  refreshMargin: number;
}

/** The User Center operations the anonymous-user flow is made of, signed with the client's credentials. */
export interface UserCenterAuth {
  /** Client access tokens (`getClientToken`, seed 003), cached until shortly before they expire. */
  readonly clientTokens: TokenSource;
  /** `requestToken` with `grant_type=password`: the user's access token. */
  logIn(user: StoredUser): Promise<AccessToken>;
  /** `createUser`; the new user's ID from `Location`, or `undefined` on 400 (the email exists already). */
  createUser(user: StoredUser): Promise<{ userId: string | undefined }>;
  /** `updateUser` with `oldEmail` and `email` (seed 003). */
  changeEmail(userId: string, oldEmail: string, email: string): Promise<void>;
}

const json = { Accept: "application/json" } as const;

/** Sends one User Center request; a failure to get an answer becomes an `AuthError` naming the operation. */
async function send<T>(operation: string, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof AuthError || error instanceof RequestValidationError) throw error;
    throw new AuthError(operation, "request failed", { cause: error });
  }
}

export function createUserCenterAuth(options: UserCenterAuthOptions): UserCenterAuth {
  const { now } = options;
  const clientOptions = { ...clientSettings(options), baseUrl: options.userCenterUrl ?? userCenterServer };
  const tokenEndpoint = createUserCenterClient(clientOptions);
  const clientAuthorization = { ...json, Authorization: clientBasicAuthorization(options.clientId, options.clientSecret) };

  const clientTokens = createTokenCache({
    now,
    refreshMargin: options.refreshMargin,
    async fetchToken() {
      const { data, error, response } = await send(
        "getClientToken",
        tokenEndpoint.GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: clientAuthorization }),
      );
      if (!response.ok) throw new AuthResponseError("getClientToken", response.status, oauthErrorCode(error));
      return parseTokenResponse("getClientToken", data, now());
    },
  });
  // User operations carry the client token; a 401 there fetches a new one and retries once.
  const users = createUserCenterClient(clientOptions);
  users.use(bearerAuthentication(clientTokens));

  return {
    clientTokens,
    async logIn(user) {
      const { data, error, response } = await send(
        "requestToken",
        tokenEndpoint.POST("/oauth/token", {
          params: { query: { grant_type: "password" } },
          headers: { ...clientAuthorization, "Content-Type": "application/x-www-form-urlencoded" },
          body: { username: user.email, password: user.password },
        }),
      );
      if (!response.ok) throw new AuthResponseError("requestToken", response.status, oauthErrorCode(error));
      return parseTokenResponse("requestToken", data, now());
    },
    async createUser(user) {
      const { error, response } = await send("createUser", users.POST("/api/users", { headers: json, body: { email: user.email, password: user.password } }));
      if (response.status === 400) return { userId: undefined };
      if (response.status !== 201) throw new AuthResponseError("createUser", response.status, oauthErrorCode(error));
      const location = response.headers.get("Location");
      return { userId: location ? new URL(location, clientOptions.baseUrl).pathname.split("/").pop() || undefined : undefined };
    },
    async changeEmail(userId, oldEmail, email) {
      const { error, response } = await send(
        "updateUser",
        users.PUT("/api/users/{userId}", { params: { path: { userId } }, headers: json, body: { oldEmail, email } }),
      );
      if (!response.ok) throw new AuthResponseError("updateUser", response.status, oauthErrorCode(error));
    },
  };
}
