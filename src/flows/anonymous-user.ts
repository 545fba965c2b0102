import type { AccessToken } from "./access-token.js";
import type { CredentialStore, UserCredentials } from "./credential-store.js";
import { AuthResponseError, CredentialStoreError, type CredentialStoreOperation } from "./errors.js";
import { type TokenFlowOptions, type TokenFlowSettings, tokenFlowSettings } from "./flow-options.js";
import { baseUrlOption, requireText } from "./option-rules.js";
import { randomPassword, uuidV4 } from "./random.js";
import { createTokenCache, refreshTime, type TokenSource } from "./token-cache.js";
import { createUserCenterAuth, type UserCenterAuth } from "./user-center-auth.js";

export interface AnonymousUserOptions extends TokenFlowOptions {
  clientId: string;
  clientSecret: string;
  /** The domain of the generated `<uuid>@<emailDomain>` logins; one that is clearly your app's (docs/auth-flows.md). */
  emailDomain: string;
  /**
   * When the stored user's email has another domain than `emailDomain`, change it with
   * `updateUser` (openapi/user-center/) after logging in, instead of keeping the old one (default `false`,
   * as in Gini's current SDKs). Needs the user ID, which the flow keeps from `createUser`.
   */
  updateEmailDomain?: boolean;
  /** Default `https://user.gini.net`. */
  userCenterUrl?: string;
}

/** Runs one store call; whatever it throws becomes a `CredentialStoreError` naming the call. */
async function guarded<T>(operation: CredentialStoreOperation, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof CredentialStoreError ? error : new CredentialStoreError(operation, { cause: error });
  }
}

/**
 * The one answer that means "this user's credentials are bad": an RFC 6749 §5.2 error body with
 * `invalid_grant` (400, or 401 if the server sends that body with it). Any other 401, a 5xx, an
 * HTML or empty body (a gateway, a proxy) says nothing about the user, who is kept.
 */
const isInvalidGrant = (error: unknown) => error instanceof AuthResponseError && (error.status === 400 || error.status === 401) && error.oauthError === "invalid_grant";

/** Runs `critical` under the store's lock; a failure of the lock itself (not of `critical`) is a `CredentialStoreError`. */
async function locked<T>(store: CredentialStore, critical: () => Promise<T>): Promise<T> {
  const failures = new WeakSet<object>();
  try {
    return await store.lock(() =>
      critical().catch((error: unknown) => {
        if (typeof error === "object" && error !== null) failures.add(error);
        throw error;
      }),
    );
  } catch (error) {
    if ((typeof error === "object" && error !== null && failures.has(error)) || error instanceof CredentialStoreError) throw error;
    throw new CredentialStoreError("credentialStore.lock", { cause: error });
  }
}

type AnonymousUserSettings = TokenFlowSettings & { emailDomain: string; updateEmailDomain: boolean };

/**
 * Validates the options of an anonymous-user flow and returns a maker of token sources, one per
 * credential store, that share the client's User Center authentication and client token.
 */
export function anonymousUserTokens(operation: string, options: AnonymousUserOptions): (store: CredentialStore) => TokenSource {
  const settings = tokenFlowSettings(operation, options);
  const auth = createUserCenterAuth({
    ...settings,
    clientId: requireText(operation, "clientId", options.clientId, "nonEmpty"),
    clientSecret: requireText(operation, "clientSecret", options.clientSecret, "nonEmpty"),
    ...baseUrlOption(operation, "userCenterUrl", options.userCenterUrl),
  });
  const emailDomain = requireText(operation, "emailDomain", options.emailDomain, "emailDomain");
  const flowSettings = { ...settings, emailDomain, updateEmailDomain: options.updateEmailDomain ?? false };
  return (store) => createAnonymousUserTokens(auth, store, flowSettings);
}

/**
 * The anonymous user's access tokens (docs/auth-flows.md, anonymous session): takes the token another
 * process stored, or, holding the store's lock, logs in with the stored user, creating one
 * first if there is none. One login at a time in a process, however many callers wait for it,
 * and one across the processes that share the store.
 */
function createAnonymousUserTokens(auth: UserCenterAuth, store: CredentialStore, settings: AnonymousUserSettings): TokenSource {
  const { emailDomain, now } = settings;
  /** The last token the API rejected: a stored copy of it is not handed out again. */
  let rejected: string | undefined;
  const read = () => guarded("credentialStore.get", () => store.get());
  const write = (credentials: UserCredentials) => guarded("credentialStore.set", () => store.set(credentials));
  const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  /** A user that `updateEmailDomain` would move: its stored token is not used, so that the login moves it. */
  const toMove = (user: UserCredentials) => settings.updateEmailDomain && user.userId !== undefined && domainOf(user.email) !== emailDomain.toLowerCase();
  const sharedToken = (credentials: UserCredentials | undefined) => {
    const token = credentials?.accessToken;
    return token && token.value !== rejected && now() < token.refreshAt && !toMove(credentials) ? token : undefined;
  };

  /** Sends `createUser` for credentials that are stored as not yet confirmed, then marks them confirmed. */
  async function confirm({ unconfirmed, ...user }: UserCredentials): Promise<UserCredentials> {
    const { userId } = await auth.createUser(user);
    const confirmed = userId === undefined ? user : { ...user, userId };
    await write(confirmed);
    return confirmed;
  }

  /** A new user, stored before it exists (marked unconfirmed) and then created. */
  async function createUser(): Promise<UserCredentials> {
    const user = { email: `${uuidV4(settings.random)}@${emailDomain}`, password: randomPassword(settings.random), unconfirmed: true as const };
    await write(user);
    return confirm(user);
  }

  /**
   * Best effort, as in Gini's Android SDK until 2024: a failure keeps the old email, and the next
   * login tries again. The moved user is stored with the new token.
   */
  async function moveToEmailDomain(user: UserCredentials): Promise<UserCredentials> {
    const { email, userId } = user;
    if (!userId || !toMove(user)) return user;
    const moved = { ...user, email: `${email.slice(0, email.lastIndexOf("@"))}@${emailDomain}` };
    try {
      await auth.changeEmail(userId, email, moved.email);
      return moved;
    } catch {
      return user;
    }
  }

  /** Runs under the store's lock: another process may have logged in (or created the user) while this one waited. */
  async function logInExclusively(): Promise<AccessToken & { refreshAt: number }> {
    let user = await read();
    const shared = sharedToken(user);
    if (shared) return shared;
    // Only a user this start did not create itself may be replaced: a just-created user that is
    // rejected means something else is wrong, and another new user would not fix it.
    const createdNow = !user || user.unconfirmed === true;
    user = user === undefined ? await createUser() : user.unconfirmed ? await confirm(user) : user;
    const loggedInAt = now();
    let token: AccessToken;
    try {
      token = await auth.logIn(user);
    } catch (error) {
      if (createdNow || !isInvalidGrant(error)) throw error;
      user = await createUser();
      token = await auth.logIn(user);
    }
    user = await moveToEmailDomain(user);
    const accessToken = { ...token, refreshAt: refreshTime(token, loggedInAt, settings.refreshMargin) };
    await write({ ...user, accessToken });
    return accessToken;
  }

  const cache = createTokenCache({
    now,
    refreshMargin: settings.refreshMargin,
    async fetchToken() {
      return sharedToken(await read()) ?? locked(store, logInExclusively);
    },
  });
  return {
    ...cache,
    invalidate(tokenValue) {
      rejected = tokenValue;
      cache.invalidate(tokenValue);
    },
  };
}
