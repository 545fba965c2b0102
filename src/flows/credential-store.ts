/** An anonymous User Center user as the flow keeps it (seed 003: the email is the login name). */
export interface StoredUser {
  readonly email: string;
  readonly password: string;
  /** The last segment of `createUser`'s `Location`; unknown for users created elsewhere. */
  readonly userId?: string;
}

/**
 * Where the anonymous user's credentials live between runs (a file, the Keychain, encrypted
 * browser storage, …). The flow reads it once per login and writes it before it creates a user,
 * so a crash never orphans a user. Errors thrown here reach callers as `CredentialStoreError`.
 */
export interface CredentialStore {
  get(): Promise<StoredUser | undefined>;
  set(user: StoredUser): Promise<void>;
  delete(): Promise<void>;
}

/** A `CredentialStore` in memory: the user lives as long as the process (tests, servers). */
export function createMemoryCredentialStore(initial?: StoredUser): CredentialStore {
  let user = initial;
  return {
    get: async () => user,
    set: async (next) => {
      user = next;
    },
    delete: async () => {
      user = undefined;
    },
  };
}
