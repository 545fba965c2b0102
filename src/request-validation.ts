import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Middleware } from "openapi-fetch";

/** One way in which a request breaks its description: where, and which schema rule. */
export interface RequestValidationIssue {
  /** `body.password`, `query.grant_type`, `path.userId`, `header.X-User-Identifier`. */
  readonly field: string;
  /** The JSON Schema keyword that failed, e.g. `minLength`, `format`, `required`. */
  readonly rule: string;
  readonly message: string;
}

/**
 * A request that its API description already rejects, stopped before it is sent. The message
 * names fields and rules, never values: a value may be a password or a token.
 */
export class RequestValidationError extends Error {
  override readonly name = "RequestValidationError";
  constructor(
    readonly operation: string,
    readonly issues: readonly RequestValidationIssue[],
  ) {
    super(`${operation}: invalid request: ${issues.map((issue) => `${issue.field} ${issue.message} (${issue.rule})`).join("; ")}`);
  }
}

/** The bundled OpenAPI document (`generated/<api>.openapi.json`) whose rules requests must keep. */
export type OpenApiDocument = object;

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: { type?: unknown };
}

/** An object of the document together with its JSON pointer, after following a local `$ref`. */
interface Located<T> {
  value: T;
  pointer: string[];
}

const documentId = "openapi";
const formatsAjvFormatsLacks = ["int32", "int64", "float", "double", "byte", "binary", "password"];

function at<T>(document: object, pointer: string[]): Located<T> | undefined {
  let value: unknown = document;
  for (const segment of pointer) value = (value as Record<string, unknown> | undefined)?.[segment];
  if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string" && value.$ref.startsWith("#/")) {
    const target = value.$ref.slice(2).split("/").map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
    return at<T>(document, target);
  }
  return value === undefined ? undefined : { value: value as T, pointer };
}

