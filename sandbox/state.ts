// Everything the sandbox remembers, shared by the three APIs: the User Center's users and
// access tokens (the Gini API accepts the user tokens), the Gini API's documents per owner,
// and Innodata's users and API keys. Only password hashes are kept, never passwords.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { ClientConfig, SandboxConfig } from "./config.js";
import { hashPassword } from "./password-hash.js";

export interface StoredUser {
  readonly id: string;
  email: string;
  passwordHash: string;
}

export interface StoredToken {
  readonly clientId: string;
  /** The User Center user the token acts for; a client token when absent. */
  readonly userId?: string;
  readonly expiresAt: number;
}

export interface StoredDocument {
  readonly id: string;
  readonly name: string;
  readonly creationDate: number;
  readonly mediaType: string;
  readonly partialDocuments?: { document: string; rotationDelta: number }[];
  feedback?: unknown;
}

export interface StoredInnodataUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly isDemo: boolean;
  activated: boolean;
  liveKey: string | null;
  testKey: string | null;
}

interface Snapshot {
  users: StoredUser[];
  tokens: [string, StoredToken][];
  documents: [string, StoredDocument[]][];
  innodataUsers: StoredInnodataUser[];
}

/** Derived users are unique per client and identifier (seed 001); anonymous users by user ID. */
export type DocumentOwner = { readonly userId: string } | { readonly clientId: string; readonly userIdentifier: string };

/** Tokens are kept (and written to the state file) only as SHA-256 digests. */
const tokenKey = (accessToken: string) => createHash("sha256").update(accessToken).digest("base64url");

const tokensPerSweep = 1000;

export const ownerKey = (owner: DocumentOwner) => ("userId" in owner ? `user:${owner.userId}` : `derived:${owner.clientId}:${owner.userIdentifier}`);

export class SandboxState {
  readonly clients: ReadonlyMap<string, ClientConfig>;
  private readonly users = new Map<string, StoredUser>();
  private readonly userIdsByEmail = new Map<string, string>();
  private readonly tokens = new Map<string, StoredToken>();
  private readonly documents = new Map<string, Map<string, StoredDocument>>();
  private readonly innodataUsers = new Map<string, StoredInnodataUser>();
  private readonly innodataUserIdsByKey = new Map<string, string>();
  private readonly innodataUserIdsByEmail = new Map<string, string>();
  private issuedSinceSweep = 0;

  constructor(
    readonly config: SandboxConfig,
    readonly now: () => number,
  ) {
    this.clients = new Map(config.clients.map((client) => [client.id, client]));
  }

  /** A state holding the configured data, or the state file's content when that file exists. */
  static async create(config: SandboxConfig, now: () => number): Promise<SandboxState> {
    const state = new SandboxState(config, now);
    if (config.stateFile && state.restore(config.stateFile)) return state;
    const cost = config.passwordHashCost;
    for (const user of config.users ?? []) state.addUser({ id: user.id ?? randomUUID(), email: user.email, passwordHash: await hashPassword(user.password, cost) });
    for (const token of config.tokens ?? []) {
      const userId = token.userEmail === undefined ? undefined : state.userByEmail(token.userEmail)!.id;
      state.tokens.set(tokenKey(token.accessToken), { clientId: token.clientId, ...(userId && { userId }), expiresAt: now() + config.tokenTtlSeconds * 1000 });
    }
    for (const { id, name, owner } of config.documents ?? []) {
      const documentOwner = "userEmail" in owner ? { userId: state.userByEmail(owner.userEmail)!.id } : owner;
      state.putDocument(documentOwner, { id, name: name ?? "scanned.jpg", creationDate: now(), mediaType: "image/jpeg" });
    }
    for (const user of config.innodataUsers ?? []) {
      state.addInnodataUser({
        id: user.id ?? randomUUID(),
        name: user.name,
        email: user.email,
        passwordHash: await hashPassword(user.password, cost),
        isDemo: false,
        activated: user.liveKey !== undefined,
        liveKey: user.liveKey ?? null,
        testKey: user.testKey ?? null,
      });
    }
    return state;
  }

  // User Center users

  userById(id: string) {
    return this.users.get(id);
  }

