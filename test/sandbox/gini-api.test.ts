import { describe, expect, it } from "vitest";
import { basicAuthorization } from "../support/mock.js";
import { anonymousUserToken, clientBasic, giniApiOf, useSandbox } from "./support/sandbox.js";

const target = useSandbox({ publicUrls: { giniApi: "https://pay-api.gini.net" } });
const giniApi = () => giniApiOf(target);
const derived = (identifier: string) => ({ Authorization: clientBasic, "X-User-Identifier": identifier });

async function upload(headers: Record<string, string>, filename = "invoice.pdf") {
  const { response } = await giniApi().POST("/documents", {
    params: { query: { filename } },
    headers: { ...headers, "Content-Type": "application/pdf" },
    body: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]) as never,
    bodySerializer: (body) => body,
  });
  expect(response.status).toBe(201);
  return response.headers.get("Location")!.split("/").pop()!;
}

describe("sandbox Gini API", () => {
  it("keeps each user's documents to that user: anonymous and derived users, and derived users of one client", async () => {
    const anonymous = { Authorization: `Bearer ${await anonymousUserToken(target)}` };
    const documentId = await upload(anonymous);
    const own = await giniApi().GET("/documents/{documentId}", { params: { path: { documentId } }, headers: anonymous });
    expect(own.data).toMatchObject({ id: documentId, name: "invoice.pdf", progress: "COMPLETED", sourceClassification: "NATIVE" });
    expect(own.data?._links.document).toBe(`https://pay-api.gini.net/documents/${documentId}`);
    for (const stranger of [derived("alice"), { Authorization: `Bearer ${await anonymousUserToken(target)}` }]) {
      const { response } = await giniApi().GET("/documents/{documentId}", { params: { path: { documentId } }, headers: stranger });
      expect(response.status).toBe(404);
      const list = await giniApi().GET("/documents", { headers: stranger });
      expect(list.data?.documents.map((document) => document.id)).not.toContain(documentId);
    }
  });

  it("lists a derived user's documents newest first, paged with limit and next", async () => {
    const headers = derived("bob");
    const ids = [];
    for (const name of ["first.pdf", "second.pdf", "third.pdf"]) ids.push(await upload(headers, name));
    const page = await giniApi().GET("/documents", { params: { query: { limit: 2 } }, headers });
    expect(page.data?.totalCount).toBe(3);
    expect(page.data?.documents).toHaveLength(2);
    const all = await giniApi().GET("/documents", { headers });
    const created = all.data!.documents.map((document) => document.creationDate);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const next = await giniApi().GET("/documents", { params: { query: { next: all.data!.documents[2]!.creationDate } }, headers });
    expect(next.data?.documents.map((document) => document.id)).toContain(all.data!.documents[2]!.id);
  });

  it("builds a composite from the user's own partial documents, and refuses another user's with 400", async () => {
    const headers = derived("carol");
    const partial = await upload(headers, "page-1.jpg");
    const composite = await giniApi().POST("/documents", {
      headers: { ...headers, "Content-Type": "application/vnd.gini.v1.composite+json" },
      body: { partialDocuments: [{ document: `https://pay-api.gini.net/documents/${partial}`, rotationDelta: 90 }] },
    });
    expect(composite.response.status).toBe(201);
    const compositeId = composite.response.headers.get("Location")!.split("/").pop()!;
    const partialDocument = await giniApi().GET("/documents/{documentId}", { params: { path: { documentId: partial } }, headers });
    expect(partialDocument.data?.compositeDocuments).toEqual([{ document: `https://pay-api.gini.net/documents/${compositeId}` }]);
    const foreign = await giniApi().POST("/documents", {
      headers: { ...derived("dave"), "Content-Type": "application/vnd.gini.v1.composite+json" },
      body: { partialDocuments: [{ document: `https://pay-api.gini.net/documents/${partial}` }] },
    });
    expect(foreign.response.status).toBe(400);
  });

  it("deletes a document: then 404 for it and its extractions", async () => {
    const headers = derived("erin");
    const documentId = await upload(headers);
    const path = { params: { path: { documentId } }, headers };
    expect((await giniApi().GET("/documents/{documentId}/extractions", path)).data?.extractions).toHaveProperty("iban");
    expect((await giniApi().DELETE("/documents/{documentId}", path)).response.status).toBe(204);
    expect((await giniApi().GET("/documents/{documentId}/extractions", path)).response.status).toBe(404);
  });

  it.each([
    ["no credentials", {}],
    ["client credentials without X-User-Identifier", { Authorization: clientBasic }],
    ["a wrong client secret", { Authorization: basicAuthorization("test-client", "wrong"), "X-User-Identifier": "user1" }],
    ["an unknown bearer token", { Authorization: "Bearer 00000000-0000-4000-8000-000000000000" }],
  ])("answers 401 with a challenge to %s", async (_case, headers) => {
    const { response } = await giniApi().GET("/documents", { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe('Basic realm="Gini API", Bearer realm="Gini API"');
  });

  it("treats the auth scheme and header names case-insensitively (RFC 7235 §2.1, RFC 9110 §5.1)", async () => {
    const token = await anonymousUserToken(target);
    const upper = await fetch(`${target.sandbox.urls.giniApi}/documents`, { headers: { AUTHORIZATION: `BEARER ${token}` } });
    expect(upper.status).toBe(200);
    const lower = await fetch(`${target.sandbox.urls.giniApi}/documents`, {
      headers: { authorization: clientBasic.replace("Basic", "basic"), "x-user-identifier": "frank" },
    });
    expect(lower.status).toBe(200);
  });

  it("answers 406 to an Accept that names no served version, and v1 to a missing Accept", async () => {
    const headers = derived("grace");
    expect((await fetch(`${target.sandbox.urls.giniApi}/documents`, { headers: { ...headers, Accept: "application/vnd.gini.v2+json" } })).status).toBe(406);
    const plain = await fetch(`${target.sandbox.urls.giniApi}/documents`, { headers });
    expect(plain.headers.get("Content-Type")).toBe("application/vnd.gini.v1+json");
  });

  it("answers 401 to a token of a deleted user", async () => {
    const token = await anonymousUserToken(target);
    const grant = target.sandbox.state.validToken(token)!;
    expect(target.sandbox.state.deleteUser(grant.userId!)).toBe(true);
    expect((await giniApi().GET("/documents", { headers: { Authorization: `Bearer ${token}` } })).response.status).toBe(401);
  });
});
