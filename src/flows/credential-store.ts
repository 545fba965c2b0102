import type { AccessToken } from "./access-token.js";
import { CredentialStoreError } from "./errors.js";

/** An access token as stored for other processes: when to stop handing it out, by the flow's clock. */
export interface StoredAccessToken extends AccessToken {
  readonly refreshAt: number;
}

/** The User Center user a flow acts as (the email is the login name: openapi/user-center/), as a `CredentialStore` keeps it. */
export interface UserCredentials {
  readonly email: string;
  readonly password: string;
  /** The last segment of `createUser`'s `Location`; unknown for users created elsewhere. */
  readonly userId?: string;
  /**
   * `true` from before `createUser` is sent until the server answered it: the next start sends
   * `createUser` again with the same credentials before anything else, so a crash in between
   * leaves no orphan, and only a user the server confirmed is ever replaced.
   */
  readonly unconfirmed?: true;
  /** The user's current access token, so that other processes sharing the store need not log in. */
  readonly accessToken?: StoredAccessToken;
}

/**
 * Where a flow keeps its user between runs (a file, Redis, the Keychain, encrypted browser
 * storage, …). Errors thrown here reach callers as `CredentialStoreError`.
 */
export interface CredentialStore {
  /** What the store holds, or `undefined`. */
  get(): Promise<UserCredentials | undefined>;
  /** Replaces what the store holds. The flow writes only while it holds `lock`. */
  set(credentials: UserCredentials): Promise<void>;
  /**
   * Runs `critical` while holding this store's lock, and returns what it returns. Of all the
   * processes or machines that share the store, one at a time holds it; a holder that dies
   * loses it after a bounded time. Inside, `get` then `set` is an atomic create-if-absent
   * (compare-and-set): a flow that finds a user there uses it instead of creating another.
   */
  lock<T>(critical: () => Promise<T>): Promise<T>;
}

const isStoredToken = (value: unknown) =>
  value === undefined ||
  (typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>).value === "string" &&
    typeof (value as Record<string, unknown>).expiresAt === "number" &&
    typeof (value as Record<string, unknown>).refreshAt === "number");

const isUserCredentials = (value: unknown): value is UserCredentials =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as UserCredentials).email === "string" &&
  typeof (value as UserCredentials).password === "string" &&
  ["string", "undefined"].includes(typeof (value as UserCredentials).userId) &&
  [true, undefined].includes((value as UserCredentials).unconfirmed) &&
  isStoredToken((value as UserCredentials).accessToken);

/**
 * Reads what a store serialized with `JSON.stringify`; throws a `CredentialStoreError` naming
 * `source` if it is not `UserCredentials`, without quoting it (JSON.parse's message would: it
 * holds the password).
 */
export function parseCredentials(text: string, source: string): UserCredentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!isUserCredentials(value)) throw new CredentialStoreError("credentialStore.get", { reason: `${source} does not hold the JSON of {email, password, userId?, unconfirmed?, accessToken?}` });
  return value;
}

/** Runs critical sections one after another, in the order they asked: a lock within one process. */
export function createProcessLock(): CredentialStore["lock"] {
  let tail: Promise<unknown> = Promise.resolve();
  return (critical) => {
    const run = tail.then(critical, critical);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** A `CredentialStore` in memory: the user lives as long as the process (tests, servers). */
export function createMemoryCredentialStore(initial?: UserCredentials): CredentialStore {
  let credentials = initial;
  return {
    get: async () => credentials,
    set: async (next) => {
      credentials = next;
    },
    lock: createProcessLock(),
  };
}