  /** Emails are compared case-insensitively, as mail systems treat the domain. */
  userByEmail(email: string) {
    const id = this.userIdsByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  get tokenCount() {
    return this.tokens.size;
  }

  get userCount() {
    return this.users.size;
  }

  addUser(user: StoredUser) {
    this.users.set(user.id, user);
    this.userIdsByEmail.set(user.email.toLowerCase(), user.id);
  }

  changeEmail(user: StoredUser, email: string) {
    this.userIdsByEmail.delete(user.email.toLowerCase());
    user.email = email;
    this.userIdsByEmail.set(email.toLowerCase(), user.id);
  }

  /** Deletes the user with everything that is theirs: tokens and documents. */
  deleteUser(user: StoredUser) {
    this.users.delete(user.id);
    this.userIdsByEmail.delete(user.email.toLowerCase());
    for (const [key, stored] of this.tokens) if (stored.userId === user.id) this.tokens.delete(key);
    this.documents.delete(ownerKey({ userId: user.id }));
  }

  // Access tokens

  issueToken(clientId: string, userId?: string) {
    // Expired tokens are otherwise forgotten only when presented; a sweep now and then bounds memory.
    if (++this.issuedSinceSweep >= tokensPerSweep) this.forgetExpiredTokens();
    const accessToken = randomUUID();
    this.tokens.set(tokenKey(accessToken), { clientId, ...(userId && { userId }), expiresAt: this.now() + this.config.tokenTtlSeconds * 1000 });
    return { accessToken, expiresIn: this.config.tokenTtlSeconds };
  }

  private forgetExpiredTokens() {
    this.issuedSinceSweep = 0;
    const now = this.now();
    for (const [key, stored] of this.tokens) if (stored.expiresAt <= now) this.tokens.delete(key);
  }

  /** The token's grant while it is valid; an expired token is forgotten. */
  validToken(accessToken: string): StoredToken | undefined {
    const key = tokenKey(accessToken);
    const stored = this.tokens.get(key);
    if (stored && stored.expiresAt <= this.now()) this.tokens.delete(key);
    return stored && stored.expiresAt > this.now() ? stored : undefined;
  }

  // Gini API documents

  documentsOf(owner: DocumentOwner): Map<string, StoredDocument> {
    const key = ownerKey(owner);
    let documents = this.documents.get(key);
    if (!documents) {
      documents = new Map();
      this.documents.set(key, documents);
    }
    return documents;
  }

  putDocument(owner: DocumentOwner, document: StoredDocument) {
    this.documentsOf(owner).set(document.id, document);
  }

  // Innodata users

  innodataUserByEmail(email: string) {
    const id = this.innodataUserIdsByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.innodataUsers.get(id);
  }

  innodataUserByKey(key: string) {
    const id = this.innodataUserIdsByKey.get(key);
    return id === undefined ? undefined : this.innodataUsers.get(id);
  }

  addInnodataUser(user: StoredInnodataUser) {
    this.innodataUsers.set(user.id, user);
    this.innodataUserIdsByEmail.set(user.email.toLowerCase(), user.id);
    this.indexKeys(user);
  }

  /** The first login activates a user and issues the keys (seed 002: a new user has none). */
  activateInnodataUser(user: StoredInnodataUser) {
    if (user.activated) return;
    user.activated = true;
    user.liveKey ??= `user-live-${randomUUID()}`;
    user.testKey ??= `user-test-${randomUUID()}`;
    this.indexKeys(user);
  }

  private indexKeys(user: StoredInnodataUser) {
    for (const key of [user.liveKey, user.testKey]) if (key) this.innodataUserIdsByKey.set(key, user.id);
  }

  // Persistence

  private restore(path: string): boolean {
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(readFileSync(path, "utf8")) as Snapshot;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw new Error(`${path}: the sandbox state file is not readable JSON`);
    }
    for (const user of snapshot.users) this.addUser(user);
    for (const [token, stored] of snapshot.tokens) this.tokens.set(token, stored);
    for (const [key, documents] of snapshot.documents) this.documents.set(key, new Map(documents.map((document) => [document.id, document])));
    for (const user of snapshot.innodataUsers) this.addInnodataUser(user);
    return true;
  }

  /** Writes the state file, if any, atomically (a crash leaves the previous state). */
  save() {
    const path = this.config.stateFile;
    if (!path) return;
    const snapshot: Snapshot = {
      users: [...this.users.values()],
      tokens: [...this.tokens.entries()],
      documents: [...this.documents.entries()].map(([key, documents]) => [key, [...documents.values()]]),
      innodataUsers: [...this.innodataUsers.values()],
    };
    writeFileSync(`${path}.tmp`, JSON.stringify(snapshot));
    renameSync(`${path}.tmp`, path);
  }
}
