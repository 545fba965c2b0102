// A CommonJS consumer of the packed package: run by scripts/check-package.mjs with `node`.
// require() gets the package's CommonJS build (the `require` export condition), not its ES modules.
for (const entry of ["gini-openapi", "gini-openapi/node", "gini-openapi/sandbox", "gini-openapi/msw"]) {
  if (!require.resolve(entry).endsWith(".cjs")) throw new Error(`${entry} resolved to ${require.resolve(entry)}, not the CommonJS build`);
}
const { clientBasicAuthorization, createGiniApiClient, RequestValidationError } = require("gini-openapi");
const { createFileCredentialStore } = require("gini-openapi/node");
const { createSandbox, startSandbox } = require("gini-openapi/sandbox");
const { sandboxHandlers } = require("gini-openapi/msw");
const { setupServer } = require("msw/node");

if (typeof createFileCredentialStore !== "function") throw new Error("gini-openapi/node: createFileCredentialStore is not a function");
if (typeof startSandbox !== "function") throw new Error("gini-openapi/sandbox under `node`: startSandbox is not a function");
const demoHeaders = { Authorization: clientBasicAuthorization("sandbox-client", "sandbox-secret"), "X-User-Identifier": "user1" };

async function listDocuments(api, via) {
  const { data, response } = await api.GET("/documents", { headers: demoHeaders });
  if (response.status !== 200 || data?.totalCount !== 0) throw new Error(`${via}: GET /documents answered ${response.status}`);
}

async function main() {
  const api = createGiniApiClient({ fetch: () => Promise.reject(new Error("no request may be sent")) });
  const invalid = await api.GET("/documents", { params: { query: { limit: 0 } } }).then(
    () => undefined,
    (error) => error,
  );
  if (!(invalid instanceof RequestValidationError)) throw invalid ?? new Error("an invalid request was not rejected");

  const sandbox = await createSandbox();
  try {
    await listDocuments(createGiniApiClient({ fetch: sandbox.fetch }), "createSandbox().fetch");
    if (sandbox.violations.length > 0) throw new Error(`the sandbox's violations: ${JSON.stringify(sandbox.violations)}`);
  } finally {
    await sandbox.close();
  }

  const server = setupServer(...sandboxHandlers());
  server.listen({ onUnhandledRequest: "error" });
  try {
    await listDocuments(createGiniApiClient(), "MSW's setupServer with sandboxHandlers()");
  } finally {
    server.close();
  }
  console.log("required gini-openapi, /node, /sandbox and /msw; an invalid request throws RequestValidationError; the sandbox answers through its fetch and through MSW");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
