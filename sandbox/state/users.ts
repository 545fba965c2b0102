// The User Center's aggregate: users (each managed by the client that created it, or by every
// client when configured), their access tokens (the Gini API accepts the user tokens) and their
// refresh tokens (in the same table, under prefixed keys, with an index of their own). The
// live tokens are indexed in memory (live-tokens.ts), loaded from the storage at start and
// changed only with it; a failed transaction takes the index's changes back too.
import { randomId } from "../bytes.js";
import { LiveTokens, holderOf } from "./live-tokens.js";
import type { Storage, StoredToken, StoredUser } from "./records.js";

/** Live tokens kept per user and client tokens per client; issuing one more revokes the oldest. */
export const tokenCaps = { perUser: 10, perClient: 1000 } as const;
/**
 * The expiry queue: every `expirySweepEvery` tokens issued, up to twice as many expired ones are
 * removed (oldest first), so that the queue drains faster than it fills, in small steps.
 */
const expirySweepEvery = 16;
/** Refresh tokens share the token table under keys with this prefix, and have their own index: they are never access tokens. */
const refreshKeyPrefix = "refresh:";
/** A refresh token outlives many access tokens; each use replaces it (rotation). */
export const refreshTokenTtlSeconds = 30 * 24 * 3600;

export class Users {
  private readonly liveTokens = new LiveTokens();
  private readonly refreshTokens = new LiveTokens();
  /** While a transaction runs: how to take back its changes of `liveTokens` if it fails. */
  private undoLog: (() => void)[] | undefined;
  private issuedSinceSweep = 0;
  /** Counts changes of stored users (email, password, deletion): an unchanged count means that a user read earlier is current. */
  changes = 0;

  constructor(
    private readonly storage: Storage,
    private readonly tokenTtlSeconds: number,
    private readonly now: () => number,
  ) {
    this.reload();
  }

  /** Indexes the stored tokens again (at start, and after the storage was cleared). */
  reload() {
    this.liveTokens.clear();
    this.refreshTokens.clear();
    // The stored keys are digests (only SQLite keeps tokens), so the prefix alone marks a refresh token.
    for (const [key, token] of this.storage.tokens.all()) (key.startsWith(refreshKeyPrefix) ? this.refreshTokens : this.liveTokens).add(key, token);
  }

  /** Runs `transaction`; when it throws, the live-token index is as it was before. */
  undoable<T>(transaction: () => T): T {
    const undoLog: (() => void)[] = [];
    this.undoLog = undoLog;
    try {
      return transaction();
    } catch (error) {
      for (const undo of undoLog.reverse()) undo();
      throw error;
    } finally {
      this.undoLog = undefined;
    }
  }

  byId(id: string) {
    return this.storage.users.byId(id);
  }

  /** Emails are compared case-insensitively, as mail systems treat the domain. */
  byEmail(email: string) {
    return this.storage.users.byEmail(email);
  }

  get count(): number {
    return this.storage.users.count();
  }

  get tokenCount(): number {
    return this.liveTokens.size;
  }

  /** Stores a new user; false (and nothing stored) when another user has the email. */
  add(user: StoredUser): boolean {
    return this.storage.users.insert(user);
  }

  /** Stores a new email and/or password hash; a new password revokes the user's tokens. */
  change(user: StoredUser, change: { email?: string; passwordHash?: string }) {
    this.changes += 1;
    this.storage.users.update(user.id, change.email ?? user.email, change.passwordHash ?? user.passwordHash);
    if (change.passwordHash !== undefined) this.revokeTokens(user.id);
  }

  /** Deletes the user and its tokens (its documents are the state's to delete). */
  delete(user: StoredUser) {
    this.changes += 1;
    this.storage.users.delete(user.id);
    this.revokeTokens(user.id);
  }

  /** Revokes the user's access and refresh tokens. */
  revokeTokens(userId: string) {
    for (const index of [this.liveTokens, this.refreshTokens]) for (const key of [...index.keysOf(`user:${userId}`)]) this.removeToken(index, key);
  }

  /** Stores a token with a given value, e.g. a configured one. */
  addToken(accessToken: string, token: StoredToken) {
    this.storeToken(this.liveTokens, this.storage.tokenKey(accessToken), token);
  }

  /**
   * A new access token, and with `withRefreshToken` (a user's token) a refresh token too; removes
   * a few expired ones and, past a cap, the holder's oldest.
   */
  issueToken(clientId: string, userId?: string, withRefreshToken = false) {
    const accessToken = this.newToken(this.liveTokens, "", this.tokenTtlSeconds, clientId, userId);
    const refreshToken = withRefreshToken && userId !== undefined ? this.newToken(this.refreshTokens, refreshKeyPrefix, refreshTokenTtlSeconds, clientId, userId) : undefined;
    return { accessToken, expiresIn: this.tokenTtlSeconds, ...(refreshToken !== undefined && { refreshToken }) };
  }

  /** The token's grant while it is valid: one lookup in memory. */
  validToken(accessToken: string): StoredToken | undefined {
    const token = this.liveTokens.get(this.storage.tokenKey(accessToken));
    return token && token.expiresAt > this.now() ? token : undefined;
  }

  /**
   * Spends a refresh token of `clientId`: its user when it is live (it is removed, so that it
   * cannot be used again), undefined (and nothing changed) when it is unknown, expired, revoked or another client's.
   */
  useRefreshToken(refreshToken: string, clientId: string): string | undefined {
    const key = refreshKeyPrefix + this.storage.tokenKey(refreshToken);
    const token = this.refreshTokens.get(key);
    if (!token || token.expiresAt <= this.now() || token.clientId !== clientId || token.userId === undefined) return undefined;
    this.removeToken(this.refreshTokens, key);
    return token.userId;
  }

  private newToken(index: LiveTokens, keyPrefix: string, ttlSeconds: number, clientId: string, userId: string | undefined) {
    const now = this.now();
    const value = randomId();
    if (++this.issuedSinceSweep % expirySweepEvery === 0) for (const key of index.expired(now, 2 * expirySweepEvery)) this.removeToken(index, key);
    const token: StoredToken = { clientId, ...(userId !== undefined && { userId }), expiresAt: now + ttlSeconds * 1000 };
    this.storeToken(index, keyPrefix + this.storage.tokenKey(value), token);
    const held = index.keysOf(holderOf(token));
    if (held.size > (userId === undefined ? tokenCaps.perClient : tokenCaps.perUser)) this.removeToken(index, held.values().next().value!);
    return value;
  }

  /** Stores the token (replacing a live one with its key), then indexes it. */
  private storeToken(index: LiveTokens, key: string, token: StoredToken) {
    this.removeToken(index, key);
    const row = this.storage.tokens.insert(key, token);
    // One shape for every entry (`userId` present, maybe undefined): half the memory of spread copies.
    index.add(key, { clientId: token.clientId, userId: token.userId, expiresAt: token.expiresAt, row });
    this.undoLog?.push(() => index.remove(key));
  }

  private removeToken(index: LiveTokens, key: string) {
    const removed = index.get(key);
    if (!removed) return;
    this.storage.tokens.delete(removed.row);
    index.remove(key);
    this.undoLog?.push(() => index.add(key, removed));
  }
}
