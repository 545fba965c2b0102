// The credential stores check their options with the flows' rules (src/flows/option-rules.ts):
// a typed error naming the option and the rule, before any file or key is touched.
import { describe, expect, it } from "vitest";
import { createFileCredentialStore } from "../../src/flows/file-credential-store.js";
import { createRedisCredentialStore } from "../../src/flows/redis-credential-store.js";

const client = { get: async () => null, set: async () => "OK", eval: async () => 1 };

describe("credential store options", () => {
  it.each([
    ["an empty path", () => createFileCredentialStore(""), "path"],
    ["a lock wait of 0 ms", () => createFileCredentialStore("/tmp/gini.json", { lockWaitMs: 0 }), "lockWaitMs"],
    ["a stale-lock time that is not a number", () => createFileCredentialStore("/tmp/gini.json", { staleLockMs: Number.NaN }), "staleLockMs"],
    ["a Redis client without eval", () => createRedisCredentialStore({ client: { get: client.get, set: client.set } as never, key: "gini:user" }), "client"],
    ["an empty Redis key", () => createRedisCredentialStore({ client, key: "" }), "key"],
    ["a lease of 1.5 ms", () => createRedisCredentialStore({ client, key: "gini:user", leaseMs: 1.5 }), "leaseMs"],
  ])("refuses %s, naming the option", (_case, create, field) => {
    expect(create).toThrow(expect.objectContaining({ name: "AuthOptionError", code: "INVALID_OPTION", field }));
  });

  it("takes its defaults", () => {
    expect(createFileCredentialStore("/tmp/gini.json")).toHaveProperty("lock");
    expect(createRedisCredentialStore({ client, key: "gini:user" })).toHaveProperty("lock");
  });
});

describe("durations", () => {
  it("refuse more than the longest timer (setTimeout would fire at once), in flows and documents helpers alike", async () => {
    const { analyzeDocument, createGiniApiClient } = await import("../../src/index.js");
    const tooLong = 2 ** 31;
    expect(() => createFileCredentialStore("/tmp/gini.json", { lockWaitMs: tooLong })).toThrow(/lockWaitMs must be a whole number of milliseconds from 1 to 2147483647/);
    const api = createGiniApiClient({ baseUrl: "https://api.invalid" });
    await expect(analyzeDocument(api, [{ body: new Uint8Array([1]), contentType: "image/jpeg" }], { timeout: tooLong })).rejects.toMatchObject({
      name: "DocumentInputError",
      code: "INVALID_OPTION",
      field: "timeout",
      rule: "must be a whole number of milliseconds from 1 to 2147483647",
    });
  });
});
