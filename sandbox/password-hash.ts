// Passwords are kept only as salted hashes, each stored with its algorithm and parameters, so
// that a database written under one setting still verifies under another. Both algorithms are
// Web Crypto's, so the sandbox hashes alike in Node, browsers and workers; where `crypto.subtle`
// is missing (React Native's Hermes), the same hashes are computed in plain JavaScript (sha256.ts):
// - `sha256` (the default): HMAC-SHA-256 keyed by a random salt. A sandbox holds test users, not
//   real secrets; a hash that costs microseconds keeps sign-up and login as fast as the rest of
//   the sandbox (the anonymous flow hashes twice), which is what load tests measure.
// - `pbkdf2` (RFC 8018 §5.2, HMAC-SHA-256) with `cost` iterations: the cost of a real store,
//   0.1–0.5 s a hash at OWASP's 600 000 iterations on a 2-core machine.
import { fromBase64, randomBytes, toBase64Url, utf8Bytes } from "./bytes.js";
import { hmacSha256 as plainHmacSha256 } from "./sha256.js";

export type PasswordHashAlgorithm = "sha256" | "pbkdf2";

/** HMAC-SHA-256 at once; Node's entry gives node:crypto's, which costs a sixth of Web Crypto's (~8 µs of CPU against ~50). */
export type HmacSha256 = (key: Uint8Array, message: Uint8Array) => Uint8Array;

export interface PasswordHashing {
  readonly algorithm: PasswordHashAlgorithm;
  /** PBKDF2's iteration count; unused by `sha256`. */
  readonly cost: number;
  /** For `sha256`; Web Crypto's when absent. Both compute the same hash. */
  readonly hmacSha256?: HmacSha256 | undefined;
}

const keyBits = 256;
const saltLength = 16;

/** PBKDF2-HMAC-SHA-256 of one 32-byte block (RFC 8018 §5.2), all `keyBits` asks for. */
function plainPbkdf2(secret: Uint8Array, salt: Uint8Array, iterations: number): Uint8Array {
  const firstInput = new Uint8Array(salt.length + 4);
  firstInput.set(salt);
  firstInput[salt.length + 3] = 1;
  let block = plainHmacSha256(secret, firstInput);
  const key = block.slice();
  for (let round = 1; round < iterations; round += 1) {
    block = plainHmacSha256(secret, block);
    for (let index = 0; index < key.length; index += 1) key[index]! ^= block[index]!;
  }
  return key;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, algorithm: PasswordHashAlgorithm, cost: number, hmacSha256?: HmacSha256): Promise<Uint8Array> {
  const secret = utf8Bytes(password.normalize("NFC"));
  const subtle = globalThis.crypto?.subtle;
  if (algorithm === "sha256") {
    if (hmacSha256 || !subtle) return (hmacSha256 ?? plainHmacSha256)(salt, secret);
    const key = await subtle.importKey("raw", salt, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Uint8Array(await subtle.sign("HMAC", key, secret));
  }
  if (!subtle) return plainPbkdf2(secret, salt, cost);
  const key = await subtle.importKey("raw", secret, "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: cost }, key, keyBits));
}

/** Compares in time that depends only on the length, which is the same for every hash of one algorithm. */
function sameBytes(a: Uint8Array, b: Uint8Array) {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

/** `<algorithm>$<cost>$<salt>$<hash>`, salt and hash in base64url: the parameters travel with the hash. */
export async function hashPassword(password: string, hashing: PasswordHashing): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, hashing.algorithm, hashing.cost, hashing.hmacSha256);
  return [hashing.algorithm, hashing.cost, toBase64Url(salt), toBase64Url(key)].join("$");
}

/** Whether the password is the one of the stored hash, whatever the parameters it was made with. */
export async function verifyPassword(password: string, stored: string, hashing: PasswordHashing): Promise<boolean> {
  const [algorithm, cost, salt, hash] = stored.split("$");
  if ((algorithm !== "pbkdf2" && algorithm !== "sha256") || !cost || !salt || !hash) return false;
  const expected = fromBase64(hash);
  const saltBytes = fromBase64(salt);
  if (!expected || !saltBytes) return false;
  return sameBytes(await derive(password, saltBytes, algorithm, Number(cost), hashing.hmacSha256), expected);
}

/**
 * A hash of a random password with the configured parameters: checking a login for an unknown
 * email against it costs what checking a known one costs, so the answer's timing does not tell
 * which emails exist (RFC 6749 §5.2 gives both the same `invalid_grant`).
 */
export function dummyPasswordHash(hashing: PasswordHashing): Promise<string> {
  return hashPassword(toBase64Url(randomBytes(16)), hashing);
}
