// Real files through the typed client to a server that keeps the bytes as they arrived: for every
// file and partial media type the body on the wire equals the file and the Content-Type is the
// declared one; the JSON types go out as JSON; a wrong body for a media type does not compile.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { paths } from "../../generated/gini-api.js";
import { createGiniApiClient, type DocumentBytes, type GiniApiClient, type UploadMediaType, uploadDocument } from "../../src/index.js";
import { startFakeDocumentsServer } from "./support/fake-documents-server.js";

const file = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const pdf = file("invoice-2-pages.pdf");
const files = {
  "application/pdf": pdf,
  "image/jpeg": file("page.jpg"),
  "image/png": file("page.png"),
  "image/tiff": file("page.tiff"),
  "image/gif": file("page.gif"),
  "application/vnd.gini.v1.partial+pdf": pdf,
  "application/vnd.gini.v1.partial+jpeg": file("page.jpg"),
  "application/vnd.gini.v1.partial+png": file("page.png"),
  "application/vnd.gini.v1.partial+tiff": file("page.tiff"),
} as const;

/** The same bytes in each form a caller may hold them. */
const forms: Record<string, (bytes: Uint8Array<ArrayBuffer>, type: string) => DocumentBytes> = {
  Uint8Array: (bytes) => bytes,
  ArrayBuffer: (bytes) => bytes.slice().buffer,
  "a DataView over part of a buffer": (bytes) => {
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 4);
    return new DataView(padded.buffer, 4, bytes.length);
  },
  Blob: (bytes, type) => new Blob([bytes], { type }),
  File: (bytes, type) => new File([bytes], "scan", { type }),
  ReadableStream: (bytes) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        // Two chunks, so the body really streams.
        controller.enqueue(bytes.slice(0, 100));
        controller.enqueue(bytes.slice(100));
        controller.close();
      },
    }),
};

let server: Awaited<ReturnType<typeof startFakeDocumentsServer>>;
let api: GiniApiClient;
beforeAll(async () => {
  server = await startFakeDocumentsServer();
  api = createGiniApiClient({ baseUrl: server.url });
});
afterAll(() => server.close());

const lastRequest = () => server.received.at(-1)!;

