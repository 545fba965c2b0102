import { describe, expect, it } from "vitest";
import { createUserCenterClient, RequestValidationError } from "../../src/index.js";
import { basicAuthorization, useApi } from "../support/mock.js";
import { useResponseValidation } from "../support/response-validation.js";

const api = useApi("user-center");
const checkedFetch = useResponseValidation("user-center", api);
const client = () => createUserCenterClient({ baseUrl: api.url, fetch: checkedFetch });
// Sends what the description rejects, to see what the server answers to it.
const unvalidated = () => createUserCenterClient({ baseUrl: api.url, fetch: checkedFetch, validateRequests: false });
const clientBasic = { Authorization: basicAuthorization("client-id", "secret") };
const clientBearer = { Authorization: "Bearer 74c1e7fe-e464-451f-a6eb-8f0998c46ff6" };
const userId = "c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e";
const form = { "Content-Type": "application/x-www-form-urlencoded" } as const;

describe("User Center: tokens", () => {
  it("issues a client token for GET with client credentials (getClientToken)", async () => {
    const { data, error, response } = await client().GET("/oauth/token", {
      params: { query: { grant_type: "client_credentials" } },
      headers: clientBasic,
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ access_token: expect.any(String), token_type: expect.stringMatching(/^bearer$/i), expires_in: expect.any(Number) });
    expect(data).toEqual({ access_token: "74c1e7fe-e464-451f-a6eb-8f0998c46ff6", token_type: "bearer", expires_in: 3599 });
  });

  it("issues a client token for POST with client credentials (requestToken, Android SDK form)", async () => {
    const { data, response } = await client().POST("/oauth/token", {
      params: { query: { grant_type: "client_credentials" } },
      headers: clientBasic,
    });
    expect(response.status).toBe(200);
    expect(typeof data?.access_token).toBe("string");
  });

  it("logs a user in with the password grant and a form body", async () => {
    const { data, response } = await client().POST("/oauth/token", {
      params: { query: { grant_type: "password" } },
      headers: { ...clientBasic, ...form },
      body: { username: "some_user@example.com", password: "supersecret" },
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ access_token: expect.any(String), token_type: expect.stringMatching(/^bearer$/i) });
    expect(data?.access_token).toBe("6c470ffa-abf1-41aa-b866-cd3be0ee84f4");
  });

  it("answers 401 invalid_client without client credentials", async () => {
    const { error, response } = await client().GET("/oauth/token", {
      params: { query: { grant_type: "client_credentials" } },
    });
    expect(response.status).toBe(401);
    expect(error?.error).toBe("invalid_client");
  });

  it("answers 400 unsupported_grant_type for an unknown grant, which the client stops before sending", async () => {
    const init = { params: { query: { grant_type: "implicit" } }, headers: clientBasic } as const;
    // @ts-expect-error the generated types reject a grant the description does not list
    await expect(client().POST("/oauth/token", init)).rejects.toMatchObject({ issues: [{ field: "query.grant_type", rule: "enum" }] });
    // @ts-expect-error as above
    const { error, response } = await unvalidated().POST("/oauth/token", init);
    expect(response.status).toBe(400);
    expect(error?.error).toBe("unsupported_grant_type");
  });

  it("answers 400 invalid_request for a password grant without its form fields", async () => {
    const { error, response } = await client().POST("/oauth/token", {
      params: { query: { grant_type: "password" } },
      headers: clientBasic,
    });
    expect(response.status).toBe(400);
    expect(error?.error).toBe("invalid_request");
  });

  it("answers 400 for a malformed username in the form, which the client stops before sending", async () => {
    const init = {
      params: { query: { grant_type: "password" } },
      headers: { ...clientBasic, ...form },
      body: { username: "not-an-email", password: "supersecret" },
    } as const;
    // The form is one of two (password or refresh token grant): the issues name the other form's fields too, this one first.
    await expect(client().POST("/oauth/token", init)).rejects.toMatchObject({ issues: [{ field: "body.username", rule: "format" }, { field: "body.grant_type" }, { field: "body.refresh_token" }] });
    const { response } = await unvalidated().POST("/oauth/token", init);
    expect(response.status).toBe(400);
  });

  it("types the documented 400 invalid_grant of a bad login", async () => {
    const { error, response } = await client().POST("/oauth/token", {
      params: { query: { grant_type: "password" } },
      headers: { ...clientBasic, ...form, Prefer: "code=400, example=invalidGrant" },
      body: { username: "some_user@example.com", password: "wrong-password" },
    });
    expect(response.status).toBe(400);
    expect(error).toEqual({ error: "invalid_grant", error_description: "Bad credentials" });
  });
});

