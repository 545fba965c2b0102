// A CommonJS consumer of the packed package: run by scripts/check-package.mjs with `node`.
// require() gets the package's CommonJS build (the `require` export condition), not its ES modules.
for (const entry of ["gini-openapi", "gini-openapi/node"]) {
  if (!require.resolve(entry).endsWith(".cjs")) throw new Error(`${entry} resolved to ${require.resolve(entry)}, not the CommonJS build`);
}
const { createGiniApiClient, RequestValidationError } = require("gini-openapi");
const { createFileCredentialStore } = require("gini-openapi/node");

if (typeof createFileCredentialStore !== "function") throw new Error("gini-openapi/node: createFileCredentialStore is not a function");
const api = createGiniApiClient({ fetch: () => Promise.reject(new Error("no request may be sent")) });
api.GET("/documents", { params: { query: { limit: 0 } } }).then(
  () => {
    throw new Error("an invalid request was not rejected");
  },
  (error) => {
    if (!(error instanceof RequestValidationError)) throw error;
    console.log("required gini-openapi and gini-openapi/node; an invalid request throws RequestValidationError");
  },
);
