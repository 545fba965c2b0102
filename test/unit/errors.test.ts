// One base error (src/errors.ts): every error class the package exports extends
// GiniOpenApiError, carries the code docs/errors.md gives it, and keeps OAuth and network codes
// in fields of their own.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SandboxConfigError } from "../../sandbox/index.js";
import { ContractUsageError } from "../../src/contract/cli.js";
import * as main from "../../src/index.js";
import { GiniOpenApiError } from "../../src/index.js";

const table = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");

const samples: Array<[string, GiniOpenApiError, string]> = [
  ["AuthOptionError", new main.AuthOptionError("createAnonymousSession", "clientId", "must be a non-empty string"), "INVALID_OPTION"],
  ["DocumentInputError", new main.DocumentInputError("uploadDocument", "contentType", "must be a page media type"), "INVALID_OPTION"],
  ["RequestValidationError", new main.RequestValidationError("createUser", [{ field: "body.email", message: "must be an email", rule: "format" }]), "INVALID_REQUEST"],
  ["AuthResponseError", new main.AuthResponseError("requestToken", 400, "invalid_grant"), "ERROR_RESPONSE"],
  ["GiniApiResponseError", new main.GiniApiResponseError("getDocument", 404, undefined), "ERROR_RESPONSE"],
  ["TokenResponseError", new main.TokenResponseError("requestToken", "access_token", "must be a string"), "INVALID_RESPONSE"],
  ["RequestFailedError", new main.RequestFailedError("requestToken", "POST", "https://user.gini.net/oauth/token", "ECONNREFUSED", {}), "REQUEST_FAILED"],
  ["CredentialStoreError", new main.CredentialStoreError("credentialStore.get", { cause: new Error("disk") }), "CREDENTIAL_STORE_FAILED"],
  ["DocumentProcessingError", new main.DocumentProcessingError("doc-1"), "DOCUMENT_PROCESSING_FAILED"],
  ["DocumentTimeoutError", new main.DocumentTimeoutError(300, "doc-1"), "DOCUMENT_TIMEOUT"],
  ["PaymentInputError", new main.PaymentInputError("createPaymentRequestFromExtractions", "extractions.iban", "must be present"), "INVALID_OPTION"],
  ["PaymentTimeoutError", new main.PaymentTimeoutError(300, "request-1"), "PAYMENT_TIMEOUT"],
  ["SandboxConfigError", new SandboxConfigError("/tokenTtlSeconds", "minimum", "config.json"), "INVALID_SANDBOX_CONFIG"],
  ["ContractUsageError", new ContractUsageError("--server must be an absolute http or https URL"), "CONTRACT_USAGE"],
];

describe("GiniOpenApiError", () => {
  it.each(samples)("%s extends it, with its code in toJSON, and appears in the table of docs/errors.md", (name, error, code) => {
    expect(error).toBeInstanceOf(GiniOpenApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.toJSON()).toMatchObject({ name, code });
    expect(table).toMatch(new RegExp(`\\| \`${code}\` \\|[^\\n]*\`${name}\``));
  });

  it("covers every error class of the main entry", () => {
    const exported = (Object.entries(main) as Array<[string, unknown]>).filter((entry): entry is [string, { prototype: unknown }] => typeof entry[1] === "function" && entry[1].prototype instanceof Error);
    expect(exported.map(([name]) => name).sort()).toEqual(
      [...samples.map(([name]) => name).filter((name) => name in main), "AuthError", "DocumentError", "GiniOpenApiError", "PaymentError"].sort(),
    );
    for (const [name, value] of exported) if (value !== GiniOpenApiError) expect(value.prototype, name).toBeInstanceOf(GiniOpenApiError);
  });

  it("keeps the OAuth error and the network code in fields of their own", () => {
    const answered = new main.AuthResponseError("requestToken", 400, "invalid_grant");
    expect(answered).toMatchObject({ code: "ERROR_RESPONSE", oauthError: "invalid_grant", status: 400 });
    const refused = new main.RequestFailedError("requestToken", "POST", "https://user.gini.net/oauth/token", "ECONNREFUSED", {});
    expect(refused.toJSON()).toMatchObject({ code: "REQUEST_FAILED", networkCode: "ECONNREFUSED", url: "https://user.gini.net/oauth/token" });
  });

  it("lists every code of GiniOpenApiErrorCode in the table, and no other", () => {
    const declared = [...readFileSync(new URL("../../src/errors.ts", import.meta.url), "utf8").matchAll(/^\s+\| "([A-Z_]+)"/gm)].map(([, code]) => code);
    const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map(([, code]) => code);
    expect(documented).toEqual(declared);
  });
});
