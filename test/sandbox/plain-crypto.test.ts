// What the sandbox computes itself where the runtime lacks it (React Native's Hermes: no
// `crypto.subtle`, no `TextDecoder`) must equal what the runtimes that have it compute.
import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeUtf8 } from "../../sandbox/bytes.js";
import { hashPassword, verifyPassword } from "../../sandbox/password-hash.js";
import { hmacSha256, sha256 } from "../../sandbox/sha256.js";

const webCrypto = globalThis.crypto;
const withoutSubtle = { getRandomValues: webCrypto.getRandomValues.bind(webCrypto) };
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("SHA-256 and HMAC in plain JavaScript", () => {
  it("equal node:crypto's for any message and key, across block boundaries", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 150 }), (message, key) => {
        expect(hex(sha256(message))).toBe(createHash("sha256").update(message).digest("hex"));
        expect(hex(hmacSha256(key, message))).toBe(createHmac("sha256", key).update(message).digest("hex"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("password hashes without crypto.subtle", () => {
  afterEach(() => vi.unstubAllGlobals());

  for (const hashing of [{ algorithm: "sha256", cost: 0 }, { algorithm: "pbkdf2", cost: 1000 }] as const) {
    it(`${hashing.algorithm}: verify Web Crypto's hashes, and Web Crypto verifies theirs`, async () => {
      const webCryptoHash = await hashPassword("pässword", hashing);
      vi.stubGlobal("crypto", withoutSubtle);
      const plainHash = await hashPassword("pässword", hashing);
      expect([await verifyPassword("pässword", webCryptoHash, hashing), await verifyPassword("password", webCryptoHash, hashing)]).toEqual([true, false]);
      vi.unstubAllGlobals();
      expect([await verifyPassword("pässword", plainHash, hashing), await verifyPassword("password", plainHash, hashing)]).toEqual([true, false]);
    });
  }

  it("pbkdf2 equals node:crypto's PBKDF2-HMAC-SHA-256", async () => {
    vi.stubGlobal("crypto", { getRandomValues: (array: Uint8Array) => array.fill(7) });
    const [, , salt, key] = (await hashPassword("secret", { algorithm: "pbkdf2", cost: 2000 })).split("$");
    expect(Buffer.from(key!, "base64url").toString("hex")).toBe(pbkdf2Sync("secret", Buffer.from(salt!, "base64url"), 2000, 32, "sha256").toString("hex"));
  });
});

describe("UTF-8 without TextDecoder", () => {
  it("decodes valid UTF-8 exactly and marks invalid input as TextDecoder does", () => {
    const decoder = new TextDecoder();
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }).map((text) => new TextEncoder().encode(text)), fc.uint8Array({ maxLength: 40 })), (bytes) => {
        const expected = decoder.decode(bytes);
        const decoded = decodeUtf8(bytes);
        if (expected.includes("\uFFFD")) expect(decoded).toContain("\uFFFD");
        else expect(decoded).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
