// Everything the sandbox remembers, shared by the three APIs, in SQLite (better-sqlite3): the
// User Center's users (each managed by the client that created it) and access tokens (the Gini
// API accepts the user tokens), the Gini API's documents per owner with their partial/composite
// relations, and Innodata's users and API keys. Only password hashes and token digests are kept.
//
// In memory (`:memory:`) by default; in a file when `stateFile` names one: WAL, `synchronous =
// FULL` (a write is on disk before its answer), mode 0600. Handlers change state only inside
// `write()`, one SQLite transaction per request: a failed write changes nothing, and the cost
// of a write does not grow with the data. The live tokens are also indexed in memory
// (`LiveTokens`), so that checking one, the caps and the expiry queue cost no query; the index
// is loaded from the database at start and changed only with it.
import { hash, randomUUID } from "node:crypto";
import { chmodSync, closeSync, existsSync, openSync, readFileSync, renameSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { type ClientConfig, type SandboxConfig, SandboxConfigError } from "./config.js";
import { dummyPasswordHash, hashPassword, type PasswordHashing } from "./password-hash.js";

export interface StoredUser {
  readonly id: string;
  readonly email: string;
  readonly passwordHash: string;
  /** The client that created the user and alone manages it; `null` for a configured user, which every client manages. */
  readonly clientId: string | null;
}

export interface StoredToken {
  readonly clientId: string;
  /** The User Center user the token acts for; a client token when absent. */
  readonly userId?: string;
  readonly expiresAt: number;
}

export interface PartialReference {
  /** The partial document's URI as the composite's request named it. */
  readonly document: string;
  readonly rotationDelta: number;
}

export interface StoredDocument {
  readonly id: string;
  readonly name: string;
  readonly creationDate: number;
  readonly mediaType: string;
  readonly pageCount: number;
  /** When processing completes (ms since the epoch); `progress` is `PENDING` until then. */
  readonly readyAt: number;
  readonly partialDocuments?: readonly PartialReference[];
}

export interface StoredInnodataUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly isDemo: boolean;
  readonly activated: boolean;
  readonly liveKey: string | null;
  readonly testKey: string | null;
}

/** Derived users are unique per client and identifier (seed 001); anonymous users by user ID. */
export type DocumentOwner = { readonly userId: string } | { readonly clientId: string; readonly userIdentifier: string };

export const ownerKey = (owner: DocumentOwner) => ("userId" in owner ? `user:${owner.userId}` : `derived:${owner.clientId}:${owner.userIdentifier}`);

/** Tokens are kept only as SHA-256 digests. */
const tokenKey = (accessToken: string) => hash("sha256", accessToken, "base64url");

/** Live tokens kept per user and client tokens per client; issuing one more revokes the oldest. */
export const tokenCaps = { perUser: 10, perClient: 1000 } as const;
/**
 * The expiry queue: every `expirySweepEvery` tokens issued, up to twice as many expired ones are
 * removed (oldest first), so that the queue drains faster than it fills, in small steps.
 */
const expirySweepEvery = 16;

/** A live token with the rowid of its row: the index finds rows, so the table needs no index of its own. */
interface LiveToken extends StoredToken {
  readonly row: number;
}

const holderOf = (token: StoredToken) => (token.userId === undefined ? `client:${token.clientId}` : `user:${token.userId}`);

/**
 * The live tokens by digest, in issue order (a `Map` keeps insertion order; with one lifetime
 * for all, that is expiry order), and per holder (a user, or a client's own tokens), oldest first.
 */
class LiveTokens {
  private readonly byKey = new Map<string, LiveToken>();
  private readonly byHolder = new Map<string, Set<string>>();

  get size() {
    return this.byKey.size;
  }

  get(key: string) {
    return this.byKey.get(key);
  }

  add(key: string, token: LiveToken) {
    this.byKey.set(key, token);
    const holder = holderOf(token);
    let keys = this.byHolder.get(holder);
    if (!keys) this.byHolder.set(holder, (keys = new Set()));
    keys.add(key);
  }

  remove(key: string): LiveToken | undefined {
    const token = this.byKey.get(key);
    if (!token) return undefined;
    this.byKey.delete(key);
    const holder = holderOf(token);
    const keys = this.byHolder.get(holder)!;
    keys.delete(key);
    if (keys.size === 0) this.byHolder.delete(holder);
    return token;
  }

