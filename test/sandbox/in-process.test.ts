// `createSandbox()` in a unit test: the package's clients and flows take its `fetch` and run the
// anonymous session, a document upload and the sequences of the Arazzo workflows against the
// stateful APIs at their real server URLs, with no port opened and no process started.
import { Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSandbox, type InProcessSandbox } from "../../sandbox/index.js";
import {
  createAnonymousSession,
  createDerivedUserClient,
  createGiniApiClient,
  createInnodataApiClient,
  createInnodataKeySession,
  createMemoryCredentialStore,
  createUserCenterClient,
} from "../../src/index.js";
import { clientBasicAuthorization } from "../../src/flows/basic-authorization.js";

const client = { id: "unit-test-client", secrets: ["unit-test-secret"], derivedUsers: true };
let sandbox: InProcessSandbox;
const listen = vi.spyOn(Server.prototype, "listen");

beforeAll(async () => {
  sandbox = await createSandbox({ clients: [client] });
});
afterAll(async () => {
  await sandbox.close();
  expect(sandbox.violations).toEqual([]);
});

const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Pages /Count 2 >> endobj\n%%EOF\n");

describe("the in-process sandbox", () => {
  it("serves the APIs at their own server URLs", () => {
    expect(sandbox.urls).toEqual({ userCenter: "https://user.gini.net", giniApi: "https://pay-api.gini.net", innodata: "https://api.innodata.com/v1.1" });
  });

  it("runs the anonymous session of seed 001 and an upload through the package's flow, with no open port", async () => {
    const session = createAnonymousSession({ clientId: client.id, clientSecret: client.secrets[0]!, emailDomain: "unit.example.com", store: createMemoryCredentialStore(), fetch: sandbox.fetch });
    const uploaded = await session.api.POST("/documents", {
      params: { query: { filename: "invoice.pdf" } },
      headers: { "Content-Type": "application/pdf" },
      body: pdf as never,
      bodySerializer: (body: unknown) => body as BodyInit,
    });
    expect(uploaded.response.status).toBe(201);
    const documentId = uploaded.response.headers.get("Location")!.split("/").pop()!;
    expect(uploaded.response.headers.get("Location")).toBe(`https://pay-api.gini.net/documents/${documentId}`);
    const { data } = await session.api.GET("/documents/{documentId}", { params: { path: { documentId } } });
    expect(data).toMatchObject({ id: documentId, name: "invoice.pdf", pageCount: 2, progress: "COMPLETED" });
    const list = await session.api.GET("/documents");
    expect(list.data?.documents.map((document) => document.id)).toEqual([documentId]);
    expect(sandbox.state.userCount).toBe(1);
    expect(listen).not.toHaveBeenCalled();
  });

  it("runs the derived-user workflow: Basic + X-User-Identifier, upload, extractions, feedback, delete", async () => {
    const { api } = createDerivedUserClient({ clientId: client.id, clientSecret: client.secrets[0]!, userIdentifier: "unit-user", fetch: sandbox.fetch });
    const created = await api.POST("/documents", { headers: { "Content-Type": "application/pdf" }, body: pdf as never, bodySerializer: (body: unknown) => body as BodyInit });
    const documentId = created.response.headers.get("Location")!.split("/").pop()!;
    const extractions = await api.GET("/documents/{documentId}/extractions", { params: { path: { documentId } } });
    expect(extractions.data?.extractions).toBeDefined();
    const feedback = await api.PUT("/documents/{documentId}/extractions", { params: { path: { documentId } }, headers: { "Content-Type": "application/vnd.gini.v1+json" }, body: { extractions: {} } as never });
    expect(feedback.response.status).toBe(204);
    expect((await api.DELETE("/documents/{documentId}", { params: { path: { documentId } } })).response.status).toBe(204);
    expect((await api.GET("/documents/{documentId}", { params: { path: { documentId } } })).response.status).toBe(404);
  });

  it("runs the user-accounts workflow: client token, create, read, change the email, delete", async () => {
    const userCenter = createUserCenterClient({ fetch: sandbox.fetch });
    const token = await userCenter.GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: clientBasicAuthorization(client.id, client.secrets[0]!) } });
    const bearer = { Authorization: `Bearer ${token.data!.access_token}` };
    const created = await userCenter.POST("/api/users", { headers: bearer, body: { email: "account@example.com", password: "account-password" } });
    const userId = created.response.headers.get("Location")!.split("/").pop()!;
    expect((await userCenter.GET("/api/users/{userId}", { params: { path: { userId } }, headers: bearer })).data).toEqual({ id: userId, email: "account@example.com" });
    const changed = await userCenter.PUT("/api/users/{userId}", { params: { path: { userId } }, headers: bearer, body: { oldEmail: "account@example.com", email: "moved@example.com" } });
    expect(changed.response.status).toBe(204);
    expect((await userCenter.DELETE("/api/users/{userId}", { params: { path: { userId } }, headers: bearer })).response.status).toBe(204);
    expect((await userCenter.GET("/api/users/{userId}", { params: { path: { userId } }, headers: bearer })).response.status).toBe(404);
  });

  it("runs the Innodata keys workflow: sign-up, first login issues the keys, the key reads the user", async () => {
    const innodata = createInnodataApiClient({ fetch: sandbox.fetch });
    const created = await innodata.POST("/users", { body: { name: "Unit", email: "unit@innodata.example.com", password: "unit-password" } });
    expect(created.response.status).toBe(201);
    const login = await innodata.POST("/users/login", { body: { authentication_method: "password", username: "unit@innodata.example.com", password: "unit-password" } as never });
    const liveKey = (login.data as { response: { api_keys: { live: string } } }).response.api_keys.live;
    const me = await createInnodataKeySession({ apiKey: liveKey, fetch: sandbox.fetch }).api.GET("/users/me");
    expect(me.data).toMatchObject({ response: { email: "unit@innodata.example.com", activated: true } });
  });

  it("refuses a URL of no API like an unreachable host, and answers CORS and size limits as the served sandbox", async () => {
    await expect(sandbox.fetch("https://example.com/documents")).rejects.toThrow(TypeError);
    const giniApi = createGiniApiClient({ fetch: sandbox.fetch });
    const tooLarge = await sandbox.fetch("https://pay-api.gini.net/documents", {
      method: "POST",
      headers: { Authorization: clientBasicAuthorization(client.id, client.secrets[0]!), "X-User-Identifier": "big", "Content-Type": "application/pdf" },
      body: new Uint8Array(10 * 1024 * 1024 + 1),
    });
    expect(tooLarge.status).toBe(413);
    expect((await giniApi.GET("/documents", {})).response.status).toBe(401);
  });

  it("lets a test seed, inspect and reset the state through sandbox.state, as requests change it", async () => {
    const seeded = await createSandbox({ clients: [client] });
    try {
      const user = await seeded.state.addUser({ email: "seeded@example.com", password: "seeded-password" });
      await expect(seeded.state.addUser({ email: "Seeded@example.com", password: "other-password" })).rejects.toThrow(TypeError);
      const userCenter = createUserCenterClient({ fetch: seeded.fetch });
      const login = () =>
        userCenter.POST("/oauth/token", {
          params: { query: { grant_type: "password" } },
          headers: { Authorization: clientBasicAuthorization(client.id, client.secrets[0]!), "Content-Type": "application/x-www-form-urlencoded" },
          body: { username: "seeded@example.com", password: "seeded-password" },
        });
      const token = (await login()).data!.access_token;
      expect(seeded.state.validToken(token)).toMatchObject({ clientId: client.id, userId: user.id });
      seeded.state.revokeUserTokens(user.id);
      expect([seeded.state.validToken(token), seeded.state.userById(user.id)?.email]).toEqual([undefined, "seeded@example.com"]);
      expect([seeded.state.deleteUser(user.id), seeded.state.deleteUser(user.id)]).toEqual([true, false]);
      expect((await login()).response.status).toBe(400);
      await seeded.state.addUser({ email: "again@example.com", password: "again-password" });
      await seeded.state.reset();
      expect([seeded.state.userCount, seeded.state.tokenCount]).toEqual([0, 0]);
    } finally {
      await seeded.close();
    }
  });
});
