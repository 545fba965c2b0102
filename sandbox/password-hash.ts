// Passwords are kept only as salted hashes, each stored with its algorithm and parameters, so
// that a database written under one setting still verifies under another.
// - `sha256` (the default): HMAC-SHA-256 keyed by a random salt. A sandbox holds test users, not
//   real secrets; a hash that costs microseconds keeps sign-up and login as fast as the rest of
//   the sandbox (the anonymous flow hashes twice), which is what load tests measure.
// - `scrypt` (RFC 7914) with cost N: the full cost of a real store, ~50 ms a hash at N = 16384.
import { createHmac, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

export type PasswordHashAlgorithm = "sha256" | "scrypt";

export interface PasswordHashing {
  readonly algorithm: PasswordHashAlgorithm;
  /** scrypt's N (a power of two); unused by `sha256`. */
  readonly cost: number;
}

const keyLength = 32;
const saltLength = 16;

/** Salts are cut from a buffer of random bytes refilled every 256 salts: a system call per salt costs more than a `sha256` hash. */
let randomPool = Buffer.alloc(0);
let poolOffset = 0;
function newSalt(): Buffer {
  if (poolOffset + saltLength > randomPool.length) {
    randomPool = randomBytes(256 * saltLength);
    poolOffset = 0;
  }
  poolOffset += saltLength;
  return randomPool.subarray(poolOffset - saltLength, poolOffset);
}

function derive(password: string, salt: Buffer, algorithm: string, cost: number): Promise<Buffer> {
  const normalized = password.normalize("NFC");
  if (algorithm === "sha256") return Promise.resolve(createHmac("sha256", salt).update(normalized).digest());
  return new Promise((resolve, reject) => {
    scrypt(normalized, salt, keyLength, { N: cost, maxmem: 256 * cost * 8 + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `<algorithm>$<cost>$<salt>$<hash>`, salt and hash in base64url: the parameters travel with the hash. */
export async function hashPassword(password: string, hashing: PasswordHashing): Promise<string> {
  const salt = newSalt();
  const key = await derive(password, salt, hashing.algorithm, hashing.cost);
  return [hashing.algorithm, hashing.cost, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, cost, salt, hash] = stored.split("$");
  if ((algorithm !== "scrypt" && algorithm !== "sha256") || !cost || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), algorithm, Number(cost));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password with the configured parameters: checking a login for an unknown
 * email against it costs what checking a known one costs, so the answer's timing does not tell
 * which emails exist (RFC 6749 §5.2 gives both the same `invalid_grant`).
 */
export function dummyPasswordHash(hashing: PasswordHashing): Promise<string> {
  return hashPassword(randomBytes(16).toString("base64url"), hashing);
}
