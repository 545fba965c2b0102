import { describe, expect, it } from "vitest";
import { createInnodataKeySession } from "../../src/flows/innodata-key-session.js";

const liveKey = "user-live-632a5a63-d6d6-4246-91ca-d546632698d3";
const testKey = "user-test-29a846c5-f990-4fd1-b1c5-0a5f81f1b8a7";

function recordingFetch() {
  const seen: Request[] = [];
  const fetch = async (request: Request) => {
    seen.push(request);
    return new Response(JSON.stringify({ success: true, status_code: 200, tracking: "t", response: {} }), {
      headers: { "Content-Type": "application/json" },
    });
  };
  return { seen, fetch };
}

describe("Innodata key session (seed 002)", () => {
  it.each([
    ["live", liveKey, "Basic dXNlci1saXZlLTYzMmE1YTYzLWQ2ZDYtNDI0Ni05MWNhLWQ1NDY2MzI2OThkMzo="],
    ["test", testKey, `Basic ${btoa(`${testKey}:`)}`],
  ])("sends a %s key as the Basic username with an empty password", async (_, apiKey, authorization) => {
    const { seen, fetch } = recordingFetch();
    const session = createInnodataKeySession({ apiKey, fetch, innodataUrl: "https://innodata.test/v1.1" });
    await session.api.GET("/users/me", {});
    expect(seen[0]?.url).toBe("https://innodata.test/v1.1/users/me");
    expect(seen[0]?.headers.get("Authorization")).toBe(authorization);
  });

  it.each([
    ["no live/test prefix", "632a5a63-d6d6-4246-91ca-d546632698d3"],
    ["a colon, which Basic cannot carry in a username", "user-live-abc:def"],
    ["a line break", "user-live-abc\r\n"],
    ["nothing", ""],
  ])("rejects a key with %s before any request, without echoing it", (_, apiKey) => {
    const { seen, fetch } = recordingFetch();
    let error: unknown;
    try {
      createInnodataKeySession({ apiKey, fetch });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ name: "AuthOptionError", operation: "createInnodataKeySession", field: "apiKey", rule: expect.stringContaining("user-live-") });
    if (apiKey) expect(String(error)).not.toContain(apiKey);
    expect(seen).toEqual([]);
  });
});

describe("server URL options", () => {
  it.each([
    ["user info", "https://user:password@api.innodata.test/v1.1"],
    ["a query", "https://api.innodata.test/v1.1?key=1"],
    ["another scheme", "ftp://api.innodata.test/v1.1"],
    ["no scheme", "api.innodata.test"],
  ])("rejects a URL with %s before any request, naming the field", (_, innodataUrl) => {
    expect(() => createInnodataKeySession({ apiKey: "user-test-29a846c5", innodataUrl })).toThrow(
      expect.objectContaining({ name: "AuthOptionError", field: "innodataUrl", rule: expect.stringContaining("http or https URL") }),
    );
  });
});
