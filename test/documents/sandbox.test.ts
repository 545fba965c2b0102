// The documents helpers against the stateful sandbox with a processing time, as a backend uses
// them for a derived user: real files in, a composite polled from PENDING to COMPLETED, extractions
// out, feedback, deletion in the SDKs' order (409 otherwise), abort and timeout mid-processing.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../sandbox/index.js";
import {
  type AnalysisProgress,
  analyzeDocument,
  analyzeFile,
  clientBasicAuthorization,
  createGiniApiClient,
  DocumentTimeoutError,
  deleteDocument,
  type GiniApiClient,
  GiniApiResponseError,
  sendFeedback,
  throwOnGiniApiError,
  uploadDocument,
} from "../../src/index.js";

const file = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const client = { id: "documents-client", secrets: ["documents-secret"], derivedUsers: true };

/** Each document takes this long to process, so that polling is exercised. */
const processingSeconds = 1;

let sandbox: Sandbox;
let userCounter = 0;
beforeAll(async () => {
  sandbox = await startSandbox({ clients: [client], passwordHashCost: 1024, processingSeconds });
});
afterAll(async () => {
  await sandbox.close();
  expect(sandbox.violations).toEqual([]);
});

/** A client acting for a new derived user, that rejects on every error answer. */
function derivedUserApi(): GiniApiClient {
  const api = createGiniApiClient({
    baseUrl: sandbox.urls.giniApi,
    headers: { Authorization: clientBasicAuthorization(client.id, client.secrets[0]!), "X-User-Identifier": `documents-user-${++userCounter}` },
  });
  api.use(throwOnGiniApiError());
  return api;
}

describe("documents against the sandbox", () => {
  it("analyses a photographed page and a two-page PDF as one composite, sends feedback, deletes it in the SDKs' order", async () => {
    const api = derivedUserApi();
    const polls: string[] = [];
    const onProgress = (progress: AnalysisProgress) => void (progress.stage === "processing" && polls.push(progress.progress));
    const result = await analyzeDocument(
      api,
      [
        { body: file("page.jpg"), contentType: "image/jpeg", rotationDelta: -90 },
        { body: file("invoice-2-pages.pdf"), contentType: "application/pdf" },
      ],
      { pollInterval: 200, onProgress },
    );
    // PENDING while the sandbox processes, then COMPLETED; the page count comes from the files.
    expect(polls[0]).toBe("PENDING");
    expect(polls.at(-1)).toBe("COMPLETED");
    expect(result.document).toMatchObject({ id: result.documentId, progress: "COMPLETED", sourceClassification: "COMPOSITE", pageCount: 3 });
    expect(result.document.partialDocuments?.map((partial) => partial.rotationDelta)).toEqual([270, 0]);
    expect(result.extractions.extractions).toBeTypeOf("object");

    await sendFeedback(api, result.documentId, { extractions: { amountToPay: { entity: "amount", value: "24.99:EUR" } } });
    await sendFeedback(api, result.documentId, { feedback: { amountToPay: { value: "24.99:EUR" } } }, { endpoint: "extractions" });

    // The sandbox, like the API, keeps a page that a composite still uses.
    const [firstPage] = result.partialDocumentIds;
    await expect(api.DELETE("/documents/{documentId}", { params: { path: { documentId: firstPage! } } })).rejects.toMatchObject({ name: "GiniApiResponseError", status: 409 });
    for (const partial of result.partialDocumentIds) await deleteDocument(api, partial);
    const { data } = await api.GET("/documents", {});
    expect(data?.documents).toEqual([]);
  });

  it("analyses one PNG file without partial documents", async () => {
    const api = derivedUserApi();
    const result = await analyzeFile(api, { body: new Blob([file("page.png")], { type: "image/png" }), contentType: "image/png" }, { filename: "page.png", pollInterval: 200 });
    expect(result).toMatchObject({ partialDocumentIds: [], document: { name: "page.png", pageCount: 1 } });
  });

  it.each([
    ["composing", "while the composite is being created"],
    ["processing", "while the document is being processed"],
  ] as const)("aborts on its signal at the %s stage (%s), instead of finishing the analysis", async (stage, _when) => {
    const api = derivedUserApi();
    const controller = new AbortController();
    const error = await analyzeDocument(api, [{ body: file("page.jpg"), contentType: "image/jpeg" }], {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.stage === stage) controller.abort();
      },
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "AbortError" });
  });

  it("times out with a DocumentTimeoutError naming the composite while the sandbox still processes it", async () => {
    const api = derivedUserApi();
    const error = await analyzeDocument(api, [{ body: file("page.jpg"), contentType: "image/jpeg" }], { timeout: 400, pollInterval: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DocumentTimeoutError);
    const { data: document } = await api.GET("/documents/{documentId}", { params: { path: { documentId: (error as DocumentTimeoutError).documentId! } } });
    expect(document).toMatchObject({ sourceClassification: "COMPOSITE", progress: "PENDING" });
  });

  it("another user's partial document cannot be composed: a typed error with the sandbox's status", async () => {
    const owner = derivedUserApi();
    const { location: page } = await uploadDocument(owner, { contentType: "application/vnd.gini.v1.partial+png", body: file("page.png") });
    const stranger = derivedUserApi();
    const error = await stranger
      .POST("/documents", {
        headers: { "Content-Type": "application/vnd.gini.v1.composite+json" },
        body: { partialDocuments: [{ document: page }] },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GiniApiResponseError);
    expect(error).toMatchObject({ operation: "createDocument", status: 400 });
  });
});
