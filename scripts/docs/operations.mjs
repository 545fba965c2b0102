// The one place the docs site reads the APIs from: per API its bundled description and its
// operations, with `$ref`s of parameters, bodies and examples resolved and path-item parameters
// merged (an operation's own parameter overrides the path item's, as OpenAPI 3.1 §4.8.10 says).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { apis, bundledDocumentPath } from "../apis.mjs";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The object a local `$ref` (`#/components/…`) points to; other objects as they are. */
export function resolveReference(document, object) {
  if (typeof object?.$ref !== "string") return object;
  const target = object.$ref
    .slice(2)
    .split("/")
    .reduce((node, key) => node?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], document);
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
 * Every operation of a bundled description, in document order:
 * `{ operationId, method (upper case), path, summary, tag, parameters, requestBody, security, responses }`.
 */
export function operationsOf(document) {
  return Object.entries(document.paths ?? {}).flatMap(([path, pathItem]) =>
    httpMethods
      .filter((method) => pathItem[method]?.operationId)
      .map((method) => {
        const operation = pathItem[method];
        const parameters = new Map();
        for (const parameter of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
          const resolved = resolveReference(document, parameter);
          parameters.set(`${resolved.in}:${resolved.name.toLowerCase()}`, resolved);
        }
        return {
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path,
          summary: operation.summary ?? "",
          tag: operation.tags?.[0] ?? "default",
          parameters: [...parameters.values()],
          requestBody: operation.requestBody && resolveReference(document, operation.requestBody),
          security: operation.security ?? document.security ?? [],
          responses: operation.responses,
        };
      }),
  );
}

/** `[{ name, title, document, operations }]` of the APIs in `scripts/apis.mjs`, read from `generated/`. */
export async function loadApiDescriptions() {
  return Promise.all(
    apis.map(async ({ name }) => {
      const document = JSON.parse(await readFile(join(projectRoot, bundledDocumentPath(name)), "utf8"));
      return { name, title: document.info.title, document, operations: operationsOf(document) };
    }),
  );
}
