// The bytes the sandbox answers where the Gini API answers a file: a provider's icon (a 1×1 PNG
// in the provider's background colour), a page preview (one small JPEG for every page) and a
// document's processed file (a PDF stub with the document's page count).
import { crc32, deflateSync } from "node:zlib";
import { type SandboxResponse } from "./http-types.js";

export const bytesResponse = (status: number, bytes: Uint8Array, contentType: string): SandboxResponse => ({ status, headers: { "content-type": contentType }, body: bytes });

function pngChunk(type: string, data: Uint8Array) {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, "latin1");
  Buffer.from(data).copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** A 1×1 RGB PNG of `rgbHex` (six hex digits, as the providers' `colors` write them). */
export function pngPixel(rgbHex: string): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const scanline = Buffer.from([0, ...Buffer.from(/^[0-9a-f]{6}$/i.test(rgbHex) ? rgbHex : "808080", "hex")]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", header), pngChunk("IDAT", deflateSync(scanline)), pngChunk("IEND", new Uint8Array())]);
}

/** A 64×80 JPEG page reading "Page 1", made with Pillow (the project's test/fixtures/documents/page.jpg). */
export const pagePreviewJpeg: Uint8Array = Buffer.from("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCABQAEADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD0K7uriO7htrWCKV5I3kJklKABSo7Kc/e/Sm+bqv8Az5WX/gW3/wAbom/5Dtp/17T/APoUVXqnVt6m7cYxj7qd15935lHzdV/58rL/AMC2/wDjdHm6r/z5WX/gW3/xur1FFn3J9pH+Vfj/AJlHzdV/58rL/wAC2/8AjdHm6r/z5WX/AIFt/wDG6vUUWfcPaR/lX4/5lHzdV/58rL/wLb/43TrS6uJLua2uoIonjjSQGOUuCGLDuox939auVRh/5Dt3/wBe0H/oUtGqa1KTjKMvdSsvPuvMLyG7+3291aRwyeXFJGyyylPvFCCCFP8Ad/WjzdV/58rL/wAC2/8AjdXqKLeZKqKyTinb1/zKPm6r/wA+Vl/4Ft/8bo83Vf8Anysv/Atv/jdXqKLPuHtI/wAq/H/Mo+bqv/PlZf8AgW3/AMbo83Vf+fKy/wDAtv8A43V6iiz7h7SP8q/H/Mo+bqv/AD5WX/gW3/xuizhu/t9xdXccMfmRRxqsUpf7pckklR/e/Sr1FFvMHUVmlFK/r/mFecaH/wAJVZ+GL3UpJtQNyLfyUtZopZ5Wm8w4k2vjaArAfLuHGTkrtr0eiqMjztvEXimDTjLPb3KJaz3DSzNZNl41jLQhsovyswIZgqkADOzOTPpep+K5dR01pZWaymitZC72xZZlkXMmTHGQrBjgZZAAoyGyTXZ3um2GobPt9jbXXl52edEr7c9cZHHQflVqgCrqXk/YJPtP2nyuN32bzPM6jp5fzfl2znjNYXw8EkHhO1sbm3ube4t9/mJNA8eN0jEYLAA8emcd66eigAooooAKKKKACiiigAooooAKKKKACiiigAooooAKKKKACiiigD//2Q==", "base64");

/** A PDF stub standing for the file Gini processed. */
export const processedPdf = (pageCount: number): Uint8Array => Buffer.from(`%PDF-1.4\n% Processed by the Gini sandbox\n1 0 obj << /Type /Pages /Count ${pageCount} >> endobj\n%%EOF\n`, "latin1");
