// The 429 and 503 answers the descriptions document, on demand: `X-Sandbox-Fault` makes the
// sandbox answer as an overloaded server, with the API's own error body and `Retry-After`, and
// nothing else happens. Every answer is checked against the description (useSandbox records any
// answer it does not document), and the typed clients read the documented error bodies.
import { describe, expect, it } from "vitest";
import { clientBasic, clientToken, giniApiOf, useSandbox, userCenterOf } from "./support/sandbox.js";

const target = useSandbox();
const derived = { Authorization: clientBasic, "X-User-Identifier": "faults" };
const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);

describe("sandbox faults on demand (X-Sandbox-Fault)", () => {
  it.each([
    ["429", 429, "1"],
    ["503", 503, "1"],
    ["503; retry-after=7", 503, "7"],
    ["429;Retry-After=0", 429, "0"],
  ])("answers `X-Sandbox-Fault: %s` on the Gini API with %i, Retry-After %s and an ApiError", async (fault, status, retryAfter) => {
    const { response, error } = await giniApiOf(target).GET("/documents", { headers: { ...derived, "X-Sandbox-Fault": fault } });
    expect(response.status).toBe(status);
    expect(response.headers.get("Retry-After")).toBe(retryAfter);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.gini.v1+json");
    expect(error).toMatchObject({ message: expect.any(String), requestId: expect.any(String) });
  });

  it("answers before credentials and body are looked at, and changes nothing", async () => {
    const before = target.sandbox.state.documents({ clientId: "test-client", userIdentifier: "faults" }).length;
    const response = await fetch(`${target.sandbox.urls.giniApi}/documents`, { method: "POST", headers: { "Content-Type": "application/pdf", "X-Sandbox-Fault": "503" }, body: pdf });
    expect(response.status).toBe(503);
    expect(target.sandbox.state.documents({ clientId: "test-client", userIdentifier: "faults" })).toHaveLength(before);
  });

  it("answers the User Center's documented 429 and 503 with its OAuth-style error body", async () => {
    const token = await userCenterOf(target).GET("/oauth/token", { params: { query: { grant_type: "client_credentials" } }, headers: { Authorization: clientBasic, "X-Sandbox-Fault": "503" } });
    expect(token.response.status).toBe(503);
    expect(token.response.headers.get("Retry-After")).toBe("1");
    expect(token.error).toEqual({ error: "temporarily_unavailable", error_description: "Service unavailable" });
    const users = await userCenterOf(target).POST("/api/users", { headers: { Authorization: `Bearer ${await clientToken(target)}`, "X-Sandbox-Fault": "429" }, body: { email: "fault@example.com", password: "supersecret" } });
    expect(users.response.status).toBe(429);
    expect(users.error).toEqual({ error: "too_many_requests", error_description: "Too many requests" });
    expect(target.sandbox.state.userByEmail("fault@example.com")).toBeUndefined();
  });

  it("is no fault where the description documents none (Innodata), nor for another value", async () => {
    const innodata = await fetch(`${target.sandbox.urls.innodata}/v1.1/users/me`, { headers: { "X-Sandbox-Fault": "503" } });
    expect(innodata.status).toBe(401);
    for (const fault of ["500", "503 please", "429; retry-after=-1", ""]) {
      const { response } = await giniApiOf(target).GET("/documents", { headers: { ...derived, "X-Sandbox-Fault": fault } });
      expect(response.status, fault).toBe(200);
    }
  });

  it("gives the User Center's 400 and 404 the documented error body", async () => {
    const headers = { Authorization: `Bearer ${await clientToken(target)}` };
    const missing = await userCenterOf(target).GET("/api/users/{userId}", { params: { path: { userId: "4f6c1b0e-0000-4000-8000-00000000dead" } }, headers });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ error: "not_found", error_description: "No such user" });
    const taken = { email: "taken@example.com", password: "supersecret" };
    expect((await userCenterOf(target).POST("/api/users", { headers, body: taken })).response.status).toBe(201);
    const again = await userCenterOf(target).POST("/api/users", { headers, body: taken });
    expect(again.response.status).toBe(400);
    expect(again.error).toEqual({ error: "invalid_request", error_description: "Invalid user" });
  });
});
