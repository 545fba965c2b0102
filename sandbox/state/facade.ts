// `sandbox.state`: what a test needs of a running sandbox's state, and no more. Seed it, look at
// it, reset it; every change goes through the same transactions as the requests' changes.
import type { ClientConfig, SandboxConfig } from "../config.js";
import { hashPassword } from "../password-hash.js";
import { randomId } from "../bytes.js";
import type { SandboxState } from "../state.js";
import type { DocumentOwner } from "./documents.js";
import type { StoredDocument, StoredInnodataUser, StoredToken, StoredUser } from "./records.js";

export interface SandboxStateFacade {
  /** The configuration in effect, defaults filled in. */
  readonly config: SandboxConfig;
  readonly clients: ReadonlyMap<string, ClientConfig>;
  /** How many User Center users are stored. */
  readonly userCount: number;
  /** How many access tokens are live (not revoked, not yet swept after expiry). */
  readonly tokenCount: number;
  userById(id: string): StoredUser | undefined;
  /** Case-insensitive. */
  userByEmail(email: string): StoredUser | undefined;
  /** The grant of a token while it is valid. */
  validToken(accessToken: string): StoredToken | undefined;
  /** A user's or a derived user's documents, newest first. */
  documents(owner: DocumentOwner): StoredDocument[];
  /** The feedback last sent on a document, as sent; undefined when none was. */
  feedback(owner: DocumentOwner, documentId: string): unknown;
  innodataUserByEmail(email: string): StoredInnodataUser | undefined;
  /**
   * Stores a User Center user that every client manages, as a configured one; answers it.
   * Throws a `TypeError` naming `email` when another user has the email.
   */
  addUser(user: { readonly email: string; readonly password: string; readonly id?: string }): Promise<StoredUser>;
  /** Deletes the user with its tokens and documents; false when there is no such user. */
  deleteUser(id: string): boolean;
  /** Revokes the user's tokens, as a password change does; the user keeps its credentials. */
  revokeUserTokens(id: string): void;
  /** Forgets everything and stores the configured data again, as a new sandbox would. */
  reset(): Promise<void>;
}

export function stateFacade(state: SandboxState): SandboxStateFacade {
  return {
    config: state.config,
    clients: state.clients,
    get userCount() {
      return state.users.count;
    },
    get tokenCount() {
      return state.users.tokenCount;
    },
    userById: (id) => state.users.byId(id),
    userByEmail: (email) => state.users.byEmail(email),
    validToken: (accessToken) => state.users.validToken(accessToken),
    documents: (owner) => state.documents.list(owner),
    feedback: (owner, documentId) => state.documents.feedback(owner, documentId),
    innodataUserByEmail: (email) => state.innodataUsers.byEmail(email),
    async addUser({ email, password, id = randomId() }) {
      const user: StoredUser = { id, email, passwordHash: await hashPassword(password, state.hashing), clientId: null };
      if (!state.write(() => state.users.add(user))) throw new TypeError(`addUser: email names a user that exists already`);
      return user;
    },
    deleteUser(id) {
      return state.write(() => {
        const user = state.users.byId(id);
        if (user) state.deleteUser(user);
        return user !== undefined;
      });
    },
    revokeUserTokens: (id) => state.write(() => state.users.revokeTokens(id)),
    reset: () => state.reset(),
  };
}
