// What the Gini API sees in an uploaded file: whether its leading bytes are the declared file
// type, and how many pages it has. The signatures are the formats' own: PDF 1.7 (ISO 32000-1
// §7.5.2, `%PDF-`), JPEG (JFIF/Exif SOI + marker, FF D8 FF), PNG (RFC 2083 §3.1, 89 50 4E 47),
// TIFF 6.0 §2 (`II*\0` little-endian, `MM\0*` big-endian), GIF89a §17 (`GIF87a`/`GIF89a`).
import { latin1Text, utf8Text } from "./bytes.js";

export type FileKind = "pdf" | "jpeg" | "png" | "tiff" | "gif" | "text" | "qr";

const signatures: Record<Exclude<FileKind, "text" | "qr">, readonly number[][]> = {
  pdf: [[0x25, 0x50, 0x44, 0x46, 0x2d]],
  jpeg: [[0xff, 0xd8, 0xff]],
  png: [[0x89, 0x50, 0x4e, 0x47]],
  tiff: [
    [0x49, 0x49, 0x2a, 0x00],
    [0x4d, 0x4d, 0x00, 0x2a],
  ],
  gif: [
    [0x47, 0x49, 0x46, 0x38, 0x37, 0x61],
    [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  ],
};

/** The file kind a media type declares, for the types the API analyses; `undefined` for any other (415). */
export function declaredKind(mediaType: string): FileKind | undefined {
  const partial = /^application\/vnd\.gini\.v\d+\.partial\+(.+)$/.exec(mediaType)?.[1];
  const subtype = partial ?? (mediaType.startsWith("image/") ? mediaType.slice("image/".length) : mediaType);
  switch (subtype) {
    case "application/pdf":
    case "pdf":
      return "pdf";
    case "jpeg":
    case "jpg":
      return "jpeg";
    case "png":
    case "tiff":
    case "gif":
      return subtype;
    case "qr+json":
      return partial ? "qr" : undefined;
    case "text/plain":
      return "text";
    default:
      return undefined;
  }
}

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, index) => bytes[index] === byte);

/** The kind of binary file whose signature the bytes start with. */
export function sniffedKind(bytes: Uint8Array): FileKind | undefined {
  return (Object.keys(signatures) as (keyof typeof signatures)[]).find((kind) => signatures[kind].some((signature) => startsWith(bytes, signature)));
}

/** Whether the bytes are a file of the declared kind (text and QR payloads have no signature: UTF-8 text, JSON). */
export function matchesKind(bytes: Uint8Array, kind: FileKind): boolean {
  if (kind === "text") return utf8Text(bytes.subarray(0, 1024)).indexOf("\uFFFD") < 0;
  if (kind === "qr") {
    try {
      JSON.parse(utf8Text(bytes));
      return true;
    } catch {
      return false;
    }
  }
  return signatures[kind].some((signature) => startsWith(bytes, signature));
}

/**
 * A PDF's page count: the largest `/Count` of its page tree (the root's is the total, ISO
 * 32000-1 §7.7.3.2), or, when the tree sits in a compressed object stream, the number of
 * `/Type /Page` objects that can be seen; at least 1. Every other file is one page.
 */
export function pageCountOf(bytes: Uint8Array, kind: FileKind): number {
  if (kind !== "pdf") return 1;
  const text = latin1Text(bytes);
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((match) => Number(match[1] ?? match[2]));
  const pages = text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  return Math.max(1, pages, ...counts);
}
