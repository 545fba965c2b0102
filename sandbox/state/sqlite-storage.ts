// The storage of a sandbox whose config names a `stateFile` (Node only): a SQLite database
// through better-sqlite3, an optional peer dependency loaded only here. WAL, `synchronous =
// FULL` (a write is on disk before its answer), mode 0600; one SQLite transaction per write,
// so a failed write changes nothing and the cost of a write does not grow with the data.
// Tokens are stored only as SHA-256 digests, passwords only as hashes.
import { hash } from "node:crypto";
import { chmodSync, closeSync, existsSync, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { SandboxConfigError } from "../config.js";
import { documentIdOf, emailKey, type Storage, type StoredDocument, type StoredInnodataUser, type StoredUser, type TokenRecord } from "./records.js";

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
const tables = ["meta", "user_accounts", "access_tokens", "documents", "document_parts", "innodata_users"];

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

const userOf = (row: UserRow | undefined): StoredUser | undefined => row && { id: row.id, email: row.email, passwordHash: row.password_hash, clientId: row.client_id };

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
    throw new Error(
      "A sandbox with a stateFile keeps its state in SQLite through better-sqlite3, which is not installed: npm install --save-dev better-sqlite3@12 (and allow its install script), or leave stateFile out to keep the state in memory",
    );
  }
}

/** Creates the database file with mode 0600 when it does not exist. */
function prepareFile(path: string, source: string) {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new SandboxConfigError("stateFile", "names a file in an existing folder", source);
  closeSync(openSync(path, "a", 0o600));
  // The WAL and shared-memory files take the database file's mode (SQLite's unix VFS).
  chmodSync(path, 0o600);
}