describe("uploadDocument sends files unchanged", () => {
  it("the PDF fixture is a real two-page PDF and the images are what their names say", () => {
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-");
    expect(new TextDecoder("latin1").decode(pdf)).toMatch(/\/Count 2\b/);
    expect([...files["image/jpeg"].slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...files["image/png"].slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(new TextDecoder().decode(files["image/tiff"].slice(0, 4))).toMatch(/^(II\*\0|MM\0\*)$/);
    expect(new TextDecoder().decode(files["image/gif"].slice(0, 4))).toBe("GIF8");
  });

  it.each(Object.entries(files))("%s: the bytes on the wire equal the file, Content-Type as declared", async (contentType, bytes) => {
    const uploaded = await uploadDocument(api, { contentType: contentType as keyof typeof files, body: bytes, filename: "scan", doctype: "Invoice" });
    const request = lastRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/documents");
    expect(request.headers["content-type"]).toBe(contentType);
    expect(Buffer.compare(request.body, Buffer.from(bytes))).toBe(0);
    expect(Object.fromEntries(request.query)).toEqual({ filename: "scan", doctype: "Invoice" });
    expect(uploaded.location).toBe(`${server.url}/documents/${uploaded.documentId}`);
  });

  it.each(Object.keys(forms))("takes the bytes as %s", async (form) => {
    await uploadDocument(api, { contentType: "application/pdf", body: forms[form]!(pdf, "application/pdf") });
    expect(lastRequest().headers["content-type"]).toBe("application/pdf");
    expect(Buffer.compare(lastRequest().body, Buffer.from(pdf))).toBe(0);
  });

  it("the typed client's own POST sends a Uint8Array and a Blob unchanged too (the issue's first report)", async () => {
    await api.POST("/documents", { params: { query: { filename: "invoice.pdf" } }, headers: { "Content-Type": "application/pdf" }, body: pdf });
    expect(lastRequest().headers["content-type"]).toBe("application/pdf");
    expect(Buffer.compare(lastRequest().body, Buffer.from(pdf))).toBe(0);
    await api.POST("/documents", { headers: { "Content-Type": "image/png" }, body: new Blob([files["image/png"]], { type: "image/png" }) });
    expect(lastRequest().headers["content-type"]).toBe("image/png");
    expect(Buffer.compare(lastRequest().body, Buffer.from(files["image/png"]))).toBe(0);
  });

  it("sends the JSON types as JSON: a composite and a parsed QR code", async () => {
    const partial = await uploadDocument(api, { contentType: "application/vnd.gini.v1.partial+png", body: files["image/png"] });
    await uploadDocument(api, {
      contentType: "application/vnd.gini.v1.composite+json",
      body: { partialDocuments: [{ document: partial.location, rotationDelta: 90 }] },
    });
    expect(lastRequest().headers["content-type"]).toBe("application/vnd.gini.v1.composite+json");
    expect(JSON.parse(lastRequest().body.toString("utf8"))).toEqual({ partialDocuments: [{ document: partial.location, rotationDelta: 90 }] });

    await uploadDocument(api, { contentType: "application/vnd.gini.v1.partial+qr+json", body: { qrCode: "BCD\n001\n1\nSCT" } });
    expect(JSON.parse(lastRequest().body.toString("utf8"))).toEqual({ qrCode: "BCD\n001\n1\nSCT" });
  });

  it("sends the metadata headers of createDocument", async () => {
    await uploadDocument(api, { contentType: "image/png", body: files["image/png"], metadata: { "x-document-metadata-branchid": "37040044" } });
    expect(lastRequest().headers["x-document-metadata-branchid"]).toBe("37040044");
  });

  it("a composite body the description rejects throws before any request", async () => {
    const before = server.received.length;
    await expect(uploadDocument(api, { contentType: "application/vnd.gini.v1.composite+json", body: { partialDocuments: [] } })).rejects.toMatchObject({
      name: "RequestValidationError",
      operation: "createDocument",
    });
    expect(server.received.length).toBe(before);
  });
});

describe("the body type follows the media type", () => {
  it("rejects bytes for a JSON media type and JSON for a file type at compile time", () => {
    // Type-level assertions: `tsc` fails if a line marked @ts-expect-error compiles.
    const typeChecks = (client: GiniApiClient) => {
      // @ts-expect-error a composite is JSON, not bytes
      void uploadDocument(client, { contentType: "application/vnd.gini.v1.composite+json", body: new Uint8Array([1]) });
      // @ts-expect-error a PDF is bytes, not JSON
      void uploadDocument(client, { contentType: "application/pdf", body: { partialDocuments: [] } });
      // @ts-expect-error a media type the description does not name
      void uploadDocument(client, { contentType: "application/zip", body: new Uint8Array([1]) });
      const mediaType: UploadMediaType = "application/vnd.gini.v1.partial+tiff";
      void mediaType;
    };
    // The generated types themselves: each file media type takes every byte form, a JSON type none.
    type Content = paths["/documents"]["post"]["requestBody"]["content"];
    const bytes: Content["application/vnd.gini.v1.partial+jpeg"][] = [new Uint8Array(1), new ArrayBuffer(1), new DataView(new ArrayBuffer(1)), new Blob([]), new ReadableStream<Uint8Array>()];
    // @ts-expect-error a composite document is JSON, not bytes
    const composite: Content["application/vnd.gini.v1.composite+json"] = new Uint8Array(1);
    // @ts-expect-error a parsed QR code is JSON, not bytes
    const qrCode: Content["application/vnd.gini.v1.partial+qr+json"] = new Uint8Array(1);
    void [bytes, composite, qrCode];
    expect(typeof typeChecks).toBe("function");
  });
});
