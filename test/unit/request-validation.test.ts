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
    // The form is one of the password and the refresh_token grant's: the closest branch's issue comes first.
    const error = await request.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ operation: "requestToken" });
    expect((error as { issues: unknown[] }).issues[0]).toMatchObject({ field: "body.username", rule: "format" });
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

  it("sends file bodies as their bytes with their media type, never as JSON", async () => {
    const fetch = recordingFetch();
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]);
    const gini = createGiniApiClient({ fetch });
    await gini.POST("/documents", { headers: { "Content-Type": "application/pdf" }, body: pdf as never });
    await gini.POST("/documents", { body: new Blob([pdf], { type: "application/pdf" }) as never });
    await gini.POST("/documents", { headers: { "Content-Type": "application/pdf" }, body: pdf.buffer as never });
    for (const [request] of fetch.mock.calls) {
      expect(request.headers.get("Content-Type")).toBe("application/pdf");
      expect(new Uint8Array(await request.arrayBuffer())).toEqual(pdf);
    }
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("sends a stream body as a stream", async () => {
    const fetch = recordingFetch();
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46]);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(pdf);
        controller.close();
      },
    });
    await createGiniApiClient({ fetch }).POST("/documents", { headers: { "Content-Type": "application/pdf" }, body: stream as never });
    expect(new Uint8Array(await fetch.mock.calls[0]![0].arrayBuffer())).toEqual(pdf);
  });

  it("asks for a Content-Type before sending bytes that could be any of several media types", async () => {
    const fetch = recordingFetch();
    await expect(createGiniApiClient({ fetch }).POST("/documents", { body: new Uint8Array([1, 2, 3]) as never })).rejects.toMatchObject({
      operation: "createDocument",
      issues: [{ field: "header.Content-Type", rule: "required" }],
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("sends a JSON body with the operation's only media type when the caller names none", async () => {
    const fetch = recordingFetch();
    await createGiniApiClient({ fetch }).PUT("/documents/{documentId}/extractions", {
      params: { path: { documentId: userId } },
      body: { extractions: { amountToPay: { value: "24.99:EUR" } } },
    });
    expect(fetch.mock.calls[0]?.[0].headers.get("Content-Type")).toBe("application/vnd.gini.v1+json");
  });

  it("checks the typed call, not a Request: a body the runtime cannot re-read is still checked", async () => {
    const fetch = vi.fn(async (request: Request) => {
      await request.text();
      return new Response(null, { status: 204 });
    });
    await expect(createUserCenterClient({ fetch }).POST("/api/users", { body: { email: "a@dev", password: "short" } })).rejects.toMatchObject({
      issues: [{ field: "body.password", rule: "minLength" }],
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("checks int64 ranges (next=2^63 is out of range)", async () => {
    const fetch = recordingFetch();
    await expect(createGiniApiClient({ fetch }).GET("/documents", { params: { query: { next: 2 ** 63 } } })).rejects.toMatchObject({
      issues: [{ field: "query.next", rule: "format" }],
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("can be turned off", async () => {
    const fetch = recordingFetch();
    await createUserCenterClient({ fetch, validateRequests: false }).POST("/api/users", { body: { email: "x", password: "y" } });
    expect(fetch).toHaveBeenCalledOnce();
  });
});
