import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { basicAuthorization, clientBasicAuthorization } from "../../src/flows/basic-authorization.js";

/** What a server does with `Authorization: Basic …`: base64, then UTF-8 (RFC 7617 §2.1). */
function decodeBasic(header: string): [string, string] {
  const bytes = Uint8Array.from(atob(header.replace(/^Basic /, "")), (char) => char.charCodeAt(0));
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  const colon = text.indexOf(":");
  return [text.slice(0, colon), text.slice(colon + 1)];
}

/** …and then, for OAuth client credentials, form-urldecoding of each part (RFC 6749 §2.3.1). */
const formUrlDecode = (value: string) => new URLSearchParams(`v=${value}`).get("v");

// Well-formed Unicode: lone surrogates cannot be sent as UTF-8 at all.
const text = fc.string({ unit: "grapheme", maxLength: 40 });
const tricky = fc.constantFrom(":", "%", "+", " ", "%20", "a:b", "ü", "€", "日本", "😀", "=", "&");
const credential = fc.oneof(text, fc.array(fc.oneof(text, tricky), { maxLength: 6 }).map((parts) => parts.join("")));

describe("HTTP Basic", () => {
  it("matches the seeds' examples", () => {
    expect(clientBasicAuthorization("client-id", "secret")).toBe("Basic Y2xpZW50LWlkOnNlY3JldA==");
    expect(basicAuthorization("user-live-632a5a63-d6d6-4246-91ca-d546632698d3", "")).toBe(
      "Basic dXNlci1saXZlLTYzMmE1YTYzLWQ2ZDYtNDI0Ni05MWNhLWQ1NDY2MzI2OThkMzo=",
    );
  });

  it("client credentials with any characters come back intact after base64, UTF-8 and form-urldecoding", () => {
    fc.assert(
      fc.property(credential, credential, (clientId, clientSecret) => {
        const [encodedId, encodedSecret] = decodeBasic(clientBasicAuthorization(clientId, clientSecret));
        expect(encodedId).not.toContain(":");
        expect([formUrlDecode(encodedId), formUrlDecode(encodedSecret)]).toEqual([clientId, clientSecret]);
      }),
      { numRuns: 500 },
    );
  });

  it("plain Basic sends any user-id without a colon, and any password, as UTF-8", () => {
    fc.assert(
      fc.property(
        credential.filter((userId) => !userId.includes(":")),
        credential,
        (userId, password) => {
          expect(decodeBasic(basicAuthorization(userId, password))).toEqual([userId, password]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("encodes what btoa cannot and what naive joining gets wrong", () => {
    expect(() => btoa("client:€")).toThrow();
    expect(decodeBasic(basicAuthorization("client", "€"))).toEqual(["client", "€"]);
    expect(decodeBasic(clientBasicAuthorization("id:with:colons", "a+b%c"))).toEqual(["id%3Awith%3Acolons", "a%2Bb%25c"]);
  });
});
