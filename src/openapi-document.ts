// Reading a bundled OpenAPI document (`generated/<api>.openapi.json`) for validation: shared by
// the clients' request validation and the sandbox's contract checks.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** The bundled OpenAPI document whose rules requests and answers must keep. */
export type OpenApiDocument = object;

export interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: { type?: unknown };
}

/** A field of a value that breaks a schema, and the rule it breaks (never the value itself). */
export interface SchemaIssue {
  /** `root` followed by the path into the value, e.g. `body.password`. */
  readonly field: string;
  /** The JSON Schema keyword that failed, e.g. `minLength`, `format`, `required`. */
  readonly rule: string;
  readonly message: string;
}

const documentId = "openapi";
const formatsAjvFormatsLacks = ["int32", "int64", "float", "double", "byte", "binary", "password"];
const combinatorKeywords = new Set(["anyOf", "oneOf", "allOf", "not", "if", "false schema"]);

export const decodePointerSegment = (segment: string) => segment.replaceAll("~1", "/").replaceAll("~0", "~");
const encodePointer = (pointer: readonly string[]) => pointer.map((segment) => segment.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/** The object at `pointer`, with the pointer it really sits at after following a local `$ref`. */
export function resolvePointer<T>(document: OpenApiDocument, pointer: readonly string[]): { value: T; pointer: string[] } | undefined {
  let value: unknown = document;
  for (const segment of pointer) value = (value as Record<string, unknown> | undefined)?.[segment];
  if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string" && value.$ref.startsWith("#/")) {
    return resolvePointer<T>(document, value.$ref.slice(2).split("/").map(decodePointerSegment));
  }
  return value === undefined ? undefined : { value: value as T, pointer: [...pointer] };
}

/** A validator for the schema at each pointer of `document`, compiled on first use. */
export function schemaValidators(document: OpenApiDocument): (pointer: readonly string[]) => ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats.default(ajv);
  for (const format of formatsAjvFormatsLacks) ajv.addFormat(format, true);
  ajv.addSchema(document, documentId);
  const validators = new Map<string, ValidateFunction>();
  return (pointer) => {
    const key = encodePointer(pointer);
    let validator = validators.get(key);
    if (!validator) {
      validator = ajv.compile({ $ref: `${documentId}#/${key}` });
      validators.set(key, validator);
    }
    return validator;
  };
}

/** Query, path and header values travel as text; the schemas speak of their decoded types. */
export function decodeParameter(value: string, schema: ParameterObject["schema"]): unknown {
  const type = schema?.type;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

/** The fields and rules behind a validator's errors, each pair once. */
export function schemaIssues(root: string, errors: readonly ErrorObject[] | null | undefined): SchemaIssue[] {
  const all = errors ?? [];
  // A combinator only says that no branch matched; the branches' own errors name the fields.
  const specific = all.filter((error) => !combinatorKeywords.has(error.keyword));
  return (specific.length > 0 ? specific : all)
    .map((error) => {
      const path = error.instancePath.split("/").slice(1).map(decodePointerSegment);
      if (error.keyword === "required") path.push(String(error.params.missingProperty));
      return {
        field: [root, ...path].filter(Boolean).join("."),
        rule: error.keyword,
        message: error.keyword === "required" ? "is required" : (error.message ?? "is invalid"),
      };
    })
    .filter((issue, index, issues) => issues.findIndex((other) => other.field === issue.field && other.rule === issue.rule) === index);
}