describe("User Center: the refresh token grant", () => {
  it("refreshes with grant_type and refresh_token in the form body alone (Gini's docs), answering a new refresh token", async () => {
    const { data, response } = await client().POST("/oauth/token", {
      headers: { ...clientBasic, ...form },
      body: { grant_type: "refresh_token", refresh_token: "6c0b6a2e-5b1f-4c3e-9d0a-2f7e8b1c4d55" },
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ access_token: expect.any(String), token_type: expect.stringMatching(/^bearer$/i), refresh_token: expect.any(String) });
  });

  it("answers 400 invalid_request for a refresh grant without its refresh_token, and when query and form disagree", async () => {
    const missing = await unvalidated().POST("/oauth/token", {
      params: { query: { grant_type: "refresh_token" } },
      headers: { ...clientBasic, ...form },
    });
    expect(missing.response.status).toBe(400);
    expect(missing.error).toEqual({ error: "invalid_request", error_description: "Missing refresh_token" });
    const disagreeing = await unvalidated().POST("/oauth/token", {
      params: { query: { grant_type: "client_credentials" } },
      headers: { ...clientBasic, ...form },
      body: { grant_type: "refresh_token", refresh_token: "6c0b6a2e-5b1f-4c3e-9d0a-2f7e8b1c4d55" },
    });
    expect(disagreeing.error?.error).toBe("invalid_request");
  });

  it("types the documented 400 invalid_grant of a spent or revoked refresh token", async () => {
    const { error, response } = await client().POST("/oauth/token", {
      headers: { ...clientBasic, ...form, Prefer: "code=400, example=invalidRefreshToken" },
      body: { grant_type: "refresh_token", refresh_token: "6c0b6a2e-5b1f-4c3e-9d0a-2f7e8b1c4d55" },
    });
    expect(response.status).toBe(400);
    expect(error).toEqual({ error: "invalid_grant", error_description: "Invalid refresh token" });
  });
});

describe("User Center: users", () => {
  it("creates a user with the seed's upper-case BEARER scheme (RFC 7235: case-insensitive)", async () => {
    const { response } = await client().POST("/api/users", {
      headers: { Authorization: "BEARER 74c1e7fe-e464-451f-a6eb-8f0998c46ff6" },
      body: { email: `${crypto.randomUUID()}@example.com`, password: "supersecret" },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Location")).toMatch(/\/api\/users\/[0-9a-f-]{36}$/);
    expect(await response.text()).toBe("");
  });

  it.each([
    ["a password shorter than 6 characters", { email: "some_user@example.com", password: "short" }, "body.password", "minLength"],
    ["a malformed email", { email: "not-an-email", password: "supersecret" }, "body.email", "format"],
    ["a missing password", { email: "some_user@example.com" }, "body.password", "required"],
  ])("rejects %s with 400, and the client stops it before sending", async (_case, body, field, rule) => {
    const init = { headers: clientBearer, body: body as { email: string; password: string } };
    const rejection = client().POST("/api/users", init);
    await expect(rejection).rejects.toBeInstanceOf(RequestValidationError);
    await expect(rejection).rejects.toMatchObject({ operation: "createUser", issues: [{ field, rule }] });
    const { response } = await unvalidated().POST("/api/users", init);
    expect(response.status).toBe(400);
  });

  it("answers 401 invalid_token without the client token", async () => {
    const { error, response } = await client().POST("/api/users", {
      body: { email: "some_user@example.com", password: "supersecret" },
    });
    expect(response.status).toBe(401);
    expect(error?.error).toBe("invalid_token");
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });

  it("gets a user as {id, email}", async () => {
    const { data, response } = await client().GET("/api/users/{userId}", {
      params: { path: { userId: "88a28076-18e8-4275-b39c-eaacc240d406" } },
      headers: clientBearer,
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ id: "88a28076-18e8-4275-b39c-eaacc240d406", email: "some_user@example.com" });
  });

  it("documents 404 for an unknown user", async () => {
    const { response } = await client().GET("/api/users/{userId}", {
      params: { path: { userId } },
      headers: { ...clientBearer, Prefer: "code=404" },
    });
    expect(response.status).toBe(404);
  });

  it.each([
    ["password", { oldPassword: "supersecret", password: "anothersecret" }],
    ["email", { oldEmail: "old@email.com", email: "my.new@email.com" }],
    ["password and email", { oldPassword: "supersecret", password: "anothersecret", oldEmail: "old@email.com", email: "my.new@email.com" }],
  ])("changes the %s with PUT", async (_case, body) => {
    const { response } = await client().PUT("/api/users/{userId}", { params: { path: { userId } }, headers: clientBearer, body });
    expect(response.status).toBe(204);
  });

  it.each([
    ["a new password without the old one", { password: "anothersecret" }],
    ["a new email without the old one", { oldPassword: "supersecret", password: "anothersecret", email: "my.new@email.com" }],
    ["a short new password", { oldPassword: "supersecret", password: "short" }],
  ])("rejects %s with 400, and the client stops it before sending", async (_case, body) => {
    const init = { params: { path: { userId } }, headers: clientBearer, body: body as never };
    await expect(client().PUT("/api/users/{userId}", init)).rejects.toBeInstanceOf(RequestValidationError);
    const { response } = await unvalidated().PUT("/api/users/{userId}", init);
    expect(response.status).toBe(400);
  });

  it("keeps the older POST password change working (deprecated)", async () => {
    const { response } = await client().POST("/api/users/{userId}", {
      params: { path: { userId } },
      headers: clientBearer,
      body: { oldPassword: "supersecret", password: "anothersecret" },
    });
    expect(response.status).toBe(204);
  });

  it("deletes a user", async () => {
    const { response } = await client().DELETE("/api/users/{userId}", { params: { path: { userId } }, headers: clientBearer });
    expect(response.status).toBe(204);
  });
});
