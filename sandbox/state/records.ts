// What the sandbox stores, and the tables a storage (in memory, or SQLite in Node) keeps it in.
// The aggregates (users.ts, documents.ts, innodata-users.ts) hold the rules; a storage only
// stores rows, and takes all of a transaction's changes back when it fails.

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

/** A stored token with the storage's handle of its row. */
export interface TokenRecord extends StoredToken {
  readonly row: number;
}

interface PartialReference {
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

/** Emails are compared case-insensitively, as mail systems treat the domain. */
export const emailKey = (email: string) => email.toLowerCase();

/** The document ID at the end of a document URI (`…/documents/<id>`), lower-cased. */
export const documentIdOf = (uri: string) => /\/documents\/([0-9a-f-]{36})\/?$/i.exec(uri)?.[1]?.toLowerCase();

interface UserTable {
  byId(id: string): StoredUser | undefined;
  byEmail(email: string): StoredUser | undefined;
  /** False, and nothing stored, when another user has the email. */
  insert(user: StoredUser): boolean;
  update(id: string, email: string, passwordHash: string): void;
  delete(id: string): void;
  count(): number;
}

interface TokenTable {
  /** Every stored token by key, oldest first. */
  all(): Iterable<readonly [string, TokenRecord]>;
  /** Stores the token and answers its row. */
  insert(key: string, token: StoredToken): number;
  delete(row: number): void;
}

/** Documents by owner key (documents.ts) and ID. */
export interface DocumentTable {
  get(owner: string, id: string): StoredDocument | undefined;
  /** Newest first, then by ID. */
  list(owner: string): StoredDocument[];
  count(owner: string): number;
  /** The IDs of the owner's composites that name the document as a part. */
  compositesOf(owner: string, id: string): string[];
  insert(owner: string, document: StoredDocument): void;
  delete(owner: string, id: string): void;
  deleteOwner(owner: string): void;
  /** Feedback as JSON text. */
  setFeedback(owner: string, id: string, feedback: string): void;
  feedback(owner: string, id: string): string | undefined;
}

export interface InnodataUserTable {
  byEmail(email: string): StoredInnodataUser | undefined;
  byKey(key: string): StoredInnodataUser | undefined;
  insert(user: StoredInnodataUser): void;
  activate(id: string, liveKey: string, testKey: string): void;
}

export interface Storage {
  readonly users: UserTable;
  readonly tokens: TokenTable;
  readonly documents: DocumentTable;
  readonly innodataUsers: InnodataUserTable;
  /** The key a token is stored under: a digest where the storage outlives the process. */
  tokenKey(accessToken: string): string;
  /** Whether the configured data was stored already (a database file of an earlier run). */
  initialised(): boolean;
  markInitialised(at: string): void;
  /** Runs `change` as one transaction: all of it is stored, or (when it throws) none of it. */
  transaction<T>(change: () => T): T;
  /** Removes everything, the mark of initialisation too. */
  clear(): void;
  close(): void;
}
