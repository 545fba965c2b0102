// The package's own urlencoded serializer and parser against the WHATWG one (Node's URLSearchParams).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formEncode, formParse, formSerialize, wellFormed } from "../../src/form-urlencoded.js";
import { createUserCenterClient } from "../../src/user-center.js";

const text = fc.oneof(fc.string({ unit: "binary", maxLength: 30 }), fc.constantFrom(" ", "+", "%", "%zz", "!'()~*-._", "a=b&c", "ü€日本😀", "\uD800x", "x\uDC00"));
const pairs = fc.array(fc.tuple(text, text), { maxLength: 6 });

describe("application/x-www-form-urlencoded", () => {
  it("serializes exactly as the URL Standard's serializer (URLSearchParams#toString), lone surrogates included", () => {
    fc.assert(
      fc.property(pairs, (list) => {
        expect(formSerialize(list)).toBe(new URLSearchParams(list).toString());
      }),
      { numRuns: 1000 },
    );
  });

  it("encodes one value as the serializer does, a space as + and !'()~ escaped", () => {
    expect(formEncode("a b!'()~*-._:")).toBe("a+b%21%27%28%29%7E*-._%3A");
    expect(formEncode("\uD800")).toBe("%EF%BF%BD");
  });

  it("parses what it serialized back to the same pairs, and any well-formed input as URLSearchParams does", () => {
    fc.assert(
      fc.property(pairs, (list) => {
        const wellFormedPairs = list.map(([name, value]) => [wellFormed(name), wellFormed(value)]);
        expect(formParse(formSerialize(list))).toEqual(wellFormedPairs);
      }),
      { numRuns: 1000 },
    );
    for (const input of ["a=1&&b", "a", "=x", "a+b=c%20d", "x=%41%42", "a==b"]) expect(formParse(input)).toEqual([...new URLSearchParams(input)]);
  });
});

describe("form bodies of the typed clients", () => {
  /** The body a client sends for the password grant, with `URLSearchParams` as React Native ≤ 0.79 has it (objects only, no parsing). */
  async function sentForm(contentType: string) {
    const bodies: string[] = [];
    const client = createUserCenterClient({
      baseUrl: "http://user-center.test",
      fetch: async (request: Request) => {
        bodies.push(await request.text());
        return new Response("{}", { status: 200, headers: { "Content-Type": "application/json" } });
      },
    });
    const native = globalThis.URLSearchParams;
    globalThis.URLSearchParams = class {
      constructor() {
        throw new Error("URLSearchParams is not to be used");
      }
    } as unknown as typeof URLSearchParams;
    try {
      await client.POST("/oauth/token", {
        params: { query: { grant_type: "password" } },
        headers: { Authorization: "Basic Y2xpZW50OnNlY3JldA==", "Content-Type": contentType },
        body: { username: "a+b.c@example.com", password: "p &w=ü!" },
      });
    } finally {
      globalThis.URLSearchParams = native;
    }
    return bodies[0];
  }

  it("are urlencoded by the package, whatever parameters the media type has, without URLSearchParams", async () => {
    const expected = "username=a%2Bb.c%40example.com&password=p+%26w%3D%C3%BC%21";
    expect(await sentForm("application/x-www-form-urlencoded")).toBe(expected);
    expect(await sentForm("application/x-www-form-urlencoded; charset=UTF-8")).toBe(expected);
  });
});
