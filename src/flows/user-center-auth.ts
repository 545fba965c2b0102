import { RequestValidationError } from "../request-validation.js";
import { createUserCenterClient, userCenterServer } from "../user-center.js";
import { type AccessToken, parseTokenResponse } from "./access-token.js";
import { bearerFetch, retryPolicy } from "./auth-fetch.js";
import { clientBasicAuthorization } from "./basic-authorization.js";
import { DeadlineExceeded, withDeadline } from "../abort.js";
import type { UserCredentials } from "./credential-store.js";
import { AuthError, AuthResponseError, oauthErrorCode, RequestFailedError } from "./errors.js";
import type { Fetch } from "./fetch.js";
import type { TokenFlowSettings } from "./flow-options.js";
import { networkErrorCode, sendWithRetries } from "./retry.js";
import { createTokenCache, type TokenSource } from "./token-cache.js";

export interface UserCenterAuthOptions extends TokenFlowSettings {
  clientId: string;
  clientSecret: string;
  /** Default `https://user.gini.net`. */
  baseUrl?: string;
}

/** The User Center operations the anonymous-user flow is made of, signed with the client's credentials. */
export interface UserCenterAuth {
  /** Client access tokens (`getClientToken`, openapi/user-center/), cached until shortly before they expire. */
  readonly clientTokens: TokenSource;
  /** `requestToken` with `grant_type=password`: the user's access token. */
  logIn(user: UserCredentials): Promise<AccessToken>;
  /**
   * `createUser`; the new user's ID from `Location`, or `undefined` on 400 (the email exists:
   * an earlier request with the same credentials created it).
   */
  createUser(user: UserCredentials): Promise<{ userId: string | undefined }>;
  /** `updateUser` with `oldEmail` and `email` (openapi/user-center/). */
  changeEmail(userId: string, oldEmail: string, email: string): Promise<void>;
}

const json = { Accept: "application/json" } as const;

/** A token endpoint's body as JSON, or `undefined`: a parse error would quote the body, which holds a token. */
function parseJson(text: unknown): unknown {
  try {
    return typeof text === "string" ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 9110 §15.4; `opaqueredirect` is what a browser shows of a redirect under `redirect: "manual"`. */
const isRedirect = (response: Response) => response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400);

export function createUserCenterAuth(options: UserCenterAuthOptions): UserCenterAuth {
  const { now, timeout } = options;
  const baseUrl = options.baseUrl ?? userCenterServer;
  // Every step of the flow is safe to repeat (tokens, the create of a user whose credentials are
  // stored), so each may be retried, POST included.
  const fetchOptions = { fetch: options.fetch, retries: options.retries, random: options.random, idempotent: () => true };
  const policy = retryPolicy(fetchOptions);
  const clientOptions = {
    baseUrl,
    // Credentials never follow a redirect (fetch's default would re-send the password form).
    redirect: "manual" as const,
    ...(options.validateRequests !== undefined && { validateRequests: options.validateRequests }),
  };
  const sendToTokenEndpoint: Fetch = (request, init) => sendWithRetries(options.fetch, request, init, policy);
  const tokenEndpoint = createUserCenterClient({ ...clientOptions, fetch: sendToTokenEndpoint });
  const clientAuthorization = { ...json, Authorization: clientBasicAuthorization(options.clientId, options.clientSecret) };

  /**
   * Runs one User Center call under the flow's timeout (headers and body), and turns what went
   * wrong into a typed error naming the operation: a redirect, or a request that got no answer.
   */
  async function call<T extends { response: Response }>(operation: string, method: string, path: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    // The base URL has no user info or query (`serverUrl` rule), the path no query.
    const url = `${baseUrl}${path}`;
    try {
      const result = await withDeadline(timeout, run);
      if (isRedirect(result.response)) throw new AuthResponseError(operation, result.response.status, undefined, "redirect not followed");
      return result;
    } catch (error) {
      if (error instanceof AuthError || error instanceof RequestValidationError) throw error;
      if (error instanceof DeadlineExceeded) throw new RequestFailedError(operation, method, url, "ETIMEDOUT", { note: error.message });
      throw new RequestFailedError(operation, method, url, networkErrorCode(error), { cause: error });
    }
  }

  const clientTokens = createTokenCache({
    now,
    refreshMargin: options.refreshMargin,
    async fetchToken() {
      const { data, error, response } = await call("getClientToken", "GET", "/oauth/token", (signal) =>
        tokenEndpoint.GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: clientAuthorization, parseAs: "text", signal }),
      );
      if (!response.ok) throw new AuthResponseError("getClientToken", response.status, oauthErrorCode(error));
      return parseTokenResponse("getClientToken", parseJson(data), now());
    },
  });
  // User operations carry the client token; a 401 there fetches a new one and retries once.
  const users = createUserCenterClient({ ...clientOptions, fetch: bearerFetch(clientTokens, fetchOptions) });

  return {
    clientTokens,
    async logIn(user) {
      const { data, error, response } = await call("requestToken", "POST", "/oauth/token", (signal) =>
        tokenEndpoint.POST("/oauth/token", {
          params: { query: { grant_type: "password" } },
          headers: { ...clientAuthorization, "Content-Type": "application/x-www-form-urlencoded" },
          body: { username: user.email, password: user.password },
          parseAs: "text",
          signal,
        }),
      );
      if (!response.ok) throw new AuthResponseError("requestToken", response.status, oauthErrorCode(error));
      return parseTokenResponse("requestToken", parseJson(data), now());
    },
    async createUser(user) {
      const { error, response } = await call("createUser", "POST", "/api/users", (signal) =>
        users.POST("/api/users", { headers: json, body: { email: user.email, password: user.password }, signal }),
      );
      if (response.status === 400) return { userId: undefined };
      if (response.status !== 201) throw new AuthResponseError("createUser", response.status, oauthErrorCode(error));
      // `Location: …/api/users/{userId}`, absolute or relative, read without `new URL` (React Native lacks its getters).
      return { userId: /\/users\/([^/?#]+)\/?(?:[?#].*)?$/.exec(response.headers.get("Location") ?? "")?.[1] };
    },
    async changeEmail(userId, oldEmail, email) {
      const { error, response } = await call("updateUser", "PUT", `/api/users/${encodeURIComponent(userId)}`, (signal) =>
        users.PUT("/api/users/{userId}", { params: { path: { userId } }, headers: json, body: { oldEmail, email }, signal }),
      );
      if (!response.ok) throw new AuthResponseError("updateUser", response.status, oauthErrorCode(error));
    },
  };
}
