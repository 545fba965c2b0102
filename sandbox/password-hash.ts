// Passwords are kept only as scrypt hashes (RFC 7914) with a random salt per password.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const keyLength = 32;

function derive(password: string, salt: Buffer, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, keyLength, { N: cost, maxmem: 256 * cost * 8 + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$<N>$<salt>$<hash>`, salt and hash in base64url: the cost travels with the hash. */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ["scrypt", cost, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, cost, salt, hash] = stored.split("$");
  if (algorithm !== "scrypt" || !cost || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), Number(cost));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
