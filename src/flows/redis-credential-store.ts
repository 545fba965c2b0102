import { sleep } from "../abort.js";
import { type CredentialStore, parseCredentials } from "./credential-store.js";
import { CredentialStoreError } from "./errors.js";
import { requireMethods, requireMilliseconds, requireText } from "./option-rules.js";
import { type RandomValues, randomFraction, uuidV4, webCryptoRandom } from "./random.js";

/**
 * The commands the Redis store sends, as the official `redis` client (v4 and later) names them.
 * Pass a connected client: `createClient({ url }).connect()`.
 */
export interface RedisCommands {
  get(key: string): Promise<string | null | unknown>;
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<string | null | unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export interface RedisCredentialStoreOptions {
  /** A connected client of the official `redis` package (or anything with its `get`, `set` and `eval`). */
  client: RedisCommands;
  /** The key of the credentials; the lease lives at `<key>:lock`. Use one key per user, e.g. `gini:user:<hash of the identifier>`. */
  key: string;
  /** How long a lease lasts without renewal, ms (default 30 000). The holder renews it every third of this; a killed holder's lease expires. */
  leaseMs?: number;
  /** How long to wait for the lease before failing, ms (default 300 000). */
  lockWaitMs?: number;
  /** Random bytes for the lease token and the polling jitter (default `crypto.getRandomValues`). */
  random?: RandomValues;
}

// Writes and renewals happen only while the lease is still this holder's: a holder that stalled
// past its lease must not overwrite what the next holder wrote.
const setIfLeaseHeld = `if redis.call("GET", KEYS[2]) == ARGV[2] then redis.call("SET", KEYS[1], ARGV[1]) return 1 end return 0`;
const renewIfHeld = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end return 0`;
const releaseIfHeld = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;


/**
 * A `CredentialStore` in Redis, for backends with several instances: the credentials are one
 * string key, and `lock` is a lease (`SET <key>:lock <random> NX PX leaseMs`) that one instance
 * holds at a time, renews while it works and deletes when done. Another instance polls for it,
 * then finds the user (and the token) the holder stored. Writes are fenced by the lease.
 */
export function createRedisCredentialStore(options: RedisCredentialStoreOptions): CredentialStore {
  const operation = "createRedisCredentialStore";
  const client = requireMethods(operation, "client", options.client, ["get", "set", "eval"]);
  const key = requireText(operation, "key", options.key, "nonEmpty");
  const lockKey = `${key}:lock`;
  const leaseMs = requireMilliseconds(operation, "leaseMs", options.leaseMs ?? 30_000);
  const lockWaitMs = requireMilliseconds(operation, "lockWaitMs", options.lockWaitMs ?? 300_000);
  const random = options.random ?? webCryptoRandom;
  /** This store's lease token while it holds the lease. */
  let held: string | undefined;

  async function acquire(): Promise<string> {
    const token = uuidV4(random);
    const giveUpAt = Date.now() + lockWaitMs;
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      if ((await client.set(lockKey, token, { NX: true, PX: leaseMs })) === "OK") return token;
      if (Date.now() > giveUpAt) throw new CredentialStoreError("credentialStore.lock", { reason: `${lockKey} still held after ${lockWaitMs} ms` });
      await sleep(wait / 2 + (wait / 2) * randomFraction(random));
    }
  }

  return {
    async get() {
      const text = await client.get(key);
      return typeof text === "string" ? parseCredentials(text, `Redis key ${key}`) : undefined;
    },
    async set(credentials) {
      const text = JSON.stringify(credentials);
      if (held === undefined) {
        await client.eval(`redis.call("SET", KEYS[1], ARGV[1]) return 1`, { keys: [key], arguments: [text] });
        return;
      }
      const written = await client.eval(setIfLeaseHeld, { keys: [key, lockKey], arguments: [text, held] });
      if (Number(written) !== 1) throw new CredentialStoreError("credentialStore.set", { reason: `lease ${lockKey} expired before the write` });
    },
    async lock(critical) {
      const token = await acquire();
      held = token;
      const renewal = setInterval(() => {
        client.eval(renewIfHeld, { keys: [lockKey], arguments: [token, String(leaseMs)] }).catch(() => undefined);
      }, leaseMs / 3);
      try {
        return await critical();
      } finally {
        clearInterval(renewal);
        held = undefined;
        await client.eval(releaseIfHeld, { keys: [lockKey], arguments: [token] });
      }
    },
  };
}
