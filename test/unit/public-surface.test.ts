// The public surface is deliberate: each entry of package.json `exports` exports exactly the
// values listed here, and each of them is named in README.md or docs/*.md. Adding an export means
// adding it here and documenting it; a building block that no reader needs stays unexported.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
const documentation = ["README.md", ...readdirSync(new URL("../../docs/", import.meta.url)).filter((file) => file.endsWith(".md")).map((file) => `docs/${file}`)].map(read).join("\n");

const entries = {
  "gini-openapi": {
    load: () => import("../../src/index.js"),
    values: [
      // Clients and their hosts.
      "createGiniApiClient", "createInnodataApiClient", "createUserCenterClient", "giniApiMediaType", "giniApiServers", "innodataServer", "userCenterServer",
      // Auth flows.
      "basicAuthorization", "bearerFetch", "clientBasicAuthorization", "createAnonymousSession", "createDerivedUserClient", "createDerivedUserTokenIssuer", "createDeviceSession",
      "createInnodataKeySession", "createMemoryCredentialStore", "createProcessLock", "headersFetch",
      // Documents.
      "analyzeDocument", "analyzeFile", "deleteDocument", "ensureOk", "sendFeedback", "throwOnGiniApiError", "uploadDocument", "waitForProcessing",
      // Gini Pay (docs/gini-pay.md).
      "createGiniPayClient", "createPaymentRequestFromExtractions", "giniApiHostVersions", "giniApiHosts", "paymentExtractionLabels", "readPaymentRequest", "resolvePaymentRequest", "waitForPayment", "withMediaTypeVersion",
      // Errors (docs/errors.md).
      "AuthError", "AuthOptionError", "AuthResponseError", "CredentialStoreError", "DocumentError", "DocumentInputError", "DocumentProcessingError", "DocumentTimeoutError",
      "GiniApiResponseError", "GiniOpenApiError", "PaymentError", "PaymentInputError", "PaymentTimeoutError", "RequestFailedError", "RequestValidationError", "TokenResponseError",
    ],
  },
  "gini-openapi/node": { load: () => import("../../src/node.js"), values: ["createFileCredentialStore", "createRedisCredentialStore"] },
};

describe("the public surface", () => {
  it.each(Object.entries(entries))("%s exports exactly its list, each value documented", async (_entry, { load, values }) => {
    const exported = Object.keys(await load()).sort();
    expect(exported).toEqual([...values].sort());
    const undocumented = values.filter((name) => !new RegExp(`\\b${name}\\b`).test(documentation));
    expect(undocumented).toEqual([]);
  });
});
