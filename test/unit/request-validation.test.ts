import { describe, expect, it, vi } from "vitest";
import { createGiniApiClient, createUserCenterClient, RequestValidationError } from "../../src/index.js";

function recordingFetch() {
  return vi.fn(async (_request: Request) => new Response(null, { status: 204 }));
}

const userId = "c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e";

describe("request validation against the description", () => {
  it("stops a body that breaks a rule before any request, naming field and rule but not the value", async () => {
    const fetch = recordingFetch();
    const userCenter = createUserCenterClient({ fetch });
    const secret = "s3cr!";
    const failure = await userCenter.POST("/api/users", { body: { email: "not-an-email", password: secret } }).catch((error: unknown) => error);
    expect(fetch).not.toHaveBeenCalled();
    expect(failure).toBeInstanceOf(RequestValidationError);
    const error = failure as RequestValidationError;
    expect(error.operation).toBe("createUser");
    expect(error.issues).toEqual([
      { field: "body.email", rule: "format", message: 'must match format "email"' },
      { field: "body.password", rule: "minLength", message: "must NOT have fewer than 6 characters" },
    ]);
    expect(error.message).toBe(
      'createUser: invalid request: body.email must match format "email" (format); body.password must NOT have fewer than 6 characters (minLength)',
    );
    expect(`${error.message} ${String(error)} ${JSON.stringify(error)}`).not.toContain(secret);
  });

  it("sends a request that keeps every rule", async () => {
    const fetch = recordingFetch();
    await createUserCenterClient({ fetch }).POST("/api/users", { body: { email: "a@example.com", password: "supersecret" } });
    expect(fetch).toHaveBeenCalledOnce();
  });

  it("checks path parameters (userId is a UUID)", async () => {
    const fetch = recordingFetch();
    await expect(createUserCenterClient({ fetch }).GET("/api/users/{userId}", { params: { path: { userId: "42" } } })).rejects.toMatchObject({
      issues: [{ field: "path.userId", rule: "format" }],
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("checks query parameters after decoding them (limit is at least 1)", async () => {
    const fetch = recordingFetch();
    const gini = createGiniApiClient({ fetch });
    await expect(gini.GET("/documents", { params: { query: { limit: 0 } } })).rejects.toMatchObject({ issues: [{ field: "query.limit", rule: "minimum" }] });
    await gini.GET("/documents", { params: { query: { limit: 20 } } });
    expect(fetch).toHaveBeenCalledOnce();
  });

  it("checks header parameters (an X-User-Identifier with a space)", async () => {
    const fetch = recordingFetch();
    await expect(createGiniApiClient({ fetch }).GET("/documents", { headers: { "X-User-Identifier": "user 1" } })).rejects.toMatchObject({
      issues: [{ field: "header.X-User-Identifier", rule: "pattern" }],
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("checks form bodies (the password grant's username)", async () => {
    const fetch = recordingFetch();
    const request = createUserCenterClient({ fetch }).POST("/oauth/token", {
      params: { query: { grant_type: "password" } },
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: { username: "nobody", password: "x" },
    });
    await expect(request).rejects.toMatchObject({ operation: "requestToken", issues: [{ field: "body.username", rule: "format" }] });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("names the half of a password and email change that lacks its pair", async () => {
    const fetch = recordingFetch();
    const request = createUserCenterClient({ fetch }).PUT("/api/users/{userId}", {
      params: { path: { userId } },
      body: { oldPassword: "supersecret", password: "anothersecret", email: "new@example.com" } as never,
    });
    await expect(request).rejects.toThrow(/body\.(email|oldEmail)/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("leaves file uploads to the server", async () => {
    const fetch = recordingFetch();
    await createGiniApiClient({ fetch }).POST("/documents", {
      headers: { "Content-Type": "application/pdf" },
      body: new Uint8Array([0x25, 0x50, 0x44, 0x46]) as never,
      bodySerializer: (body) => body,
    });
    expect(fetch).toHaveBeenCalledOnce();
  });

  it("can be turned off", async () => {
    const fetch = recordingFetch();
    await createUserCenterClient({ fetch, validateRequests: false }).POST("/api/users", { body: { email: "x", password: "y" } });
    expect(fetch).toHaveBeenCalledOnce();
  });
});
