import { describe, expect, it } from "vitest";
import { createGiniApiClient, RequestValidationError } from "../../src/index.js";
import { basicAuthorization, useApi } from "../support/mock.js";
import { useResponseValidation } from "../support/response-validation.js";

const api = useApi("gini-api");
const checkedFetch = useResponseValidation("gini-api", api);
const client = () => createGiniApiClient({ baseUrl: api.url, fetch: checkedFetch });
const derivedUser = { Authorization: basicAuthorization("client-id", "client-secret"), "X-User-Identifier": "user1" };
const anonymousUser = { Authorization: "Bearer 6c470ffa-abf1-41aa-b866-cd3be0ee84f4" };
const documentId = "626626a0-749f-11e2-bfd6-000000000000";
const documentPath = { params: { path: { documentId } } };

describe.each([
  ["a derived user (Basic + X-User-Identifier)", derivedUser],
  ["an anonymous user (Bearer)", anonymousUser],
])("Gini API as %s", (_name, headers) => {
  it("lists documents", async () => {
    const { data, response } = await client().GET("/documents", { params: { query: { limit: 20 } }, headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/vnd\.gini\.v1\+json/);
    expect(Array.isArray(data?.documents)).toBe(true);
  });

  it("uploads a PDF and answers 201 with the document's Location", async () => {
    const { response } = await client().POST("/documents", {
      params: { query: { filename: "invoice.pdf", doctype: "Invoice" } },
      headers: { ...headers, "Content-Type": "application/pdf" },
      body: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]) as never,
      bodySerializer: (body) => body,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Location")).toMatch(/^https:\/\/.+\/documents\/[0-9a-f-]{36}$/);
  });

  it("creates a composite document from partial documents", async () => {
    const { response } = await client().POST("/documents", {
      headers: { ...headers, "Content-Type": "application/vnd.gini.v1.composite+json" },
      body: { partialDocuments: [{ document: `https://pay-api.gini.net/documents/${documentId}`, rotationDelta: 90 }] },
    });
    expect(response.status).toBe(201);
  });

  it("gets a document with its progress", async () => {
    const { data, response } = await client().GET("/documents/{documentId}", { ...documentPath, headers });
    expect(response.status).toBe(200);
    expect(["PENDING", "COMPLETED", "ERROR"]).toContain(data?.progress);
    expect(data?.id).toBe(documentId);
  });

  it("gets the extractions, layout and pages", async () => {
    const extractions = await client().GET("/documents/{documentId}/extractions", { ...documentPath, headers });
    expect(extractions.response.status).toBe(200);
    expect(typeof extractions.data?.extractions).toBe("object");
    const layout = await client().GET("/documents/{documentId}/layout", { ...documentPath, headers });
    expect(layout.response.status).toBe(200);
    const pages = await client().GET("/documents/{documentId}/pages", { ...documentPath, headers });
    expect(pages.response.status).toBe(200);
    expect(Array.isArray(pages.data)).toBe(true);
  });

  it("accepts extraction feedback (PUT and the Bank SDK's POST) with 204", async () => {
    const body = { extractions: { iban: { value: "DE89370400440532013000" } } };
    const contentType = { "Content-Type": "application/vnd.gini.v1+json" };
    const put = await client().PUT("/documents/{documentId}/extractions", { ...documentPath, headers: { ...headers, ...contentType }, body });
    expect(put.response.status).toBe(204);
    const post = await client().POST("/documents/{documentId}/extractions/feedback", {
      ...documentPath,
      headers: { ...headers, ...contentType },
      body,
    });
    expect(post.response.status).toBe(204);
  });

  it("deletes a document with 204", async () => {
    const { response } = await client().DELETE("/documents/{documentId}", { ...documentPath, headers });
    expect(response.status).toBe(204);
  });
});

describe("Gini API: errors", () => {
  it("answers 401 without credentials", async () => {
    const { response } = await client().GET("/documents", {});
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBeTruthy();
  });

  it("answers 401 to client credentials without X-User-Identifier (one security requirement, both parts)", async () => {
    const { response } = await client().GET("/documents", { headers: { Authorization: derivedUser.Authorization } });
    expect(response.status).toBe(401);
  });

  it("accepts the seeds' upper-case BEARER scheme (RFC 7235: case-insensitive)", async () => {
    const { response } = await client().GET("/documents", { headers: { Authorization: "BEARER 6c470ffa-abf1-41aa-b866-cd3be0ee84f4" } });
    expect(response.status).toBe(200);
  });

  it("answers 406 to an Accept header that names no served version", async () => {
    const { response } = await client().GET("/documents", { headers: { ...anonymousUser, Accept: "application/vnd.gini.v9+xml" } });
    expect(response.status).toBe(406);
  });

  it("documents 404 for an unknown document", async () => {
    const { response } = await client().GET("/documents/{documentId}", { ...documentPath, headers: { ...anonymousUser, Prefer: "code=404" } });
    expect(response.status).toBe(404);
  });

  it("rejects a composite document without partial documents with 400, and the client stops it before sending", async () => {
    const init = { headers: { ...anonymousUser, "Content-Type": "application/vnd.gini.v1.composite+json" }, body: {} as never };
    await expect(client().POST("/documents", init)).rejects.toBeInstanceOf(RequestValidationError);
    const { response } = await createGiniApiClient({ baseUrl: api.url, fetch: checkedFetch, validateRequests: false }).POST("/documents", init);
    expect(response.status).toBe(400);
  });
});
