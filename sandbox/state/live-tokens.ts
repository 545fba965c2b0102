// The live access tokens by key, in issue order (a `Map` keeps insertion order; with one
// lifetime for all, that is expiry order), and per holder (a user, or a client's own tokens),
// oldest first: checking a token, the caps and the expiry queue cost no storage query.
import type { StoredToken, TokenRecord } from "./records.js";

export const holderOf = (token: StoredToken) => (token.userId === undefined ? `client:${token.clientId}` : `user:${token.userId}`);

export class LiveTokens {
  private readonly byKey = new Map<string, TokenRecord>();
  private readonly byHolder = new Map<string, Set<string>>();

  get size() {
    return this.byKey.size;
  }

  get(key: string) {
    return this.byKey.get(key);
  }

  add(key: string, token: TokenRecord) {
    this.byKey.set(key, token);
    const holder = holderOf(token);
    let keys = this.byHolder.get(holder);
    if (!keys) this.byHolder.set(holder, (keys = new Set()));
    keys.add(key);
  }

  remove(key: string): TokenRecord | undefined {
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

  clear() {
    this.byKey.clear();
    this.byHolder.clear();
  }
}
