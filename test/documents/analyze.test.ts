// The capture flow against a fake Gini API over HTTP: it completes with typed extractions, aborts
// on its signal without waiting for a poll or an interval to end, times out and fails on `progress: ERROR` with typed errors, checks
// its input before any request, and the delete, feedback and error helpers do what Gini's SDKs do.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AnalysisProgress,
  analyzeDocument,
  analyzeFile,
  createGiniApiClient,
  DocumentInputError,
  DocumentProcessingError,
  DocumentTimeoutError,
  deleteDocument,
  ensureOk,
  GiniApiResponseError,
  sendFeedback,
  throwOnGiniApiError,
  uploadDocument,
  waitForProcessing,
} from "../../src/index.js";
import { extractionsOfFake, type FakeDocumentsOptions, startFakeDocumentsServer } from "./support/fake-documents-server.js";

const file = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const jpeg = file("page.jpg");
const png = file("page.png");
const pdf = file("invoice-2-pages.pdf");
const quick = { pollInterval: 5, maxPollInterval: 20 };

const servers: Awaited<ReturnType<typeof startFakeDocumentsServer>>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function gini(options: FakeDocumentsOptions = {}) {
  const server = await startFakeDocumentsServer(options);
  servers.push(server);
  return { server, api: createGiniApiClient({ baseUrl: server.url }) };
}
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
};

