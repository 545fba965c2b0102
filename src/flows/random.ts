/**
 * Fills `bytes` with cryptographically strong random values, like `crypto.getRandomValues`: the
 * one source of randomness of the flows (React Native has `getRandomValues` through a polyfill,
 * but no `crypto.randomUUID`). Inject one to make users, passwords and back-off reproducible.
 */
export type RandomValues = (bytes: Uint8Array) => Uint8Array;

/** `crypto.getRandomValues`, looked up when called so that a polyfill installed later counts. */
export const webCryptoRandom: RandomValues = (bytes) => crypto.getRandomValues(bytes);

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/** A version 4 UUID (RFC 9562 §5.4): 122 random bits, the version and variant bits set. */
export function uuidV4(random: RandomValues): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const text = hex(bytes);
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** 32 random bytes, base64url: 43 characters (the User Center asks for at least 6: openapi/user-center/, `createUser`). */
export function randomPassword(random: RandomValues): string {
  const bytes = random(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A number in [0, 1) with 32 random bits, for back-off jitter. */
export function randomFraction(random: RandomValues): number {
  const [a = 0, b = 0, c = 0, d = 0] = random(new Uint8Array(4));
  return (((a << 24) >>> 0) + (b << 16) + (c << 8) + d) / 2 ** 32;
}
