// The one JSON Pointer decoder (RFC 6901): `~1` before `~0`, local references and plain pointers.
import { describe, expect, it } from "vitest";
import { decodePointerSegment, encodePointerSegment, pointerSegments, referenceOf, valueAt } from "../../src/registry/json-pointer.js";

describe("JSON pointers", () => {
  it("decodes ~1 to / and ~0 to ~, and ~01 to ~1 rather than /", () => {
    expect(decodePointerSegment("a~1b")).toBe("a/b");
    expect(decodePointerSegment("m~0n")).toBe("m~n");
    expect(decodePointerSegment("~01")).toBe("~1");
  });

  it("encodes what it decodes", () => {
    for (const segment of ["/documents/{documentId}", "~", "~1", "a~/b"]) expect(decodePointerSegment(encodePointerSegment(segment))).toBe(segment);
  });

  it("reads RFC 6901 §5's examples, as pointers and as local references", () => {
    const document = { foo: ["bar", "baz"], "": 0, "a/b": 1, "m~n": 8 };
    expect(valueAt(document, "")).toBe(document);
    expect(valueAt(document, "/foo/0")).toBe("bar");
    expect(valueAt(document, "/")).toBe(0);
    expect(valueAt(document, "#/a~1b")).toBe(1);
    expect(valueAt(document, "#/m~0n")).toBe(8);
    expect(valueAt(document, "#/nothing/deeper")).toBeUndefined();
    expect(pointerSegments("#/paths/~1documents~1{documentId}")).toEqual(["paths", "/documents/{documentId}"]);
    expect(referenceOf(["paths", "/documents/{documentId}"])).toBe("#/paths/~1documents~1{documentId}");
  });
});
