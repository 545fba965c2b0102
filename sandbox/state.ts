// Everything the sandbox remembers, shared by the three APIs, by aggregate: users and their
// tokens (state/users.ts), the Gini API's documents (state/documents.ts) and Innodata's users
// (state/innodata-users.ts). It is kept in memory by default, in any JavaScript runtime
// (state/memory-storage.ts); a `stateFile` keeps it in SQLite, which only the sandbox's Node
// entry can open (state/sqlite-storage.ts). Handlers change state only inside `write()`, one
// transaction per request: a failed write changes nothing.
import { randomId } from "./bytes.js";
import { type ClientConfig, type SandboxConfig, SandboxConfigError } from "./config.js";
import { dummyPasswordHash, type HmacSha256, hashPassword, type PasswordHashing } from "./password-hash.js";
import { Documents } from "./state/documents.js";
import { InnodataUsers } from "./state/innodata-users.js";
import { createMemoryStorage } from "./state/memory-storage.js";
import type { Storage, StoredUser } from "./state/records.js";
import { Users } from "./state/users.js";

export type { DocumentOwner } from "./state/documents.js";
export { documentIdOf, type StoredDocument, type StoredInnodataUser, type StoredToken, type StoredUser } from "./state/records.js";
export { tokenCaps } from "./state/users.js";

/** Opens the storage of a `stateFile`; given by the Node entry, the only one that can. */
type OpenFileStorage = (stateFile: string, source: string) => Promise<Storage>;

/** What a runtime adds: Node, a `stateFile` and a faster HMAC. */
export interface SandboxPlatform {
  readonly openFileStorage?: OpenFileStorage;
  readonly hmacSha256?: HmacSha256;
}

export interface StateOptions extends SandboxPlatform {
  /** Names the configuration in errors. */
  readonly source?: string;
}

export class SandboxState {
  readonly clients: ReadonlyMap<string, ClientConfig>;
  readonly hashing: PasswordHashing;
  readonly users: Users;
  readonly documents: Documents;
  readonly innodataUsers: InnodataUsers;
  /** See `dummyPasswordHash`. */
  dummyHash = "";

  private constructor(
    readonly config: SandboxConfig,
    readonly now: () => number,
    private readonly storage: Storage,
    private readonly source: string,
    hmacSha256: HmacSha256 | undefined,
  ) {
    this.clients = new Map(config.clients.map((client) => [client.id, client]));
    this.hashing = { algorithm: config.passwordHash, cost: config.passwordHashCost, hmacSha256 };
    this.users = new Users(storage, config.tokenTtlSeconds, now);
    this.documents = new Documents(storage.documents);
    this.innodataUsers = new InnodataUsers(storage.innodataUsers);
  }

  /** The state of a sandbox: new, with the configured data, or the database file, which gets the configured data only when new. */
  static async create(config: SandboxConfig, now: () => number, options: StateOptions = {}): Promise<SandboxState> {
    const { source = "sandbox configuration", openFileStorage, hmacSha256 } = options;
    if (config.stateFile !== undefined && !openFileStorage) throw new SandboxConfigError("stateFile", "is kept only by the sandbox in Node (leave it out to keep the state in memory)", source);
    const storage = config.stateFile === undefined ? createMemoryStorage() : await openFileStorage!(config.stateFile, source);
    try {
      const state = new SandboxState(config, now, storage, source, hmacSha256);
      state.dummyHash = await dummyPasswordHash(state.hashing);
      if (!storage.initialised()) await state.initialise();
      return state;
    } catch (error) {
      storage.close();
      throw error;
    }
  }

  /** Runs `change` as one transaction: all of it is stored, or (when it throws) none of it. */
  write<T>(change: () => T): T {
    return this.users.undoable(() => this.storage.transaction(change));
  }

  /** Deletes the user with everything that is theirs: tokens and documents. */
  deleteUser(user: StoredUser) {
    this.users.delete(user);
    this.documents.deleteAllOf({ userId: user.id });
  }

  /** Forgets everything and stores the configured data again, as a new sandbox would. */
  async reset() {
    this.write(() => this.storage.clear());
    this.users.reload();
    await this.initialise();
  }

  close() {
    this.storage.close();
  }

  /** Stores the configured users, tokens, documents and Innodata users, in one transaction. */
  private async initialise() {
    const { config, now, source } = this;
    const hashed = <T extends { password: string }>(users: readonly T[] = []) =>
      Promise.all(users.map(async (user) => ({ ...user, passwordHash: await hashPassword(user.password, this.hashing) })));
    const users = await hashed(config.users);
    const innodataUsers = await hashed(config.innodataUsers);
    this.write(() => {
      this.storage.markInitialised(new Date(now()).toISOString());
      for (const user of users) {
        if (!this.users.add({ id: user.id ?? randomId(), email: user.email, passwordHash: user.passwordHash, clientId: null })) throw new SandboxConfigError("users", "have distinct emails", source);
      }
      for (const token of config.tokens ?? []) {
        const userId = token.userEmail === undefined ? undefined : this.users.byEmail(token.userEmail)!.id;
        this.users.addToken(token.accessToken, { clientId: token.clientId, ...(userId !== undefined && { userId }), expiresAt: now() + config.tokenTtlSeconds * 1000 });
      }
      for (const { id, name, owner } of config.documents ?? []) {
        const documentOwner = "userEmail" in owner ? { userId: this.users.byEmail(owner.userEmail)!.id } : owner;
        this.documents.put(documentOwner, { id, name: name ?? "scanned.jpg", creationDate: now(), mediaType: "image/jpeg", pageCount: 1, readyAt: now() });
      }
      for (const user of innodataUsers) {
        this.innodataUsers.add({
          id: user.id ?? randomId(),
          name: user.name,
          email: user.email,
          passwordHash: user.passwordHash,
          isDemo: false,
          activated: user.liveKey !== undefined,
          liveKey: user.liveKey ?? null,
          testKey: user.testKey ?? null,
        });
      }
    });
  }
}
