// How many body bytes the mock reads for each operation: the sandbox's limits (sandbox/limits.ts),
// so that a client meets the same 413 on both. A larger body is answered with the operation's
// documented 413 example.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bodyLimitOf } from "../../sandbox/limits.js";
import { ApiContract } from "../../src/registry/api-contract.js";
import { packageRoot } from "./package-root.mjs";

const undocumented = { status: 413, headers: { "content-type": "text/plain" }, body: "Request body too large" };

/** The 413 answer that `document` gives for `operation`: its first media type's first example. */
function documentedTooLarge(document, operation) {
  let response = document.paths?.[operation.path]?.[operation.method.toLowerCase()]?.responses?.["413"];
  if (response?.$ref) response = response.$ref.split("/").slice(1).reduce((node, key) => node?.[key], document);
  const [mediaType, content] = Object.entries(response?.content ?? {})[0] ?? [];
  const example = content && (content.example ?? Object.values(content.examples ?? {})[0]?.value);
  if (example === undefined) return undocumented;
  return { status: 413, headers: { "content-type": mediaType }, body: JSON.stringify(example) };
}

/**
 * `(method, path) => { bytes, tooLarge }` for the gateway of the API `apiName`, with the 413
 * examples of its bundled description. A request for no operation gets the default limit.
 */
export function bodyLimits(apiName) {
  const contract = ApiContract.of(apiName);
  const document = JSON.parse(readFileSync(join(packageRoot(), contract.api.documentPath), "utf8"));
  const byOperation = new Map(contract.api.operations.map((operation) => [operation.id, { bytes: bodyLimitOf(operation.id), tooLarge: documentedTooLarge(document, operation) }]));
  // No operation has the ID "": the limit of bodies the sandbox names no limit for.
  const otherwise = { bytes: bodyLimitOf(""), tooLarge: undocumented };
  return (method, path) => {
    const route = contract.match(method, contract.withoutBasePath(path));
    return route.kind === "operation" ? byOperation.get(route.operation.id) : otherwise;
  };
}