export async function openSqliteStorage(path: string, source: string): Promise<Storage> {
  const Database = await loadDriver();
  prepareFile(path, source);
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("busy_timeout = 5000");
    db.exec(schema);
    return sqliteStorage(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

function sqliteStorage(db: BetterSqlite3.Database): Storage {
  const prepare = (sql: string) => db.prepare(sql);
  const statements = {
    meta: prepare("SELECT value FROM meta WHERE key = ?").pluck(),
    setMeta: prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
    userById: prepare("SELECT id, email, password_hash, client_id FROM user_accounts WHERE id = ?"),
    userByEmail: prepare("SELECT id, email, password_hash, client_id FROM user_accounts WHERE email_key = ?"),
    insertUser: prepare("INSERT INTO user_accounts (id, email, email_key, password_hash, client_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email_key) DO NOTHING"),
    updateUser: prepare("UPDATE user_accounts SET email = ?, email_key = ?, password_hash = ? WHERE id = ?"),
    deleteUser: prepare("DELETE FROM user_accounts WHERE id = ?"),
    userCount: prepare("SELECT count(*) FROM user_accounts").pluck(),
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
    parts: prepare("SELECT document, rotation_delta FROM document_parts WHERE owner = ? AND composite_id = ? ORDER BY position"),
    compositesOf: prepare("SELECT DISTINCT composite_id FROM document_parts WHERE owner = ? AND partial_id = ?").pluck(),
    insertPart: prepare("INSERT INTO document_parts (owner, composite_id, position, partial_id, document, rotation_delta) VALUES (?, ?, ?, ?, ?, ?)"),
    deleteParts: prepare("DELETE FROM document_parts WHERE owner = ? AND composite_id = ?"),
    innodataUserByEmail: prepare("SELECT * FROM innodata_users WHERE email_key = ?"),
    innodataUserByKey: prepare("SELECT * FROM innodata_users WHERE live_key = ? OR test_key = ?"),
    insertInnodataUser: prepare("INSERT INTO innodata_users (id, name, email, email_key, password_hash, is_demo, activated, live_key, test_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    activateInnodataUser: prepare("UPDATE innodata_users SET activated = 1, live_key = ?, test_key = ? WHERE id = ?"),
  };
  /** One transaction function, made once: better-sqlite3's `transaction()` is costly to call per write. */
  const inTransaction = db.transaction((change: () => unknown) => change());

  const documentOf = (row: DocumentRow, owner: string): StoredDocument => {
    const parts = statements.parts.all(owner, row.id) as PartRow[];
    return {
      id: row.id,
      name: row.name,
      creationDate: row.creation_date,
      mediaType: row.media_type,
      pageCount: row.page_count,
      readyAt: row.ready_at,
      ...(parts.length > 0 && { partialDocuments: parts.map((part) => ({ document: part.document, rotationDelta: part.rotation_delta })) }),
    };
  };

  return {
    users: {
      byId: (id) => userOf(statements.userById.get(id) as UserRow | undefined),
      byEmail: (email) => userOf(statements.userByEmail.get(emailKey(email)) as UserRow | undefined),
      insert: (user) => statements.insertUser.run(user.id, user.email, emailKey(user.email), user.passwordHash, user.clientId).changes === 1,
      update: (id, email, passwordHash) => void statements.updateUser.run(email, emailKey(email), passwordHash, id),
      delete: (id) => void statements.deleteUser.run(id),
      count: () => statements.userCount.get() as number,
    },
    tokens: {
      *all() {
        for (const row of statements.tokens.iterate() as Iterable<TokenRow>) {
          const token: TokenRecord = { clientId: row.client_id, userId: row.user_id ?? undefined, expiresAt: row.expires_at, row: row.row };
          yield [row.key, token] as const;
        }
      },
      insert: (key, token) => Number(statements.insertToken.run(key, token.clientId, token.userId ?? null, token.expiresAt).lastInsertRowid),
      delete: (row) => void statements.deleteToken.run(row),
    },
    documents: {
      get(owner, id) {
        const row = statements.document.get(owner, id) as DocumentRow | undefined;
        return row && documentOf(row, owner);
      },
      list: (owner) => (statements.documentsNewestFirst.all(owner) as DocumentRow[]).map((row) => documentOf(row, owner)),
      count: (owner) => statements.documentCount.get(owner) as number,
      compositesOf: (owner, id) => statements.compositesOf.all(owner, id) as string[],
      insert(owner, document) {
        const { id, name, creationDate, mediaType, pageCount, readyAt, partialDocuments } = document;
        statements.insertDocument.run(id, owner, name, creationDate, mediaType, pageCount, readyAt);
        partialDocuments?.forEach((part, position) => statements.insertPart.run(owner, id, position, documentIdOf(part.document) ?? "", part.document, part.rotationDelta));
      },
      delete(owner, id) {
        statements.deleteParts.run(owner, id);
        statements.deleteDocument.run(owner, id);
      },
      deleteOwner(owner) {
        statements.deleteOwnerParts.run(owner);
        statements.deleteOwnerDocuments.run(owner);
      },
      setFeedback: (owner, id, feedback) => void statements.setFeedback.run(feedback, owner, id),
      feedback: (owner, id) => (statements.feedback.get(owner, id) as string | null | undefined) ?? undefined,
    },
    innodataUsers: {
      byEmail: (email) => innodataUserOf(statements.innodataUserByEmail.get(emailKey(email)) as InnodataUserRow | undefined),
      byKey: (key) => innodataUserOf(statements.innodataUserByKey.get(key, key) as InnodataUserRow | undefined),
      insert(user) {
        const { id, name, email, passwordHash, isDemo, activated, liveKey, testKey } = user;
        statements.insertInnodataUser.run(id, name, email, emailKey(email), passwordHash, isDemo ? 1 : 0, activated ? 1 : 0, liveKey, testKey);
      },
      activate: (id, liveKey, testKey) => void statements.activateInnodataUser.run(liveKey, testKey, id),
    },
    tokenKey: (accessToken) => hash("sha256", accessToken, "base64url"),
    initialised: () => statements.meta.get("initialised") !== undefined,
    markInitialised: (at) => void statements.setMeta.run("initialised", at),
    transaction: <T>(change: () => T) => inTransaction(change) as T,
    clear: () => inTransaction(() => tables.forEach((table) => db.exec(`DELETE FROM ${table}`))),
    close() {
      if (db.open) db.close();
    },
  };
}
