// The sandbox treats uploaded files as the Gini API does (issue 11, item 4): the leading bytes
// must be the declared type, a document must be smaller than 10 MiB (413 before the rest is
// read), `pageCount` comes from the file, partial and composite documents keep their relations,
// and processing takes `processingSeconds`, so that clients poll.
import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { clientBasic, useSandbox } from "./support/sandbox.js";

const processingSeconds = 3;
const target = useSandbox({ processingSeconds });
const giniApiUrl = () => target.sandbox.urls.giniApi;
const derived = (identifier: string) => ({ Authorization: clientBasic, "X-User-Identifier": identifier, Accept: "application/vnd.gini.v1+json" });

/** A PDF of `pages` pages: a page tree whose root counts them, one page object each (ISO 32000-1 §7.7.3). */
function pdfOf(pages: number): Uint8Array<ArrayBuffer> {
  const kids = Array.from({ length: pages }, (_unused, index) => `${index + 3} 0 R`).join(" ");
  const objects = [
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    `2 0 obj << /Type /Pages /Kids [${kids}] /Count ${pages} >> endobj`,
    ...Array.from({ length: pages }, (_unused, index) => `${index + 3} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj`),
  ];
  return new TextEncoder().encode(`%PDF-1.7\n${objects.join("\n")}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const tiff = new Uint8Array([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08]);

async function upload(identifier: string, contentType: string, body: BodyInit, filename = "upload") {
  return fetch(`${giniApiUrl()}/documents?filename=${encodeURIComponent(filename)}`, { method: "POST", headers: { ...derived(identifier), "Content-Type": contentType }, body });
}

async function uploaded(identifier: string, contentType: string, body: BodyInit, filename?: string) {
  const response = await upload(identifier, contentType, body, filename);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.headers.get("Location")!;
}

async function documentAt(identifier: string, location: string) {
  const response = await fetch(location.replace("https://pay-api.gini.net", giniApiUrl()), { headers: derived(identifier) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Sends headers announcing `announced` bytes, then `chunk` at a time until the server answers; resolves with the status and how much was sent. */
function sendUntilAnswered(path: string, headers: Record<string, string>, chunk: Buffer, limitBytes: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, giniApiUrl());
    let sent = 0;
    let answered = false;
    const outgoing = httpRequest(url, { method: "POST", headers }, (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode!, sent });
    });
    outgoing.on("error", (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < limitBytes) {
        sent += chunk.length;
        if (!outgoing.write(chunk)) return void outgoing.once("drain", pump);
      }
      if (!answered) outgoing.end();
    };
    pump();
  });
}

describe("the sandbox's Gini API with files", () => {
  it("derives pageCount from the file: the pages of a PDF, 1 for an image or a text", async () => {
    for (const [contentType, body, pages] of [
      ["application/pdf", pdfOf(3), 3],
      ["image/jpeg", jpeg, 1],
      ["image/png", png, 1],
      ["image/tiff", tiff, 1],
      ["text/plain", new TextEncoder().encode("Rechnung 42"), 1],
    ] as const) {
      const location = await uploaded("pages", contentType, body as Uint8Array<ArrayBuffer>);
      expect((await documentAt("pages", location)).body.pageCount, contentType).toBe(pages);
    }
  });

  it("answers 400 to bytes that are not the declared type, and 415 to a type the API does not analyse", async () => {
    const pngAsPdf = await upload("types", "application/pdf", png);
    expect(pngAsPdf.status).toBe(400);
    expect(await pngAsPdf.json()).toMatchObject({ message: "The file is not of the declared type application/pdf" });
    expect((await upload("types", "application/vnd.gini.v1.partial+jpeg", pdfOf(1))).status).toBe(400);
    expect((await upload("types", "application/zip", new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).status).toBe(415);
    expect((await upload("types", "application/octet-stream", pdfOf(1))).status).toBe(415);
  });

  it("takes a browser form's file part, checks it the same way and names the document after it", async () => {
    const form = new FormData();
    form.append("file", new File([pdfOf(2)], "scan.pdf", { type: "application/pdf" }));
    // fetch sets the Content-Type with the multipart boundary itself when given a FormData.
    const response = await fetch(`${giniApiUrl()}/documents`, { method: "POST", headers: derived("forms"), body: form });
    expect(response.status).toBe(201);
    expect((await documentAt("forms", response.headers.get("Location")!)).body).toMatchObject({ name: "scan.pdf", pageCount: 2 });
    const wrong = new FormData();
    wrong.append("file", new File([png], "scan.pdf", { type: "application/pdf" }));
    expect((await fetch(`${giniApiUrl()}/documents`, { method: "POST", headers: derived("forms"), body: wrong })).status).toBe(400);
  });

  it("answers 413 from Content-Length before reading the body, and while streaming once the bytes pass 10 MiB", async () => {
    const mib = 1024 * 1024;
    const chunk = Buffer.alloc(mib, 0x25);
    const announced = await sendUntilAnswered("/documents", { ...derived("big"), "Content-Type": "application/pdf", "Content-Length": String(20 * mib) }, chunk, 20 * mib);
    expect(announced.status).toBe(413);
    expect(announced.sent).toBeLessThan(20 * mib);
    const streamed = await sendUntilAnswered("/documents", { ...derived("big"), "Content-Type": "application/pdf", "Transfer-Encoding": "chunked" }, chunk, 40 * mib);
    expect(streamed.status).toBe(413);
    expect(streamed.sent).toBeLessThan(40 * mib);
    // A document just under the limit is taken.
    const largest = Buffer.alloc(10 * mib - 1, 0x20);
    Buffer.from("%PDF-").copy(largest);
    expect((await upload("big", "application/pdf", largest)).status).toBe(201);
  });

  it("is PENDING for processingSeconds, with no extractions yet, then COMPLETED with them", async () => {
    const location = await uploaded("polling", "image/jpeg", jpeg);
    expect((await documentAt("polling", location)).body.progress).toBe("PENDING");
    const extractions = location.replace("https://pay-api.gini.net", giniApiUrl()) + "/extractions";
    expect((await fetch(extractions, { headers: derived("polling") })).status).toBe(404);
    target.advance(processingSeconds);
    expect((await documentAt("polling", location)).body.progress).toBe("COMPLETED");
    expect((await fetch(extractions, { headers: derived("polling") })).status).toBe(200);
  });

  it("keeps partial and composite documents related: page counts add up, each partial names its composite, a partial in use is not deleted (409)", async () => {
    const first = await uploaded("capture", "application/vnd.gini.v1.partial+jpeg", jpeg, "page-1.jpg");
    const second = await uploaded("capture", "application/vnd.gini.v1.partial+pdf", pdfOf(2), "page-2.pdf");
    const response = await fetch(`${giniApiUrl()}/documents`, {
      method: "POST",
      headers: { ...derived("capture"), "Content-Type": "application/vnd.gini.v1.composite+json" },
      body: JSON.stringify({ partialDocuments: [{ document: first, rotationDelta: 90 }, { document: second }] }),
    });
    expect(response.status).toBe(201);
    const composite = response.headers.get("Location")!;
    const compositeDocument = (await documentAt("capture", composite)).body;
    expect(compositeDocument).toMatchObject({ pageCount: 3, sourceClassification: "COMPOSITE", partialDocuments: [{ document: first, rotationDelta: 90 }, { document: second, rotationDelta: 0 }] });
    for (const partial of [first, second]) expect((await documentAt("capture", partial)).body.compositeDocuments).toEqual([{ document: composite }]);
    const remove = (location: string) => fetch(location.replace("https://pay-api.gini.net", giniApiUrl()), { method: "DELETE", headers: derived("capture") });
    // The description documents 409 for a partial that a composite still uses (deleteDocument).
    expect((await remove(first)).status).toBe(409);
    expect((await documentAt("capture", first)).status).toBe(200);
    expect((await remove(composite)).status).toBe(204);
    expect((await documentAt("capture", first)).body.compositeDocuments).toBeUndefined();
    expect((await remove(first)).status).toBe(204);
    expect((await documentAt("capture", first)).status).toBe(404);
  });
});
