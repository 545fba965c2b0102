// The bytes the sandbox answers where the Gini API answers a file: a provider's icon (a 1×1 PNG
// in the provider's background colour), a page preview (one small JPEG for every page) and a
// document's processed file (a PDF stub with the document's page count).
import { concatBytes, fromBase64, utf8Bytes } from "./bytes.js";
import { type SandboxResponse } from "./http-types.js";

export const bytesResponse = (status: number, bytes: Uint8Array, contentType: string): SandboxResponse => ({ status, headers: { "content-type": contentType }, body: bytes });

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309), as PNG chunks carry it; written here so the sandbox needs no `node:zlib` in a browser. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const uint32 = (value: number) => new Uint8Array([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);

function pngChunk(type: string, data: Uint8Array) {
  const typed = concatBytes([utf8Bytes(type), data]);
  return concatBytes([uint32(data.length), typed, uint32(crc32(typed))]);
}

/** A zlib stream (RFC 1950) holding `data` in one stored deflate block (RFC 1951 §3.2.4): tiny data needs no compression. */
function zlibStored(data: Uint8Array) {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const length = data.length;
  return concatBytes([new Uint8Array([0x78, 0x01, 0x01, length & 0xff, length >>> 8, ~length & 0xff, (~length >>> 8) & 0xff]), data, uint32(((b << 16) | a) >>> 0)]);
}

/** A 1×1 RGB PNG of `rgbHex` (six hex digits, as the providers' `colors` write them). */
export function pngPixel(rgbHex: string): Uint8Array {
  const hex = /^[0-9a-f]{6}$/i.test(rgbHex) ? rgbHex : "808080";
  const header = concatBytes([uint32(1), uint32(1), new Uint8Array([8, 2, 0, 0, 0])]);
  const scanline = new Uint8Array([0, ...[0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16))]);
  return concatBytes([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", header), pngChunk("IDAT", zlibStored(scanline)), pngChunk("IEND", new Uint8Array())]);
}

/** A 64×80 JPEG page reading "Page 1", made with Pillow (the project's test/fixtures/documents/page.jpg). */
export const pagePreviewJpeg: Uint8Array = fromBase64("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCABQAEADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD0K7uriO7htrWCKV5I3kJklKABSo7Kc/e/Sm+bqv8Az5WX/gW3/wAbom/5Dtp/17T/APoUVXqnVt6m7cYxj7qd15935lHzdV/58rL/AMC2/wDjdHm6r/z5WX/gW3/xur1FFn3J9pH+Vfj/AJlHzdV/58rL/wAC2/8AjdHm6r/z5WX/AIFt/wDG6vUUWfcPaR/lX4/5lHzdV/58rL/wLb/43TrS6uJLua2uoIonjjSQGOUuCGLDuox939auVRh/5Dt3/wBe0H/oUtGqa1KTjKMvdSsvPuvMLyG7+3291aRwyeXFJGyyylPvFCCCFP8Ad/WjzdV/58rL/wAC2/8AjdXqKLeZKqKyTinb1/zKPm6r/wA+Vl/4Ft/8bo83Vf8Anysv/Atv/jdXqKLPuHtI/wAq/H/Mo+bqv/PlZf8AgW3/AMbo83Vf+fKy/wDAtv8A43V6iiz7h7SP8q/H/Mo+bqv/AD5WX/gW3/xuizhu/t9xdXccMfmRRxqsUpf7pckklR/e/Sr1FFvMHUVmlFK/r/mFecaH/wAJVZ+GL3UpJtQNyLfyUtZopZ5Wm8w4k2vjaArAfLuHGTkrtr0eiqMjztvEXimDTjLPb3KJaz3DSzNZNl41jLQhsovyswIZgqkADOzOTPpep+K5dR01pZWaymitZC72xZZlkXMmTHGQrBjgZZAAoyGyTXZ3um2GobPt9jbXXl52edEr7c9cZHHQflVqgCrqXk/YJPtP2nyuN32bzPM6jp5fzfl2znjNYXw8EkHhO1sbm3ube4t9/mJNA8eN0jEYLAA8emcd66eigAooooAKKKKACiiigAooooAKKKKACiiigAooooAKKKKACiiigD//2Q==")!;

/** A PDF stub standing for the file Gini processed. */
export const processedPdf = (pageCount: number): Uint8Array => utf8Bytes(`%PDF-1.4\n% Processed by the Gini sandbox\n1 0 obj << /Type /Pages /Count ${pageCount} >> endobj\n%%EOF\n`);
