// Renders the registry's TypeScript modules. Each holds plain data and precompiled validators
// (see compile-validators.mjs); the shapes are declared in src/registry/types.ts.
import { compileValidators } from "./compile-validators.mjs";
import { dereferenced } from "./dereference.mjs";
import { describeApi } from "./describe-api.mjs";

const noCheck = "// @ts-nocheck: ajv standalone code; the data below is typed by its annotation.\n";

/** JSON, except that `{ [validatorMark]: "v3" }` becomes the identifier `v3`. */
const validatorMark = "$validator";
function literal(value, nameOf) {
  const text = JSON.stringify(value, (key, item) => (item && typeof item === "object" && validatorMark in item ? `\u0000${item[validatorMark]}\u0000` : item), 2);
  return text.replace(/"\\u0000(v\d+)\\u0000"/g, "$1");
}
const validatorFor = (nameOf, pointer) => (pointer === undefined ? undefined : { [validatorMark]: nameOf(pointer) });

function runtimeImports(code) {
  const used = ["formats", "ucs2length"].filter((name) => new RegExp(`\\b${name}\\b`).test(code));
  return used.length === 0 ? "" : `import { ${used.join(", ")} } from "../src/registry/validator-runtime.js";\n`;
}

export function registryModule(name, document) {
  const api = describeApi(name, document);
  const pointers = api.operations.flatMap((operation) => [
    ...operation.parameters.map((parameter) => parameter.schema),
    ...(operation.body?.content ?? []).map((media) => media.schema),
  ]);
  const { code, nameOf } = compileValidators(document, pointers.filter(Boolean));
  const registry = {
    ...api,
    operations: api.operations.map(({ responses: _responses, parameters, body, ...operation }) => ({
      ...operation,
      parameters: parameters.map(({ schema, type, ...parameter }) => ({ ...parameter, ...(type && { type }), ...(schema && { validate: validatorFor(nameOf, schema) }) })),
      ...(body && { body: { required: body.required, content: Object.fromEntries(body.content.map(({ mediaType, schema }) => [mediaType, validatorFor(nameOf, schema) ?? null])) } }),
    })),
  };
  return `${noCheck}import type { ApiRegistry } from "../src/registry/types.js";\n${runtimeImports(code)}\n${code}\n\nexport const registry: ApiRegistry = ${literal(registry)};\n`;
}

export function responsesModule(name, document) {
  const api = describeApi(name, document);
  const pointers = api.operations.flatMap((operation) =>
    Object.values(operation.responses).flatMap((response) => [...response.headers.map((header) => header.schema), ...(response.content ?? []).map((media) => media.schema)]),
  );
  const { code, nameOf } = compileValidators(document, pointers.filter(Boolean));
  const responses = Object.fromEntries(
    api.operations.map((operation) => [
      operation.id,
      Object.fromEntries(
        Object.entries(operation.responses).map(([status, response]) => [
          status,
          {
            headers: response.headers.map(({ schema, ...header }) => ({ ...header, ...(schema && { validate: validatorFor(nameOf, schema) }) })),
            ...(response.content && {
              content: Object.fromEntries(response.content.map(({ mediaType, schema, examples }) => [mediaType, { ...(schema && { validate: validatorFor(nameOf, schema) }), examples }])),
            }),
          },
        ]),
      ),
    ]),
  );
  return `${noCheck}import type { ResponseRegistry } from "../src/registry/types.js";\n${runtimeImports(code)}\n${code}\n\nexport const responses: ResponseRegistry = ${literal(responses)};\n`;
}

/** generated/<api>.schemas.ts: the schemas of each operation's parameters, bodies and answers as data. */
export function schemasModule(name, document) {
  const api = describeApi(name, document);
  const schemaOf = (pointer) => (pointer === undefined ? undefined : dereferenced(document, pointer));
  const schemas = Object.fromEntries(
    api.operations.map((operation) => [
      operation.id,
      {
        parameters: Object.fromEntries(operation.parameters.filter((parameter) => parameter.schema).map((parameter) => [`${parameter.in}.${parameter.name}`, schemaOf(parameter.schema)])),
        body: Object.fromEntries((operation.body?.content ?? []).filter((media) => media.schema).map((media) => [media.mediaType, schemaOf(media.schema)])),
        responses: Object.fromEntries(
          Object.entries(operation.responses).map(([status, response]) => [
            status,
            Object.fromEntries((response.content ?? []).filter((media) => media.schema).map((media) => [media.mediaType, schemaOf(media.schema)])),
          ]),
        ),
      },
    ]),
  );
  return `import type { SchemaRegistry } from "../src/registry/types.js";\n\nexport const schemas: SchemaRegistry = ${JSON.stringify(schemas, null, 2)};\n`;
}

/** A module exporting the validator of one JSON Schema document (a configuration file's schema). */
export function validatorModule(schema, exportName) {
  const { code, nameOf } = compileValidators(schema, ["#"]);
  return `${noCheck}import type { Validator } from "../src/registry/types.js";\n${runtimeImports(code)}\n${code}\n\nexport const ${exportName}: Validator = ${nameOf("#")};\n`;
}

const identifierOf = (name) => name.replace(/-(\w)/g, (_whole, letter) => letter.toUpperCase());

/** generated/apis.ts: every API with its registry, responses, bundled document and workflows. */
export function apisModule(apis) {
  const imports = apis.flatMap(({ name }) => [
    `import { registry as ${identifierOf(name)} } from "./${name}.registry.js";`,
    `import { responses as ${identifierOf(name)}Responses } from "./${name}.responses.js";`,
    `import { schemas as ${identifierOf(name)}Schemas } from "./${name}.schemas.js";`,
  ]);
  const entries = apis.map(
    ({ name, root, workflows }) =>
      `  {\n    ...${identifierOf(name)},\n    name: ${JSON.stringify(name)},\n    responses: ${identifierOf(name)}Responses,\n    schemas: ${identifierOf(name)}Schemas,\n    descriptionPath: ${JSON.stringify(root)},\n    documentPath: "generated/${name}.openapi.json",\n    workflows: ${JSON.stringify(workflows)},\n  },`,
  );
  return [
    `import type { ApiRegistry, ResponseRegistry, SchemaRegistry } from "../src/registry/types.js";`,
    ...imports,
    "",
    `export type ApiName = ${apis.map(({ name }) => JSON.stringify(name)).join(" | ")};`,
    "",
    "export interface ApiEntry extends ApiRegistry {",
    "  readonly name: ApiName;",
    "  readonly responses: ResponseRegistry;",
    "  readonly schemas: SchemaRegistry;",
    "  /** The hand-written description's root document, relative to the package root. */",
    "  readonly descriptionPath: string;",
    "  /** The bundled description, relative to the package root. */",
    "  readonly documentPath: string;",
    "  /** The Arazzo workflows over this API, as redocly.yaml names them. */",
    "  readonly workflows: readonly { readonly name: string; readonly path: string }[];",
    "}",
    "",
    "/** The APIs of this package, in the order redocly.yaml lists them. */",
    "export const apis: readonly ApiEntry[] = [",
    ...entries,
    "];",
    "",
  ].join("\n");
}
