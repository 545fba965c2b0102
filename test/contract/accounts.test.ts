// The operations that change or delete accounts, run only on users this file creates itself, so
// that the suite can point at a real or staging server: every user it creates is deleted at the
// end, even when a step fails. Against a server the credentials come from the environment
// (GINI_CLIENT_ID, GINI_CLIENT_SECRET, INNODATA_EMAIL, INNODATA_PASSWORD); without them these
// tests are skipped, with the reason in their names.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createGiniApiClient, createInnodataApiClient, createUserCenterClient } from "../../src/index.js";
import { giniClientCredentials, innodataUserCredentials } from "../support/credentials.js";
import { basicAuthorization, useApi } from "../support/mock.js";
import { useResponseValidation } from "../support/response-validation.js";

const userCenter = useApi("user-center");
const giniApi = useApi("gini-api");
const innodata = useApi("innodata");
const userCenterFetch = useResponseValidation("user-center", userCenter);
const giniApiFetch = useResponseValidation("gini-api", giniApi);
const innodataFetch = useResponseValidation("innodata", innodata);
const userCenterClient = () => createUserCenterClient({ baseUrl: userCenter.url, fetch: userCenterFetch });
// Prism keeps no state: what was written cannot be read back, and any password logs in.
const stateful = userCenter.kind === "server";

const gini = giniClientCredentials(userCenter, giniApi);
const form = { "Content-Type": "application/x-www-form-urlencoded" } as const;

async function clientToken() {
  const { data, response } = await userCenterClient().GET("/oauth/token", {
    params: { query: { grant_type: "client_credentials" } },
    headers: { Authorization: basicAuthorization(gini.values!.clientId, gini.values!.clientSecret) },
  });
  expect(response.status).toBe(200);
  return data!.access_token;
}

async function logIn(username: string, password: string) {
  return userCenterClient().POST("/oauth/token", {
    params: { query: { grant_type: "password" } },
    headers: { Authorization: basicAuthorization(gini.values!.clientId, gini.values!.clientSecret), ...form },
    body: { username, password },
  });
}

describe.skipIf(!gini.values)(`User Center and Gini API on users the suite creates${gini.skipReason}`, () => {
  const user = { id: "", email: `contract-${randomUUID()}@example.com`, password: `pw-${randomUUID()}` };
  const undeleted = new Set<string>();

  afterAll(async () => {
    if (undeleted.size === 0) return;
    const token = await clientToken();
    for (const userId of undeleted) {
      const { response } = await userCenterClient().DELETE("/api/users/{userId}", { params: { path: { userId } }, headers: { Authorization: `Bearer ${token}` } });
      expect([204, 404], `cleanup: delete user ${userId}`).toContain(response.status);
    }
  });

  it("creates a user (createUser) and reads it back (getUser)", async () => {
    const token = await clientToken();
    const { response } = await userCenterClient().POST("/api/users", { headers: { Authorization: `Bearer ${token}` }, body: { email: user.email, password: user.password } });
    expect(response.status).toBe(201);
    user.id = new URL(response.headers.get("Location")!).pathname.split("/").pop()!;
    undeleted.add(user.id);
    const { data } = await userCenterClient().GET("/api/users/{userId}", { params: { path: { userId: user.id } }, headers: { Authorization: `Bearer ${token}` } });
    if (stateful) expect(data).toEqual({ id: user.id, email: user.email });
  });

  it("logs the new user in and lists its documents with the user token (anonymous-user flow)", async () => {
    const { data: token, response } = await logIn(user.email, user.password);
    expect(response.status).toBe(200);
    const documents = await createGiniApiClient({ baseUrl: giniApi.url, fetch: giniApiFetch }).GET("/documents", { headers: { Authorization: `Bearer ${token!.access_token}` } });
    expect(documents.response.status).toBe(200);
    if (stateful) expect(documents.data?.documents).toEqual([]);
  });

  it("changes the password and the email with their current values (updateUser, seed 003)", async () => {
    const changed = { email: `contract-${randomUUID()}@example.com`, password: `pw-${randomUUID()}` };
    const { response } = await userCenterClient().PUT("/api/users/{userId}", {
      params: { path: { userId: user.id } },
      headers: { Authorization: `Bearer ${await clientToken()}` },
      body: { oldPassword: user.password, password: changed.password, oldEmail: user.email, email: changed.email },
    });
    expect(response.status).toBe(204);
    const previous = { ...user };
    Object.assign(user, changed);
    expect((await logIn(user.email, user.password)).response.status).toBe(200);
    if (stateful) expect((await logIn(previous.email, previous.password)).response.status).toBe(400);
  });

  it("changes the password with the older POST (changePasswordLegacy, seed 004)", async () => {
    const password = `pw-${randomUUID()}`;
    const { response } = await userCenterClient().POST("/api/users/{userId}", {
      params: { path: { userId: user.id } },
      headers: { Authorization: `Bearer ${await clientToken()}` },
      body: { oldPassword: user.password, password },
    });
    expect(response.status).toBe(204);
    user.password = password;
    expect((await logIn(user.email, user.password)).response.status).toBe(200);
  });

  it("deletes the user (deleteUser), after which it cannot log in", async () => {
    const token = await clientToken();
    const { response } = await userCenterClient().DELETE("/api/users/{userId}", { params: { path: { userId: user.id } }, headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(204);
    undeleted.delete(user.id);
    if (stateful) expect((await logIn(user.email, user.password)).response.status).toBe(400);
  });

  it("uploads and deletes a document of a new derived user (Basic + X-User-Identifier)", async () => {
    const client = createGiniApiClient({ baseUrl: giniApi.url, fetch: giniApiFetch });
    const headers = { Authorization: basicAuthorization(gini.values!.clientId, gini.values!.clientSecret), "X-User-Identifier": `contract-${randomUUID()}` };
    const upload = await client.POST("/documents", {
      params: { query: { filename: "contract.txt" } },
      headers: { ...headers, "Content-Type": "text/plain" },
      body: "Rechnung 24,99 EUR" as never,
      bodySerializer: (body) => body,
    });
    expect(upload.response.status).toBe(201);
    const documentId = new URL(upload.response.headers.get("Location")!).pathname.split("/").pop()!;
    const { response } = await client.DELETE("/documents/{documentId}", { params: { path: { documentId } }, headers });
    expect(response.status).toBe(204);
  });
});

const innodataUser = innodataUserCredentials(innodata);

describe.skipIf(!innodataUser.values)(`Innodata: log in and look up the user of the returned key${innodataUser.skipReason}`, () => {
  it("logs in (loginUser) and authenticates with the live key as the Basic username (getCurrentUser)", async () => {
    const client = createInnodataApiClient({ baseUrl: `${innodata.url}/v1.1`, fetch: innodataFetch });
    const { email, password } = innodataUser.values!;
    const login = await client.POST("/users/login", { body: { authentication_method: "password", username: email, password } });
    expect(login.response.status).toBe(200);
    const key = login.data!.response.api_keys.live ?? login.data!.response.api_keys.test;
    expect(key).toMatch(/^user-(live|test)-/);
    const me = await client.GET("/users/me", { headers: { Authorization: basicAuthorization(key!, "") } });
    expect(me.response.status).toBe(200);
    if (innodata.kind === "server") expect(me.data?.response.email).toBe(email);
  });
});