const encodePointer = (pointer: string[]) => pointer.map((segment) => segment.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/** Query, path and header values travel as strings; the schemas speak of their decoded type. */
function decodeParameter(value: string, schema: Parameter["schema"]): unknown {
  const type = schema?.type;
  if ((type === "integer" || type === "number") && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

/** JSON and form bodies are validated; files (PDF, images, …) are the server's to judge. */
const isStructured = (mediaType: string) => mediaType === "application/x-www-form-urlencoded" || /[/+]json$/.test(mediaType);

function parseBody(text: string, mediaType: string): unknown {
  if (mediaType === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toIssues(location: string, errors: readonly ErrorObject[] | null | undefined): RequestValidationIssue[] {
  // Combinators only say "no branch matched"; the branches' own errors name the fields.
  return (errors ?? [])
    .filter((error) => !["anyOf", "oneOf", "allOf", "if", "not", "false schema"].includes(error.keyword) || errors?.length === 1)
    .map((error) => {
      const path = error.instancePath.split("/").slice(1).map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
      if (error.keyword === "required") path.push(String(error.params.missingProperty));
      return {
        field: [location, ...path].join("."),
        rule: error.keyword,
        message: error.keyword === "required" ? "is required" : (error.message ?? "is invalid"),
      };
    })
    .filter((issue, index, issues) => issues.findIndex((other) => other.field === issue.field && other.rule === issue.rule) === index);
}

/** What to check for one operation, worked out from the document on its first request. */
interface OperationChecks {
  readonly name: string;
  readonly parameters: readonly {
    readonly name: string;
    readonly location: Parameter["in"];
    readonly field: string;
    readonly required: boolean;
    readonly schema: Parameter["schema"];
    readonly validate: ValidateFunction | undefined;
  }[];
  readonly readsQuery: boolean;
  readonly bodyRequired: boolean;
  /** The validator of each JSON or form media type the operation takes, compiled when first used. */
  readonly bodyValidator: (mediaType: string) => ValidateFunction | undefined;
}

/**
 * An `openapi-fetch` middleware that checks each request's path, query and header parameters
 * and its JSON or form body against the operation in the bundled description, and throws a
 * `RequestValidationError` before anything is sent when they break a rule.
 */
export function requestValidation(document: OpenApiDocument): Middleware {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats.default(ajv);
  for (const format of formatsAjvFormatsLacks) ajv.addFormat(format, true);
  ajv.addSchema(document, documentId);
  const compile = (pointer: string[]) => ajv.compile({ $ref: `${documentId}#/${encodePointer(pointer)}` });

  function checksFor(schemaPath: string, method: string): OperationChecks | undefined {
    const operationPointer = ["paths", schemaPath, method];
    const operation = at<{ operationId?: string }>(document, operationPointer);
    if (!operation) return undefined;
    const parameters = [["paths", schemaPath, "parameters"], [...operationPointer, "parameters"]]
      .flatMap((listPointer) => (at<unknown[]>(document, listPointer)?.value ?? []).map((_, index) => at<Parameter>(document, [...listPointer, String(index)])))
      .filter((parameter) => parameter !== undefined && parameter.value.in !== "cookie")
      .map((parameter) => {
        const { name, in: location, required = false, schema } = parameter!.value;
        return { name, location, field: `${location}.${name}`, required, schema, validate: schema ? compile([...parameter!.pointer, "schema"]) : undefined };
      });
    const requestBody = at<{ required?: boolean; content?: Record<string, { schema?: unknown }> }>(document, [...operationPointer, "requestBody"]);
    const bodyValidators = new Map<string, ValidateFunction>();
    return {
      name: operation.value.operationId ?? `${method.toUpperCase()} ${schemaPath}`,
      parameters,
      readsQuery: parameters.some((parameter) => parameter.location === "query"),
      bodyRequired: requestBody?.value.required ?? false,
      bodyValidator(mediaType) {
        if (!requestBody?.value.content?.[mediaType]?.schema || !isStructured(mediaType)) return undefined;
        if (!bodyValidators.has(mediaType)) bodyValidators.set(mediaType, compile([...requestBody.pointer, "content", mediaType, "schema"]));
        return bodyValidators.get(mediaType);
      },
    };
  }
  const checksByOperation = new Map<string, OperationChecks | undefined>();

  return {
    async onRequest({ request, schemaPath, params }) {
      const key = `${request.method} ${schemaPath}`;
      if (!checksByOperation.has(key)) checksByOperation.set(key, checksFor(schemaPath, request.method.toLowerCase()));
      const checks = checksByOperation.get(key);
      if (!checks) return undefined;
      const query = checks.readsQuery ? new URL(request.url).searchParams : undefined;
      const issues: RequestValidationIssue[] = [];

      for (const { name, location, field, required, schema, validate } of checks.parameters) {
        const raw = location === "path" ? params.path?.[name] : location === "query" ? query?.get(name) : request.headers.get(name);
        if (raw === undefined || raw === null) {
          if (required) issues.push({ field, rule: "required", message: "is required" });
        } else if (validate && !validate(typeof raw === "string" ? decodeParameter(raw, schema) : raw)) {
          issues.push(...toIssues(field, validate.errors).map((issue) => ({ ...issue, field })));
        }
      }

      const mediaType = request.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase() ?? "";
      const validateBody = request.body ? checks.bodyValidator(mediaType) : undefined;
      if (!request.body && checks.bodyRequired) {
        issues.push({ field: "body", rule: "required", message: "is required" });
      } else if (validateBody) {
        const body = parseBody(await request.clone().text(), mediaType);
        if (body === undefined) issues.push({ field: "body", rule: "type", message: `is not valid ${mediaType}` });
        else if (!validateBody(body)) issues.push(...toIssues("body", validateBody.errors));
      }

      if (issues.length > 0) throw new RequestValidationError(checks.name, issues);
      return undefined;
    },
  };
}
