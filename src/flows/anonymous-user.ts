import type { AccessToken } from "./access-token.js";
import type { CredentialStore, StoredUser } from "./credential-store.js";
import { AuthResponseError, CredentialStoreError, type CredentialStoreOperation } from "./errors.js";
import { type TokenFlowOptions, tokenFlowSettings } from "./flow-options.js";
import { requireText } from "./option-rules.js";
import { createTokenCache, type TokenSource } from "./token-cache.js";
import { createUserCenterAuth, type UserCenterAuth } from "./user-center-auth.js";

export interface AnonymousUserOptions extends TokenFlowOptions {
  clientId: string;
  clientSecret: string;
  /** The domain of the generated `<uuid>@<emailDomain>` logins; one that is clearly your app's (seed 000). */
  emailDomain: string;
  /**
   * When the stored user's email has another domain than `emailDomain`, change it with
   * `updateUser` (seed 003) after logging in, instead of keeping the old one (default `false`,
   * as in Gini's current SDKs). Needs the user ID, which the flow keeps from `createUser`.
   */
  updateEmailDomain?: boolean;
  /** Default `https://user.gini.net`. */
  userCenterUrl?: string;
}

/** A password Web Crypto drew: 32 random bytes, base64url (43 characters; seed 003 asks for 6). */
function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Runs one store call; whatever it throws becomes a `CredentialStoreError` naming the call. */
async function guarded<T>(operation: CredentialStoreOperation, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new CredentialStoreError(operation, error);
  }
}

/**
 * The login failures that mean "this user is gone or its password is wrong", after which
 * Gini's SDKs create a new user: 400 `invalid_grant`, or a 401. Unlike the SDKs, a 401
 * `invalid_client` (wrong client credentials) is not one of them: it would fail for a new user
 * too, and deleting the stored user would lose it for good.
 */
const isRejectedUser = (error: unknown) =>
  error instanceof AuthResponseError &&
  ((error.status === 400 && error.code === "invalid_grant") || (error.status === 401 && error.code !== "invalid_client"));

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
    ...(options.userCenterUrl && { userCenterUrl: options.userCenterUrl }),
  });
  const emailDomain = requireText(operation, "emailDomain", options.emailDomain, "emailDomain");
  return (store) => createAnonymousUserTokens(auth, store, { ...settings, emailDomain, updateEmailDomain: options.updateEmailDomain ?? false });
}

/**
 * The anonymous user's access tokens (seed 001 flow 4, steps 1 to 3): logs in with the stored
 * user, or creates one first. One login at a time, however many callers wait for it.
 */
function createAnonymousUserTokens(
  auth: UserCenterAuth,
  store: CredentialStore,
  options: { emailDomain: string; updateEmailDomain: boolean; now: () => number; refreshMargin: number },
): TokenSource {
  const { emailDomain } = options;

  async function createUser(): Promise<StoredUser> {
    const user = { email: `${crypto.randomUUID()}@${emailDomain}`, password: randomPassword() };
    // Saved before it exists: after a crash or a failed request the next login finds it, and
    // either logs in (it was created) or replaces it (it was not): no orphan, no duplicate.
    await guarded("credentialStore.set", () => store.set(user));
    const { userId } = await auth.createUser(user);
    if (userId === undefined) return user;
    const created = { ...user, userId };
    await guarded("credentialStore.set", () => store.set(created));
    return created;
  }

  /** Best effort, as in Gini's Android SDK until 2024: a failure keeps the old email, and the next login tries again. */
  async function moveToEmailDomain({ email, userId, ...rest }: StoredUser): Promise<void> {
    const at = email.lastIndexOf("@");
    if (!userId || email.slice(at + 1).toLowerCase() === emailDomain.toLowerCase()) return;
    const moved = { ...rest, userId, email: `${email.slice(0, at)}@${emailDomain}` };
    try {
      await auth.changeEmail(userId, email, moved.email);
      await store.set(moved);
    } catch {
      return;
    }
  }

  async function logIn(): Promise<AccessToken> {
    const stored = await guarded("credentialStore.get", () => store.get());
    if (!stored) return auth.logIn(await createUser());
    let token: AccessToken;
    try {
      token = await auth.logIn(stored);
    } catch (error) {
      if (!isRejectedUser(error)) throw error;
      await guarded("credentialStore.delete", () => store.delete());
      return auth.logIn(await createUser());
    }
    if (options.updateEmailDomain) await moveToEmailDomain(stored);
    return token;
  }

  return createTokenCache({ fetchToken: logIn, now: options.now, refreshMargin: options.refreshMargin });
}
