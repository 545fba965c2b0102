import { describe, expect, it } from "vitest";
import { createInnodataApiClient, RequestValidationError } from "../../src/index.js";
import { basicAuthorization, useApi } from "../support/mock.js";
import { useResponseValidation } from "../support/response-validation.js";

const api = useApi("innodata");
const checkedFetch = useResponseValidation("innodata", api);
const client = () => createInnodataApiClient({ baseUrl: `${api.url}/v1.1`, fetch: checkedFetch });
const liveKey = "user-live-632a5a63-d6d6-4246-91ca-d546632698d3";

describe("Innodata authentication API", () => {
  it("creates a user and answers the envelope with status_code 201", async () => {
    const { data, response } = await client().POST("/users", {
      body: { name: "My Name Goes Here", email: "me@example.com", password: "my secret passw0rd!!!", demo: false },
    });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ success: true, status_code: 201, response: { email: "me@example.com" } });
  });

  it("logs a user in and returns the live and test API keys", async () => {
    const { data, response } = await client().POST("/users/login", {
      body: { authentication_method: "password", username: "me@example.com", password: "my secret passw0rd!!!" },
    });
    expect(response.status).toBe(200);
    expect(data?.response.api_keys.live).toMatch(/^user-live-/);
    expect(data?.response.api_keys.test).toMatch(/^user-test-/);
  });

  it.each([
    ["a live key", liveKey],
    ["a test key", "user-test-29a846c5-f990-4fd1-b1c5-0a5f81f1b8a7"],
  ])("looks up the user of %s sent as the Basic username with an empty password", async (_name, key) => {
    const { data, response } = await client().GET("/users/me", { headers: { Authorization: basicAuthorization(key, "") } });
    expect(response.status).toBe(200);
    expect(data?.success).toBe(true);
    expect(data?.response.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers 401 with the error envelope without an API key", async () => {
    const { error, response } = await client().GET("/users/me", {});
    expect(response.status).toBe(401);
    expect(error?.success).toBe(false);
  });

  it("rejects a malformed email at sign-up with 400, and the client stops it before sending", async () => {
    const init = { body: { name: "x", email: "not-an-email", password: "my secret passw0rd!!!" } };
    await expect(client().POST("/users", init)).rejects.toBeInstanceOf(RequestValidationError);
    const { response } = await createInnodataApiClient({ baseUrl: `${api.url}/v1.1`, fetch: checkedFetch, validateRequests: false }).POST("/users", init);
    expect(response.status).toBe(400);
  });

  it("serves the seed's /v1 prefix as well as /v1.1", async () => {
    const v1 = createInnodataApiClient({ baseUrl: `${api.url}/v1`, fetch: checkedFetch });
    const { response } = await v1.GET("/users/me", { headers: { Authorization: basicAuthorization(liveKey, "") } });
    expect(response.status).toBe(200);
  });
});
