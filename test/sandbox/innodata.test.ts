import { describe, expect, it } from "vitest";
import { createInnodataApiClient } from "../../src/index.js";
import { basicAuthorization } from "../support/mock.js";
import { useSandbox } from "./support/sandbox.js";

const target = useSandbox();
const innodata = (prefix = "/v1.1") => createInnodataApiClient({ baseUrl: `${target.sandbox.urls.innodata}${prefix}` });
const password = "my secret passw0rd!!!";

describe("sandbox Innodata API", () => {
  it("creates a user without keys; the first login activates it and issues a live and a test key, both of which find the user", async () => {
    const email = `innodata-${Date.now()}@example.com`;
    const created = await innodata("/v1").POST("/users", { body: { name: "My Name Goes Here", email, password } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ success: true, status_code: 201, response: { email, activated: false, api_keys: { live: null, test: null } } });
    const login = await innodata().POST("/users/login", { body: { authentication_method: "password", username: email, password } });
    const keys = login.data!.response.api_keys;
    expect(keys.live).toMatch(/^user-live-[0-9a-f-]{36}$/);
    expect(keys.test).toMatch(/^user-test-[0-9a-f-]{36}$/);
    for (const key of [keys.live!, keys.test!]) {
      const me = await innodata().GET("/users/me", { headers: { Authorization: basicAuthorization(key, "") } });
      expect(me.data?.response).toMatchObject({ id: created.data!.response.id, email, activated: true });
    }
    const again = await innodata().POST("/users/login", { body: { authentication_method: "password", username: email, password } });
    expect(again.data?.response.api_keys).toEqual(keys);
  });

  it("answers 409 in the error envelope to a taken email, and 401 to a wrong password or an unknown key", async () => {
    const email = `taken-${Date.now()}@example.com`;
    await innodata().POST("/users", { body: { name: "First", email, password } });
    const taken = await innodata().POST("/users", { body: { name: "Second", email, password } });
    expect(taken.response.status).toBe(409);
    expect(taken.error).toMatchObject({ success: false, status_code: 409, response: { message: expect.any(String) } });
    const wrong = await innodata().POST("/users/login", { body: { authentication_method: "password", username: email, password: "wrong" } });
    expect(wrong.error).toMatchObject({ success: false, status_code: 401 });
    const unknown = await innodata().GET("/users/me", { headers: { Authorization: basicAuthorization("user-live-00000000-0000-4000-8000-000000000000", "") } });
    expect(unknown.error).toMatchObject({ success: false, status_code: 401 });
  });

  it("creates exactly one user when the same email signs up five times at once", async () => {
    const email = `concurrent-${Date.now()}@example.com`;
    const results = await Promise.all(Array.from({ length: 5 }, () => innodata().POST("/users", { body: { name: "Same", email, password } })));
    expect(results.map(({ response }) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it("wraps an unknown path and an unknown method in the envelope too", async () => {
    const response = await fetch(`${target.sandbox.urls.innodata}/v1.1/teams`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ success: false, status_code: 404 });
    const wrongMethod = await fetch(`${target.sandbox.urls.innodata}/v1.1/users/me`, { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("Allow")).toBe("GET");
    expect(await wrongMethod.json()).toMatchObject({ success: false, status_code: 405 });
  });
});