  /** The holder's tokens, oldest first. */
  keysOf(holder: string): ReadonlySet<string> {
    return this.byHolder.get(holder) ?? new Set();
  }

  /** Up to `limit` of the oldest tokens, while they have expired. */
  expired(now: number, limit: number): string[] {
    const keys: string[] = [];
    for (const [key, token] of this.byKey) {
      if (keys.length === limit || token.expiresAt > now) break;
      keys.push(key);
    }
    return keys;
  }
}

const schema = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  -- A rowid table: a sign-up appends its row and adds two small index entries, instead of placing the whole row at a random ID.
  CREATE TABLE IF NOT EXISTS user_accounts (id TEXT NOT NULL UNIQUE, email TEXT NOT NULL, email_key TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, client_id TEXT);
  -- Found by rowid through the live tokens' index in memory: no index to keep, and an insert appends.
  CREATE TABLE IF NOT EXISTS access_tokens (key TEXT NOT NULL, client_id TEXT NOT NULL, user_id TEXT, expires_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS documents (id TEXT NOT NULL, owner TEXT NOT NULL, name TEXT NOT NULL, creation_date INTEGER NOT NULL, media_type TEXT NOT NULL, page_count INTEGER NOT NULL, ready_at INTEGER NOT NULL, feedback TEXT, PRIMARY KEY (owner, id)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS documents_by_date ON documents (owner, creation_date);
  CREATE TABLE IF NOT EXISTS document_parts (owner TEXT NOT NULL, composite_id TEXT NOT NULL, position INTEGER NOT NULL, partial_id TEXT NOT NULL, document TEXT NOT NULL, rotation_delta INTEGER NOT NULL, PRIMARY KEY (owner, composite_id, position)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS parts_by_partial ON document_parts (owner, partial_id);
  CREATE TABLE IF NOT EXISTS innodata_users (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, email_key TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, is_demo INTEGER NOT NULL, activated INTEGER NOT NULL, live_key TEXT UNIQUE, test_key TEXT UNIQUE) WITHOUT ROWID;
`;

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  client_id: string | null;
}
interface TokenRow {
  row: number;
  key: string;
  client_id: string;
  user_id: string | null;
  expires_at: number;
}
interface DocumentRow {
  id: string;
  name: string;
  creation_date: number;
  media_type: string;
  page_count: number;
  ready_at: number;
}
interface PartRow {
  composite_id: string;
  document: string;
  rotation_delta: number;
}
interface InnodataUserRow {
  id: string;
  name: string;
  email: string;
  password_hash: string;
  is_demo: number;
  activated: number;
  live_key: string | null;
  test_key: string | null;
}

/** The JSON snapshot that sandboxes before the SQLite state wrote; imported once. */
interface JsonSnapshot {
  users: { id: string; email: string; passwordHash: string }[];
  tokens: [string, StoredToken][];
  documents: [string, { id: string; name: string; creationDate: number; mediaType: string; partialDocuments?: PartialReference[] }[]][];
  innodataUsers: StoredInnodataUser[];
}

const userOf = (row: UserRow | undefined): StoredUser | undefined =>
  row && { id: row.id, email: row.email, passwordHash: row.password_hash, clientId: row.client_id };

const innodataUserOf = (row: InnodataUserRow | undefined): StoredInnodataUser | undefined =>
  row && {
    id: row.id,
    name: row.name,
    email: row.email,
    passwordHash: row.password_hash,
    isDemo: row.is_demo === 1,
    activated: row.activated === 1,
    liveKey: row.live_key,
    testKey: row.test_key,
  };

async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    return (await import("better-sqlite3")).default;
  } catch {
    throw new Error("The sandbox keeps its state in SQLite through better-sqlite3, which is not installed: npm install --save-dev better-sqlite3@12 (and allow its install script)");
  }
}

/** Opens the database file, creating it with mode 0600; a JSON snapshot found there is moved aside for import. */
function prepareFile(path: string, source: string): JsonSnapshot | undefined {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new SandboxConfigError("stateFile", "names a file in an existing folder", source);
  let snapshot: JsonSnapshot | undefined;
  if (existsSync(path) && readFileSync(path).subarray(0, 1).toString() === "{") {
    try {
      snapshot = JSON.parse(readFileSync(path, "utf8")) as JsonSnapshot;
    } catch {
      throw new SandboxConfigError("stateFile", "is a SQLite database or a JSON snapshot of an earlier sandbox", source);
    }
    renameSync(path, `${path}.imported.json`);
  }
  closeSync(openSync(path, "a", 0o600));
  // The WAL and shared-memory files take the database file's mode (SQLite's unix VFS).
  chmodSync(path, 0o600);
  return snapshot;
}

export class SandboxState {
  readonly clients: ReadonlyMap<string, ClientConfig>;
  readonly hashing: PasswordHashing;
  private readonly statements;
  /** One transaction function, made once: better-sqlite3's `transaction()` is costly to call per write. */
  private readonly inTransaction: (change: () => unknown) => unknown;
  private readonly liveTokens = new LiveTokens();
  /** While a `write()` runs: how to take back its changes of `liveTokens` if it fails. */
  private undoLog: (() => void)[] | undefined;
  private issuedSinceSweep = 0;
  /** Counts changes of stored users (email, password, deletion): an unchanged count means that a user read earlier is current. */
  usersChanged = 0;
  /** See `dummyPasswordHash`. */
  dummyHash = "";

  private constructor(
    readonly config: SandboxConfig,
    readonly now: () => number,
    private readonly db: BetterSqlite3.Database,
  ) {
    this.clients = new Map(config.clients.map((client) => [client.id, client]));
    this.hashing = { algorithm: config.passwordHash, cost: config.passwordHashCost };
    db.exec(schema);
    // A database of the first SQLite sandbox keeps users and tokens in tables keyed by ID and digest: moved over once.
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tokens'").get()) {
      db.exec(`BEGIN;
        INSERT INTO user_accounts SELECT id, email, email_key, password_hash, client_id FROM users; DROP TABLE users;
        INSERT INTO access_tokens SELECT key, client_id, user_id, expires_at FROM tokens; DROP TABLE tokens; DROP TABLE IF EXISTS token_counts;
        COMMIT;`);
    }
    this.inTransaction = db.transaction((change: () => unknown) => change());
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      meta: prepare("SELECT value FROM meta WHERE key = ?"),
      setMeta: prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
      userById: prepare("SELECT id, email, password_hash, client_id FROM user_accounts WHERE id = ?"),
      userByEmail: prepare("SELECT id, email, password_hash, client_id FROM user_accounts WHERE email_key = ?"),
      insertUser: prepare("INSERT INTO user_accounts (id, email, email_key, password_hash, client_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email_key) DO NOTHING"),
      updateUser: prepare("UPDATE user_accounts SET email = ?, email_key = ?, password_hash = ? WHERE id = ?"),
      deleteUser: prepare("DELETE FROM user_accounts WHERE id = ?"),
      userCount: prepare("SELECT count(*) AS n FROM user_accounts").pluck(),
      tokens: prepare("SELECT rowid AS row, key, client_id, user_id, expires_at FROM access_tokens ORDER BY expires_at"),
      insertToken: prepare("INSERT INTO access_tokens (key, client_id, user_id, expires_at) VALUES (?, ?, ?, ?)"),
      deleteToken: prepare("DELETE FROM access_tokens WHERE rowid = ?"),
      document: prepare("SELECT id, name, creation_date, media_type, page_count, ready_at FROM documents WHERE owner = ? AND id = ?"),
      documentsNewestFirst: prepare("SELECT id, name, creation_date, media_type, page_count, ready_at FROM documents WHERE owner = ? ORDER BY creation_date DESC, id"),
      documentCount: prepare("SELECT count(*) FROM documents WHERE owner = ?").pluck(),
      insertDocument: prepare("INSERT INTO documents (id, owner, name, creation_date, media_type, page_count, ready_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      deleteDocument: prepare("DELETE FROM documents WHERE owner = ? AND id = ?"),
      deleteOwnerDocuments: prepare("DELETE FROM documents WHERE owner = ?"),
      deleteOwnerParts: prepare("DELETE FROM document_parts WHERE owner = ?"),
      setFeedback: prepare("UPDATE documents SET feedback = ? WHERE owner = ? AND id = ?"),
      feedback: prepare("SELECT feedback FROM documents WHERE owner = ? AND id = ?").pluck(),
      parts: prepare("SELECT composite_id, document, rotation_delta FROM document_parts WHERE owner = ? AND composite_id = ? ORDER BY position"),
      compositesOf: prepare("SELECT DISTINCT composite_id FROM document_parts WHERE owner = ? AND partial_id = ?").pluck(),
      insertPart: prepare("INSERT INTO document_parts (owner, composite_id, position, partial_id, document, rotation_delta) VALUES (?, ?, ?, ?, ?, ?)"),
      deleteParts: prepare("DELETE FROM document_parts WHERE owner = ? AND composite_id = ?"),
      innodataUserByEmail: prepare("SELECT * FROM innodata_users WHERE email_key = ?"),
      innodataUserByKey: prepare("SELECT * FROM innodata_users WHERE live_key = ? OR test_key = ?"),
      insertInnodataUser: prepare(
        "INSERT INTO innodata_users (id, name, email, email_key, password_hash, is_demo, activated, live_key, test_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      activateInnodataUser: prepare("UPDATE innodata_users SET activated = 1, live_key = ?, test_key = ? WHERE id = ?"),
    };
  }

  /**
   * The state of a sandbox: a new in-memory database with the configured data, or the database
   * file, which gets the configured data (or an earlier sandbox's JSON snapshot) only when new.
   */
  static async create(config: SandboxConfig, now: () => number, source = "sandbox configuration"): Promise<SandboxState> {
    const Database = await loadDriver();
    const snapshot = config.stateFile ? prepareFile(config.stateFile, source) : undefined;
    const db = new Database(config.stateFile ?? ":memory:");
    let state: SandboxState;
    try {
      if (config.stateFile) {
        db.pragma("journal_mode = WAL");
        db.pragma("synchronous = FULL");
        db.pragma("busy_timeout = 5000");
      }
      state = new SandboxState(config, now, db);
      state.dummyHash = await dummyPasswordHash(state.hashing);
      if (state.statements.meta.get("initialised") === undefined) await state.initialise(snapshot, source);
      else state.loadTokens();
    } catch (error) {
      db.close();
      throw error;
    }
    return state;
  }

  private async initialise(snapshot: JsonSnapshot | undefined, source: string) {
    const { config, now } = this;
    const users = snapshot ? [] : await Promise.all((config.users ?? []).map(async (user) => ({ ...user, passwordHash: await hashPassword(user.password, this.hashing) })));
    const innodataUsers = snapshot
      ? []
      : await Promise.all((config.innodataUsers ?? []).map(async (user) => ({ ...user, passwordHash: await hashPassword(user.password, this.hashing) })));
    this.write(() => {
      this.statements.setMeta.run("initialised", new Date(now()).toISOString());
      if (snapshot) return this.importSnapshot(snapshot);
      for (const user of users) {
        if (!this.addUser({ id: user.id ?? randomUUID(), email: user.email, passwordHash: user.passwordHash, clientId: null })) throw new SandboxConfigError("users", "have distinct emails", source);
      }
      for (const token of config.tokens ?? []) {
        const userId = token.userEmail === undefined ? undefined : this.userByEmail(token.userEmail)!.id;
        this.addToken(tokenKey(token.accessToken), { clientId: token.clientId, ...(userId !== undefined && { userId }), expiresAt: now() + config.tokenTtlSeconds * 1000 });
      }
      for (const { id, name, owner } of config.documents ?? []) {
        const documentOwner = "userEmail" in owner ? { userId: this.userByEmail(owner.userEmail)!.id } : owner;
        this.putDocument(documentOwner, { id, name: name ?? "scanned.jpg", creationDate: now(), mediaType: "image/jpeg", pageCount: 1, readyAt: now() });
      }
      for (const user of innodataUsers) {
        this.addInnodataUser({
          id: user.id ?? randomUUID(),
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

  private importSnapshot(snapshot: JsonSnapshot) {
    for (const user of snapshot.users) this.addUser({ ...user, clientId: null });
    for (const [key, token] of [...snapshot.tokens].sort(([, a], [, b]) => a.expiresAt - b.expiresAt)) this.addToken(key, token);
    for (const [owner, documents] of snapshot.documents) {
      for (const document of documents) {
        const { id, name, creationDate, mediaType, partialDocuments } = document;
        this.statements.insertDocument.run(id, owner, name, creationDate, mediaType, partialDocuments?.length ?? 1, creationDate);
        partialDocuments?.forEach((part, position) => this.statements.insertPart.run(owner, id, position, documentIdOf(part.document) ?? "", part.document, part.rotationDelta));
      }
    }
    for (const user of snapshot.innodataUsers) this.addInnodataUser(user);
  }

  /** Runs `change` as one transaction: all of it is stored, or (when it throws) none of it. */
  write<T>(change: () => T): T {
    const undoLog: (() => void)[] = [];
    this.undoLog = undoLog;
    try {
      return this.inTransaction(change) as T;
    } catch (error) {
      for (const undo of undoLog.reverse()) undo();
      throw error;
    } finally {
      this.undoLog = undefined;
    }
  }

  private loadTokens() {
    for (const row of this.statements.tokens.iterate() as Iterable<TokenRow>) {
      this.liveTokens.add(row.key, { clientId: row.client_id, userId: row.user_id ?? undefined, expiresAt: row.expires_at, row: row.row });
    }
  }


  close() {
    if (this.db.open) this.db.close();
  }

  // User Center users

  userById(id: string) {
    return userOf(this.statements.userById.get(id) as UserRow | undefined);
  }

  /** Emails are compared case-insensitively, as mail systems treat the domain. */
  userByEmail(email: string) {
    return userOf(this.statements.userByEmail.get(email.toLowerCase()) as UserRow | undefined);
  }

  get userCount(): number {
    return this.statements.userCount.get() as number;
  }

  get tokenCount(): number {
    return this.liveTokens.size;
  }

  /** Stores a new user; false (and nothing stored) when another user has the email. */
  addUser(user: StoredUser): boolean {
    return this.statements.insertUser.run(user.id, user.email, user.email.toLowerCase(), user.passwordHash, user.clientId).changes === 1;
  }

  /** Stores a new email and/or password hash; a new password revokes the user's tokens. */
  changeUser(user: StoredUser, change: { email?: string; passwordHash?: string }) {
    const email = change.email ?? user.email;
    this.usersChanged += 1;
    this.statements.updateUser.run(email, email.toLowerCase(), change.passwordHash ?? user.passwordHash, user.id);
    if (change.passwordHash !== undefined) this.revokeUserTokens(user.id);
  }

  /** Deletes the user with everything that is theirs: tokens and documents. */
  deleteUser(user: StoredUser) {
    this.usersChanged += 1;
    this.statements.deleteUser.run(user.id);
    this.revokeUserTokens(user.id);
    const owner = ownerKey({ userId: user.id });
    this.statements.deleteOwnerParts.run(owner);
    this.statements.deleteOwnerDocuments.run(owner);
  }

  // Access tokens

  /** Stores the token (replacing a live one with its digest), then indexes it; a failing `write()` takes the index change back. */
  private addToken(key: string, token: StoredToken) {
    this.removeToken(key);
    const row = Number(this.statements.insertToken.run(key, token.clientId, token.userId ?? null, token.expiresAt).lastInsertRowid);
    // One shape for every entry (`userId` present, maybe undefined): half the memory of spread copies.
    this.liveTokens.add(key, { clientId: token.clientId, userId: token.userId, expiresAt: token.expiresAt, row });
    this.undoLog?.push(() => this.liveTokens.remove(key));
  }

  private removeToken(key: string) {
    const removed = this.liveTokens.get(key);
    if (!removed) return;
    this.statements.deleteToken.run(removed.row);
    this.liveTokens.remove(key);
    this.undoLog?.push(() => this.liveTokens.add(key, removed));
  }

  private revokeUserTokens(userId: string) {
    for (const key of [...this.liveTokens.keysOf(`user:${userId}`)]) this.removeToken(key);
  }

  /** A new token; removes a few expired ones and, past a cap, the holder's oldest. */
  issueToken(clientId: string, userId?: string) {
    const now = this.now();
    const accessToken = randomUUID();
    if (++this.issuedSinceSweep % expirySweepEvery === 0) for (const key of this.liveTokens.expired(now, 2 * expirySweepEvery)) this.removeToken(key);
    const token: StoredToken = { clientId, ...(userId !== undefined && { userId }), expiresAt: now + this.config.tokenTtlSeconds * 1000 };
    this.addToken(tokenKey(accessToken), token);
    const held = this.liveTokens.keysOf(holderOf(token));
    if (held.size > (userId === undefined ? tokenCaps.perClient : tokenCaps.perUser)) this.removeToken(held.values().next().value!);
    return { accessToken, expiresIn: this.config.tokenTtlSeconds };
  }

  /** The token's grant while it is valid: one lookup in memory. */
  validToken(accessToken: string): StoredToken | undefined {
    const token = this.liveTokens.get(tokenKey(accessToken));
    return token && token.expiresAt > this.now() ? token : undefined;
  }

  // Gini API documents

  private documentOf(row: DocumentRow, owner: string): StoredDocument {
    const parts = this.statements.parts.all(owner, row.id) as PartRow[];
    return {
      id: row.id,
      name: row.name,
      creationDate: row.creation_date,
      mediaType: row.media_type,
      pageCount: row.page_count,
      readyAt: row.ready_at,
      ...(parts.length > 0 && { partialDocuments: parts.map((part) => ({ document: part.document, rotationDelta: part.rotation_delta })) }),
    };
  }

  document(owner: DocumentOwner, id: string): StoredDocument | undefined {
    const key = ownerKey(owner);
    const row = this.statements.document.get(key, id) as DocumentRow | undefined;
    return row && this.documentOf(row, key);
  }

  /** The owner's documents, newest first. */
  documents(owner: DocumentOwner): StoredDocument[] {
    const key = ownerKey(owner);
    return (this.statements.documentsNewestFirst.all(key) as DocumentRow[]).map((row) => this.documentOf(row, key));
  }

  documentCount(owner: DocumentOwner): number {
    return this.statements.documentCount.get(ownerKey(owner)) as number;
  }

  /** The IDs of the owner's composite documents that include the document. */
  compositesOf(owner: DocumentOwner, id: string): string[] {
    return this.statements.compositesOf.all(ownerKey(owner), id) as string[];
  }

  putDocument(owner: DocumentOwner, document: StoredDocument) {
    const key = ownerKey(owner);
    const { id, name, creationDate, mediaType, pageCount, readyAt, partialDocuments } = document;
    this.statements.insertDocument.run(id, key, name, creationDate, mediaType, pageCount, readyAt);
    partialDocuments?.forEach((part, position) => this.statements.insertPart.run(key, id, position, documentIdOf(part.document) ?? "", part.document, part.rotationDelta));
  }

  deleteDocument(owner: DocumentOwner, id: string) {
    const key = ownerKey(owner);
    this.statements.deleteParts.run(key, id);
    this.statements.deleteDocument.run(key, id);
  }

  setFeedback(owner: DocumentOwner, id: string, feedback: unknown) {
    this.statements.setFeedback.run(JSON.stringify(feedback), ownerKey(owner), id);
  }

  feedback(owner: DocumentOwner, id: string): unknown {
    const stored = this.statements.feedback.get(ownerKey(owner), id) as string | null | undefined;
    return stored == null ? undefined : (JSON.parse(stored) as unknown);
  }

  // Innodata users

  innodataUserByEmail(email: string) {
    return innodataUserOf(this.statements.innodataUserByEmail.get(email.toLowerCase()) as InnodataUserRow | undefined);
  }

  innodataUserByKey(key: string) {
    return innodataUserOf(this.statements.innodataUserByKey.get(key, key) as InnodataUserRow | undefined);
  }

  addInnodataUser(user: StoredInnodataUser) {
    const { id, name, email, passwordHash, isDemo, activated, liveKey, testKey } = user;
    this.statements.insertInnodataUser.run(id, name, email, email.toLowerCase(), passwordHash, isDemo ? 1 : 0, activated ? 1 : 0, liveKey, testKey);
  }

  /** The first login activates a user and issues the keys (seed 002: a new user has none). */
  activateInnodataUser(user: StoredInnodataUser): StoredInnodataUser {
    if (user.activated) return user;
    const activated = { ...user, activated: true, liveKey: user.liveKey ?? `user-live-${randomUUID()}`, testKey: user.testKey ?? `user-test-${randomUUID()}` };
    this.statements.activateInnodataUser.run(activated.liveKey, activated.testKey, user.id);
    return activated;
  }
}

/** The document ID at the end of a document URI (`…/documents/<id>`), lower-cased. */
export const documentIdOf = (uri: string) => /\/documents\/([0-9a-f-]{36})\/?$/i.exec(uri)?.[1]?.toLowerCase();
