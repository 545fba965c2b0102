// The documents helpers against the stateful sandbox, as a backend uses them for a derived user:
// real files in, a composite processed, extractions out, feedback, deletion in the SDKs' order.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../sandbox/index.js";
import {
  analyzeDocument,
  analyzeFile,
  clientBasicAuthorization,
  createGiniApiClient,
  deleteDocument,
  type GiniApiClient,
  GiniApiResponseError,
  sendFeedback,
  throwOnGiniApiError,
} from "../../src/index.js";

const file = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const client = { id: "documents-client", secrets: ["documents-secret"], derivedUsers: true };

let sandbox: Sandbox;
let userCounter = 0;
beforeAll(async () => {
  sandbox = await startSandbox({ clients: [client], passwordHashCost: 1024 });
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
    const result = await analyzeDocument(
      api,
      [
        { body: file("page.jpg"), contentType: "image/jpeg", rotationDelta: -90 },
        { body: file("invoice-2-pages.pdf"), contentType: "application/pdf" },
      ],
      { pollInterval: 50 },
    );
    expect(result.document).toMatchObject({ id: result.documentId, progress: "COMPLETED", sourceClassification: "COMPOSITE" });
    expect(result.document.partialDocuments?.map((partial) => partial.rotationDelta)).toEqual([270, 0]);
    expect(result.extractions.extractions).toBeTypeOf("object");

    await sendFeedback(api, result.documentId, { extractions: { amountToPay: { entity: "amount", value: "24.99:EUR" } } });
    await sendFeedback(api, result.documentId, { feedback: { amountToPay: { value: "24.99:EUR" } } }, { endpoint: "extractions" });

    for (const partial of result.partialDocumentIds) await deleteDocument(api, partial);
    const { data } = await api.GET("/documents", {});
    expect(data?.documents).toEqual([]);
  });

  it("analyses one PNG file without partial documents", async () => {
    const api = derivedUserApi();
    const result = await analyzeFile(api, { body: new Blob([file("page.png")], { type: "image/png" }), contentType: "image/png" }, { filename: "page.png", pollInterval: 50 });
    expect(result).toMatchObject({ partialDocumentIds: [], document: { name: "page.png", pageCount: 1 } });
  });

  it("aborts within 100 ms of its signal", async () => {
    const api = derivedUserApi();
    const controller = new AbortController();
    let abortedAt = 0;
    const error = await analyzeDocument(api, [{ body: file("page.jpg"), contentType: "image/jpeg" }], {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.stage !== "composing") return;
        abortedAt = performance.now();
        controller.abort();
      },
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "AbortError" });
    expect(performance.now() - abortedAt).toBeLessThan(100);
  });

  it("another user's partial document cannot be composed: a typed error with the sandbox's status", async () => {
    const owner = derivedUserApi();
    const [page] = (await analyzeDocument(owner, [{ body: file("page.png"), contentType: "image/png" }], { pollInterval: 50 })).partialDocumentIds;
    const stranger = derivedUserApi();
    const error = await stranger
      .POST("/documents", {
        headers: { "Content-Type": "application/vnd.gini.v1.composite+json" },
        body: { partialDocuments: [{ document: `${sandbox.urls.giniApi}/documents/${page}` }] },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GiniApiResponseError);
    expect(error).toMatchObject({ operation: "createDocument", status: 400 });
  });
});