describe("analyzeDocument", () => {
  it("uploads each page as a partial, composes them with their rotation, polls and returns the extractions", async () => {
    const { server, api } = await gini({ pendingPolls: 2 });
    const progress: AnalysisProgress[] = [];
    const result = await analyzeDocument(
      api,
      [
        { body: jpeg, contentType: "image/jpeg", rotationDelta: 90 },
        { body: png, contentType: "image/png", rotationDelta: -90 },
        { body: pdf, contentType: "application/pdf" },
      ],
      { ...quick, filename: "invoice", doctype: "Invoice", onProgress: (event) => progress.push(event) },
    );

    const uploads = server.received.filter((request) => request.method === "POST");
    expect(uploads.map((request) => request.headers["content-type"])).toEqual([
      "application/vnd.gini.v1.partial+jpeg",
      "application/vnd.gini.v1.partial+png",
      "application/vnd.gini.v1.partial+pdf",
      "application/vnd.gini.v1.composite+json",
    ]);
    expect(Buffer.compare(uploads[0]!.body, Buffer.from(jpeg))).toBe(0);
    expect(Buffer.compare(uploads[2]!.body, Buffer.from(pdf))).toBe(0);
    expect(uploads.every((request) => request.query.get("filename") === "invoice" && request.query.get("doctype") === "Invoice")).toBe(true);
    const composite = JSON.parse(uploads[3]!.body.toString("utf8")) as { partialDocuments: { document: string; rotationDelta: number }[] };
    expect(composite.partialDocuments).toEqual(result.partialDocumentIds.map((id, index) => ({ document: `${server.url}/documents/${id}`, rotationDelta: [90, 270, 0][index] })));

    expect(result.extractions).toEqual(extractionsOfFake);
    expect(result.document).toMatchObject({ id: result.documentId, progress: "COMPLETED", pageCount: 3, sourceClassification: "COMPOSITE" });
    expect(server.received.filter((request) => request.method === "GET" && request.path === `/documents/${result.documentId}`)).toHaveLength(3);
    expect(progress.map((event) => event.stage)).toEqual(["uploading", "uploading", "uploading", "composing", "processing", "processing", "processing", "reading-extractions"]);
    expect(progress.filter((event) => event.stage === "processing").map((event) => "progress" in event && event.progress)).toEqual(["PENDING", "PENDING", "COMPLETED"]);
  });

  it("waits about a second before the second poll by default, as Gini's SDKs do", async () => {
    const { server, api } = await gini({ pendingPolls: 1 });
    await analyzeDocument(api, [{ body: jpeg, contentType: "image/jpeg" }]);
    const polls = server.received.filter((request) => request.method === "GET" && !request.path.endsWith("/extractions"));
    expect(polls).toHaveLength(2);
    // A lower bound only: a loaded machine can make the wait longer, never shorter.
    expect(polls[1]!.at - polls[0]!.at).toBeGreaterThanOrEqual(990);
  });

  // The fake server holds the poll for ever, and the interval outlasts the test's timeout: an
  // analysis that settles at all was ended by its signal. No bound in milliseconds, which a
  // loaded machine could break.
  it("aborts on its signal while a poll is in flight (held for ever), with the signal's reason", async () => {
    const { server, api } = await gini({ holdPolls: true });
    const controller = new AbortController();
    const settled = analyzeDocument(api, [{ body: jpeg, contentType: "image/jpeg" }], { signal: controller.signal }).catch((error: unknown) => error);
    await until(() => server.held.size > 0);
    const reason = new Error("the user closed the screen");
    controller.abort(reason);
    expect(await settled).toBe(reason);
  });

  it("aborts on its signal while waiting between polls (an interval longer than the test may take)", async () => {
    const { server, api } = await gini({ pendingPolls: 1_000 });
    const controller = new AbortController();
    const settled = analyzeDocument(api, [{ body: jpeg, contentType: "image/jpeg" }], { signal: controller.signal, pollInterval: 600_000 }).catch((error: unknown) => error);
    await until(() => server.received.some((request) => request.method === "GET"));
    controller.abort();
    expect(await settled).toMatchObject({ name: "AbortError" });
    expect(server.received.filter((request) => request.method === "GET")).toHaveLength(1);
  });

  it("a signal aborted before the call sends nothing", async () => {
    const { server, api } = await gini();
    await expect(analyzeDocument(api, [{ body: jpeg, contentType: "image/jpeg" }], { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    expect(server.received).toHaveLength(0);
  });

  it("times out with a DocumentTimeoutError naming the document, also while a poll hangs", async () => {
    const { server, api } = await gini({ holdPolls: true });
    const started = performance.now();
    const error = await analyzeDocument(api, [{ body: jpeg, contentType: "image/jpeg" }], { timeout: 300 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DocumentTimeoutError);
    const composite = server.received.filter((request) => request.method === "GET")[0]!.path.split("/").pop();
    expect(error).toMatchObject({ timeoutMs: 300, documentId: composite, operation: "analyzeDocument" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(299);
  });

  it("times out while the document stays PENDING", async () => {
    const { api } = await gini({ pendingPolls: 1_000 });
    await expect(analyzeDocument(api, [{ body: jpeg, contentType: "image/jpeg" }], { ...quick, timeout: 150 })).rejects.toBeInstanceOf(DocumentTimeoutError);
  });

  it("fails with a DocumentProcessingError when processing ends in ERROR", async () => {
    const { api } = await gini({ pendingPolls: 1, finalProgress: "ERROR" });
    const error = await analyzeDocument(api, [{ body: jpeg, contentType: "image/jpeg" }], quick).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DocumentProcessingError);
    expect(error).toMatchObject({ operation: "getDocument", documentId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it("an upload answered with an empty 503 rejects with a GiniApiResponseError", async () => {
    const { api } = await gini({ failWith: { method: "POST", pathPrefix: "/documents", status: 503 } });
    const error = await analyzeDocument(api, [{ body: jpeg, contentType: "image/jpeg" }], quick).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GiniApiResponseError);
    expect(error).toMatchObject({ operation: "createDocument", status: 503, body: undefined, message: "createDocument: HTTP 503" });
  });

  it.each([
    ["no pages", [], {}, "pages"],
    ["a fractional rotation", [{ body: jpeg, contentType: "image/jpeg", rotationDelta: 1.5 }], {}, "pages.0.rotationDelta"],
    ["a GIF page (no partial type)", [{ body: jpeg, contentType: "image/gif" }], {}, "pages.0.contentType"],
    ["a negative timeout", [{ body: jpeg, contentType: "image/jpeg" }], { timeout: -1 }, "timeout"],
    ["a zero poll interval", [{ body: jpeg, contentType: "image/jpeg" }], { pollInterval: 0 }, "pollInterval"],
    ["a timeout longer than a timer can wait", [{ body: jpeg, contentType: "image/jpeg" }], { timeout: 2 ** 31 }, "timeout"],
    ["a poll interval that is not a number", [{ body: jpeg, contentType: "image/jpeg" }], { pollInterval: Number.NaN }, "pollInterval"],
  ])("rejects %s with a DocumentInputError before any request", async (_name, pages, options, field) => {
    const { server, api } = await gini();
    const error = await analyzeDocument(api, pages as never, options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DocumentInputError);
    expect(error).toMatchObject({ operation: "analyzeDocument", field });
    expect(server.received).toHaveLength(0);
  });
});

describe("analyzeFile and waitForProcessing", () => {
  it("uploads one file without partials and returns its extractions", async () => {
    const { server, api } = await gini({ pendingPolls: 1 });
    const result = await analyzeFile(api, { body: pdf, contentType: "application/pdf" }, { ...quick, filename: "invoice.pdf" });
    const uploads = server.received.filter((request) => request.method === "POST");
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.headers["content-type"]).toBe("application/pdf");
    expect(result).toMatchObject({ partialDocumentIds: [], extractions: extractionsOfFake, document: { name: "invoice.pdf", progress: "COMPLETED" } });
  });

  it("waits for a document uploaded separately", async () => {
    const { api } = await gini({ pendingPolls: 2 });
    const { documentId } = await uploadDocument(api, { contentType: "image/png", body: png });
    await expect(waitForProcessing(api, documentId, quick)).resolves.toMatchObject({ id: documentId, progress: "COMPLETED" });
  });
});

describe("deleteDocument", () => {
  it("deletes a partial document's composites first, then the partial; a second delete finds nothing to do", async () => {
    const { server, api } = await gini();
    const result = await analyzeDocument(api, [{ body: jpeg, contentType: "image/jpeg" }], quick);
    const partial = result.partialDocumentIds[0]!;
    await deleteDocument(api, partial);
    const deletes = server.received.filter((request) => request.method === "DELETE").map((request) => request.path);
    expect(deletes).toEqual([`/documents/${result.documentId}`, `/documents/${partial}`]);
    expect(server.documents.size).toBe(0);
    await expect(deleteDocument(api, partial)).resolves.toBeUndefined();
  });

  it("surfaces any other error answer", async () => {
    const { api } = await gini({ failWith: { method: "DELETE", pathPrefix: "/documents", status: 500 } });
    const { documentId } = await uploadDocument(api, { contentType: "image/png", body: png });
    await expect(deleteDocument(api, documentId)).rejects.toMatchObject({ name: "GiniApiResponseError", operation: "deleteDocument", status: 500 });
  });
});

describe("sendFeedback", () => {
  it("POSTs either body form to the Bank SDKs' endpoint, or PUTs it to the extractions", async () => {
    const { server, api } = await gini();
    const { documentId } = await uploadDocument(api, { contentType: "image/png", body: png });
    const current = { extractions: { amountToPay: { entity: "amount", value: "24.99:EUR" } } };
    const legacy = { feedback: { amountToPay: { value: "24.99:EUR" } } };
    await sendFeedback(api, documentId, current);
    await sendFeedback(api, documentId, legacy);
    await sendFeedback(api, documentId, legacy, { endpoint: "extractions" });
    const sent = server.received.slice(-3);
    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /documents/${documentId}/extractions/feedback`,
      `POST /documents/${documentId}/extractions/feedback`,
      `PUT /documents/${documentId}/extractions`,
    ]);
    expect(sent.map((request) => JSON.parse(request.body.toString("utf8")))).toEqual([current, legacy, legacy]);
    expect(sent.every((request) => request.headers["content-type"] === "application/vnd.gini.v1+json")).toBe(true);
  });

  it("a feedback body the description rejects throws before any request", async () => {
    const { server, api } = await gini();
    await expect(sendFeedback(api, "626626a0-749f-11e2-bfd6-000000000000", { feedback: { amountToPay: {} } } as never)).rejects.toMatchObject({ name: "RequestValidationError" });
    expect(server.received).toHaveLength(0);
  });
});

describe("errors are never silent", () => {
  const missing = "626626a0-749f-11e2-bfd6-000000000000";

  it("openapi-fetch alone reads an empty error body as no error at all", async () => {
    const { api } = await gini({ failWith: { method: "GET", pathPrefix: "/documents", status: 404 } });
    const { data, error, response } = await api.GET("/documents/{documentId}", { params: { path: { documentId: missing } } });
    // `undefined` with `Content-Length: 0`, `""` without: either way `if (error)` reads past it.
    expect({ data, errorIsFalsy: !error, status: response.status }).toEqual({ data: undefined, errorIsFalsy: true, status: 404 });
  });

  it("ensureOk turns it into a GiniApiResponseError", async () => {
    const { api } = await gini({ failWith: { method: "GET", pathPrefix: "/documents", status: 404 } });
    await expect(ensureOk(api.GET("/documents/{documentId}", { params: { path: { documentId: missing } } }), "getDocument")).rejects.toMatchObject({
      name: "GiniApiResponseError",
      operation: "getDocument",
      status: 404,
      body: undefined,
    });
  });

  it("throwOnGiniApiError makes every call of a client reject, named by operationId, with Gini's error codes", async () => {
    const { api } = await gini();
    api.use(throwOnGiniApiError());
    const error = await api.GET("/documents/{documentId}", { params: { path: { documentId: missing } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GiniApiResponseError);
    expect(error).toMatchObject({ operation: "getDocument", status: 404, requestId: expect.any(String), message: "getDocument: HTTP 404 (Gini error 2501)" });
  });

  it("ensureOk returns the data of a success", async () => {
    const { api } = await gini();
    const { documentId } = await uploadDocument(api, { contentType: "image/png", body: png });
    const document = await ensureOk(api.GET("/documents/{documentId}", { params: { path: { documentId } } }));
    expect(document.id).toBe(documentId);
  });
});
