// Bytes, Base64 and random IDs with what every JavaScript runtime has (Uint8Array, TextEncoder,
// atob/btoa, `crypto.getRandomValues`), so that the in-memory sandbox needs no Node module and
// no `Buffer`. React Native's Hermes has `TextEncoder` (since React Native 0.74) but no
// `TextDecoder` (facebook/hermes#1403): UTF-8 is decoded here where it is missing.

const encoder = new TextEncoder();
const decoder = typeof TextDecoder === "function" ? new TextDecoder() : undefined;

export const utf8Bytes = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text);

/** UTF-8 as `TextDecoder` decodes it: an invalid sequence becomes U+FFFD (decodeUtf8 where there is no `TextDecoder`). */
export const utf8Text = (bytes: Uint8Array): string => (decoder ? decoder.decode(bytes) : decodeUtf8(bytes));

// The smallest code point of each sequence length, to refuse overlong forms.
const sequenceMinimum = [0, 0, 0x80, 0x800, 0x10000];

export function decodeUtf8(bytes: Uint8Array): string {
  const codePoints: number[] = [];
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    let codePoint = length === 1 ? lead : lead & (0xff >> (length + 1));
    let read = 1;
    while (read < length && ((bytes[index + read] ?? 0) & 0xc0) === 0x80) codePoint = (codePoint << 6) | (bytes[index + read++]! & 0x3f);
    const valid = length > 0 && read === length && codePoint >= sequenceMinimum[length]! && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
    codePoints.push(valid ? codePoint : 0xfffd);
    index += valid ? length : Math.max(1, read);
  }
  let text = "";
  for (let offset = 0; offset < codePoints.length; offset += 0x8000) text += String.fromCodePoint(...codePoints.slice(offset, offset + 0x8000));
  return text;
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/** Each byte as the character of the same code (ISO 8859-1), as a PDF's structure is read. */
export function latin1Text(bytes: Uint8Array): string {
  let text = "";
  for (let offset = 0; offset < bytes.length; offset += 0x8000) text += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return text;
}

export const toBase64Url = (bytes: Uint8Array) => btoa(latin1Text(bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

/** Standard or URL-safe Base64 (RFC 4648 §4, §5); `undefined` when it is neither. */
export function fromBase64(encoded: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(encoded.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** A random (version 4) UUID, RFC 9562 §5.4; from `getRandomValues`, which runtimes without `crypto.randomUUID` have too. */
export function randomId(): string {
  const bytes = randomBytes(16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
