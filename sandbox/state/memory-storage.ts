// The storage of a sandbox that keeps nothing across restarts (the default): plain maps, in any
// JavaScript runtime. A transaction records how to undo each change and, when it fails, undoes
// them newest first. Tokens are kept by the live-token index alone (users.ts), so their table
// only numbers them; a token is its own key, since nothing leaves the process.
import { documentIdOf, emailKey, type Storage, type StoredDocument, type StoredInnodataUser, type StoredUser } from "./records.js";

interface DocumentEntry {
  readonly document: StoredDocument;
  feedback?: string;
}

export function createMemoryStorage(): Storage {
  let undoLog: (() => void)[] | undefined;
  let initialisedAt: string | undefined;
  let tokenRows = 0;
  const users = new Map<string, StoredUser>();
  const userIdByEmail = new Map<string, string>();
  const documents = new Map<string, Map<string, DocumentEntry>>();
  const innodataUsers = new Map<string, StoredInnodataUser>();
  const innodataIdByEmail = new Map<string, string>();
  const innodataIdByKey = new Map<string, string>();

  /** Sets or deletes a map entry, and records how to take that back. */
  function put<K, V>(map: Map<K, V>, key: K, value: V | undefined) {
    const had = map.has(key);
    const previous = map.get(key);
    if (value === undefined) map.delete(key);
    else map.set(key, value);
    undoLog?.push(() => (had ? map.set(key, previous!) : map.delete(key)));
  }

  const ownerDocuments = (owner: string) => documents.get(owner) ?? new Map<string, DocumentEntry>();
  function putDocument(owner: string, id: string, entry: DocumentEntry | undefined) {
    let owned = documents.get(owner);
    if (!owned) put(documents, owner, (owned = new Map()));
    put(owned, id, entry);
  }

  return {
    users: {
      byId: (id) => users.get(id),
      byEmail: (email) => users.get(userIdByEmail.get(emailKey(email)) ?? ""),
      insert(user) {
        if (userIdByEmail.has(emailKey(user.email))) return false;
        if (users.has(user.id)) throw new Error(`A user with the ID ${user.id} exists`);
        put(users, user.id, user);
        put(userIdByEmail, emailKey(user.email), user.id);
        return true;
      },
      update(id, email, passwordHash) {
        const user = users.get(id);
        if (!user) return;
        put(userIdByEmail, emailKey(user.email), undefined);
        put(userIdByEmail, emailKey(email), id);
        put(users, id, { ...user, email, passwordHash });
      },
      delete(id) {
        const user = users.get(id);
        if (!user) return;
        put(userIdByEmail, emailKey(user.email), undefined);
        put(users, id, undefined);
      },
      count: () => users.size,
    },
    tokens: {
      all: () => [],
      insert: () => ++tokenRows,
      delete: () => undefined,
    },
    documents: {
      get: (owner, id) => documents.get(owner)?.get(id)?.document,
      list: (owner) =>
        [...ownerDocuments(owner).values()].map((entry) => entry.document).sort((a, b) => b.creationDate - a.creationDate || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      count: (owner) => ownerDocuments(owner).size,
      compositesOf: (owner, id) =>
        [...ownerDocuments(owner).values()].filter(({ document }) => document.partialDocuments?.some((part) => documentIdOf(part.document) === id)).map(({ document }) => document.id),
      insert: (owner, document) => putDocument(owner, document.id, { document }),
      delete: (owner, id) => putDocument(owner, id, undefined),
      deleteOwner: (owner) => put(documents, owner, undefined),
      setFeedback(owner, id, feedback) {
        const entry = documents.get(owner)?.get(id);
        if (entry) putDocument(owner, id, { ...entry, feedback });
      },
      feedback: (owner, id) => documents.get(owner)?.get(id)?.feedback,
    },
    innodataUsers: {
      byEmail: (email) => innodataUsers.get(innodataIdByEmail.get(emailKey(email)) ?? ""),
      byKey: (key) => innodataUsers.get(innodataIdByKey.get(key) ?? ""),
      insert(user) {
        if (innodataIdByEmail.has(emailKey(user.email)) || innodataUsers.has(user.id)) throw new Error(`An Innodata user with the ID ${user.id} or its email exists`);
        put(innodataUsers, user.id, user);
        put(innodataIdByEmail, emailKey(user.email), user.id);
        for (const key of [user.liveKey, user.testKey]) if (key !== null) put(innodataIdByKey, key, user.id);
      },
      activate(id, liveKey, testKey) {
        const user = innodataUsers.get(id);
        if (!user) return;
        put(innodataUsers, id, { ...user, activated: true, liveKey, testKey });
        put(innodataIdByKey, liveKey, id);
        put(innodataIdByKey, testKey, id);
      },
    },
    tokenKey: (accessToken) => accessToken,
    initialised: () => initialisedAt !== undefined,
    markInitialised(at) {
      initialisedAt = at;
    },
    transaction(change) {
      const log: (() => void)[] = [];
      undoLog = log;
      try {
        return change();
      } catch (error) {
        for (const undo of log.reverse()) undo();
        throw error;
      } finally {
        undoLog = undefined;
      }
    },
    clear() {
      for (const map of [users, userIdByEmail, documents, innodataUsers, innodataIdByEmail, innodataIdByKey]) map.clear();
      initialisedAt = undefined;
    },
    close: () => undefined,
  };
}
