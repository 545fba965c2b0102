// Compiles the schemas at the given pointers of a bundled document into ajv standalone code: plain
// functions, so that nothing runs `new Function` at run time (browsers with a CSP, edge runtimes).
import { _ } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { formats } from "../../src/registry/formats.ts";

const documentId = "openapi";

// Words for people, not rules for values: left out of the compiled code.
const annotationKeywords = new Set(["title", "description", "summary", "examples", "example", "externalDocs", "deprecated", "$comment", "xml", "discriminator"]);
// Keywords whose value is a map of names to schemas: the names are kept whatever they are.
const schemaMapKeywords = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas", "paths", "content", "responses", "parameters", "headers", "components"]);
// Keywords whose value is data, not a schema.
const dataKeywords = new Set(["enum", "const", "default", "required", "dependentRequired", "type"]);

export function withoutAnnotations(node, isNameMap = false) {
  if (Array.isArray(node)) return node.map((item) => withoutAnnotations(item));
  if (!node || typeof node !== "object") return node;
  const entries = Object.entries(node)
    .filter(([key]) => isNameMap || (!annotationKeywords.has(key) && !key.startsWith("x-")))
    .map(([key, value]) => [key, !isNameMap && dataKeywords.has(key) ? value : withoutAnnotations(value, !isNameMap && schemaMapKeywords.has(key))]);
  return Object.fromEntries(entries);
}

// The module names the generated code imports its runtime from (see src/registry/validator-runtime.ts).
const runtimeReplacements = [[/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, "ucs2length"]];

/**
 * One ES module source that defines `const v<N>` for each pointer (not exported), and the name of
 * the validator of each pointer. The code expects `formats` and `ucs2length` in scope.
 */
export function compileValidators(document, pointers) {
  const unique = [...new Set(pointers)];
  const names = new Map(unique.map((pointer, index) => [pointer, `v${index}`]));
  if (unique.length === 0) return { code: "", nameOf: () => undefined };
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    messages: false,
    validateSchema: false,
    // A format or keyword ajv does not know would pass unchecked: fail the generation instead.
    logger: {
      log() {},
      warn(message) {
        throw new Error(`${message}: add the format to src/registry/formats.ts, or drop it from the description`);
      },
      error(message) {
        throw new Error(message);
      },
    },
    code: { source: true, esm: true, lines: false, optimize: true, formats: _`formats` },
  });
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, { type: format.type, validate: format.validate });
  ajv.addSchema(withoutAnnotations(document), documentId);
  let code = standaloneCode.default(
    ajv,
    Object.fromEntries(unique.map((pointer) => [names.get(pointer), `${documentId}${pointer}`])),
  );
  for (const [pattern, replacement] of runtimeReplacements) code = code.replace(pattern, replacement);
  const leftover = /require\("([^"]+)"\)/.exec(code);
  if (leftover) throw new Error(`compiled validators need ${leftover[1]} at run time: add it to src/registry/validator-runtime.ts and to the replacements here`);
  code = code.replace(/^"use strict";/, "").replace(/export const (v\d+) = /g, "const $1 = ").replace(/\/\*# sourceURL="[^"]*" \*\/;?/g, "");
  return { code, nameOf: (pointer) => names.get(pointer) };
}
