// The package's own urlencoded serializer and parser against the WHATWG one (Node's URLSearchParams).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formEncode, formParse, formSerialize, wellFormed } from "../../src/form-urlencoded.js";

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
