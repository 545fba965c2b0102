// Media types: the one rule for "is this JSON", the essence of a Content-Type, and the Gini API's
// versioned types (https://developer.gini.net/gini-api/html/documents.html#document-type-hints).

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`. */
export const essenceOf = (contentType: string | undefined) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();

/** `application/json` or a `+json` structured syntax suffix (RFC 6839 §3.1), given an essence. */
export const isJsonMediaType = (mediaType: string) => mediaType === "application/json" || mediaType.endsWith("+json");

/** The versioned media type the Gini API answers with (`Accept: application/vnd.gini.v1+json`). */
export const giniApiMediaType = "application/vnd.gini.v1+json";

/** A composite document: the JSON list of its partial documents. */
export const compositeMediaType = "application/vnd.gini.v1.composite+json";

/** A QR code's parsed content as a partial document. */
export const qrCodeMediaType = "application/vnd.gini.v1.partial+qr+json";

export type PartialMediaType = `application/vnd.gini.v1.partial+${"pdf" | "jpeg" | "png" | "tiff"}`;

/** `application/vnd.gini.v1.partial+<subtype of the file's type>` (Gini's Android SDK `MediaTypes.forPartialDocument`). */
export function partialMediaType(contentType: `${string}/${"pdf" | "jpeg" | "png" | "tiff"}`): PartialMediaType {
  return `application/vnd.gini.v1.partial+${contentType.split("/")[1] as "pdf" | "jpeg" | "png" | "tiff"}`;
}
