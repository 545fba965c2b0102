// JSON Pointers (RFC 6901) and the local references (`#/…`) of OpenAPI documents: the one
// encoder and decoder. `~1` is decoded before `~0`, so that `~01` stays `~1` (RFC 6901 §4).

export const decodePointerSegment = (segment: string) => segment.replaceAll("~1", "/").replaceAll("~0", "~");

export const encodePointerSegment = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/** The decoded segments of `/a/b` or `#/a/b`; none for `` or `#` (the whole document). */
export function pointerSegments(pointer: string): string[] {
  const path = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  return path === "" ? [] : path.slice(1).split("/").map(decodePointerSegment);
}

/** The local reference (`#/a/b`) of decoded segments. */
export const referenceOf = (segments: readonly string[]) => `#/${segments.map(encodePointerSegment).join("/")}`;

/** The value a pointer or local reference names in `document`, `undefined` where it names nothing. */
export function valueAt(document: unknown, pointer: string): unknown {
  return pointerSegments(pointer).reduce<unknown>((node, segment) => (typeof node === "object" && node !== null ? (node as Record<string, unknown>)[segment] : undefined), document);
}
