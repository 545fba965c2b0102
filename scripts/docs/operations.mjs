// The one place the docs site reads the APIs from: the compiled registry's list of APIs and
// operations (generated/apis.ts), and from each bundled description what the registry does not
// keep: texts and named examples, with `$ref`s resolved and path-item parameters merged (an
// operation's own parameter overrides the path item's, OpenAPI 3.1 §4.8.10).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { apis } from "../../generated/apis.js";
import { valueAt } from "../../src/registry/json-pointer.ts";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The object a local `$ref` (`#/components/…`) points to; other objects as they are. */
function resolveReference(document, object) {
  if (typeof object?.$ref !== "string") return object;
  const target = valueAt(document, object.$ref);
  if (target === undefined) throw new Error(`${object.$ref} does not resolve`);
  return resolveReference(document, target);
}

/** The value of the first named example (`examples`), else of `example`; `undefined` without either. */
export function firstExampleValue(document, holder) {
  const named = Object.values(holder?.examples ?? {})[0];
  if (named !== undefined) return resolveReference(document, named).value;
  return holder?.example;
}

/**
 * An operation of the registry with what the docs show of it from the bundled description:
 * `{ operationId, method (upper case), path, summary, tag, security, parameters, requestBody, responses }`.
 */
function describedOperation(document, entry) {
  const pathItem = document.paths[entry.path];
  const operation = pathItem?.[entry.method.toLowerCase()];
  if (!operation) throw new Error(`The registry's ${entry.id} (${entry.method} ${entry.path}) is not in the bundled description: run \`npm run generate\`.`);
  const parameters = new Map();
  for (const parameter of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const resolved = resolveReference(document, parameter);
    parameters.set(`${resolved.in}:${resolved.name.toLowerCase()}`, resolved);
  }
  return {
    operationId: entry.id,
    method: entry.method,
    path: entry.path,
    summary: entry.summary ?? "",
    tag: entry.tags[0] ?? "default",
    security: entry.security,
    parameters: [...parameters.values()],
    requestBody: operation.requestBody && resolveReference(document, operation.requestBody),
    responses: operation.responses,
  };
}

/**
 * `[{ name, title, localPort, portVariable, document, operations }]` of the registry's APIs, in its
 * order, each operation as `describedOperation` makes it.
 */
export async function loadApiDescriptions() {
  return Promise.all(
    apis.map(async ({ name, title, localPort, portVariable, documentPath, operations }) => {
      const document = JSON.parse(await readFile(join(projectRoot, documentPath), "utf8"));
      return { name, title, localPort, portVariable, document, operations: operations.map((entry) => describedOperation(document, entry)) };
    }),
  );
}
