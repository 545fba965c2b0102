import type { ValidateFunction } from "ajv/dist/2020.js";
import type { Middleware } from "openapi-fetch";
import { decodeParameter, type OpenApiDocument, type ParameterObject, resolvePointer, type SchemaIssue, schemaIssues, schemaValidators } from "./openapi-document.js";

/** One way in which a request breaks its description: where (`body.password`, `query.grant_type`, `path.userId`, `header.X-User-Identifier`) and which schema rule. */
export type RequestValidationIssue = SchemaIssue;
export type { OpenApiDocument } from "./openapi-document.js";

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

/** What to check for one operation, worked out from the document on its first request. */
interface OperationChecks {
  readonly name: string;
  readonly parameters: readonly {
    readonly name: string;
    readonly location: ParameterObject["in"];
    readonly field: string;
    readonly required: boolean;
    readonly schema: ParameterObject["schema"];
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
  const compile = schemaValidators(document);

  function checksFor(schemaPath: string, method: string): OperationChecks | undefined {
    const operationPointer = ["paths", schemaPath, method];
    const operation = resolvePointer<{ operationId?: string }>(document, operationPointer);
    if (!operation) return undefined;
    const parameters = [["paths", schemaPath, "parameters"], [...operationPointer, "parameters"]]
      .flatMap((listPointer) => (resolvePointer<unknown[]>(document, listPointer)?.value ?? []).map((_, index) => resolvePointer<ParameterObject>(document, [...listPointer, String(index)])))
      .filter((parameter) => parameter !== undefined && parameter.value.in !== "cookie")
      .map((parameter) => {
        const { name, in: location, required = false, schema } = parameter!.value;
        return { name, location, field: `${location}.${name}`, required, schema, validate: schema ? compile([...parameter!.pointer, "schema"]) : undefined };
      });
    const requestBody = resolvePointer<{ required?: boolean; content?: Record<string, { schema?: unknown }> }>(document, [...operationPointer, "requestBody"]);
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
          issues.push(...schemaIssues(field, validate.errors).map((issue) => ({ ...issue, field })));
        }
      }

      const mediaType = request.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase() ?? "";
      const validateBody = request.body ? checks.bodyValidator(mediaType) : undefined;
      if (!request.body && checks.bodyRequired) {
        issues.push({ field: "body", rule: "required", message: "is required" });
      } else if (validateBody) {
        const body = parseBody(await request.clone().text(), mediaType);
        if (body === undefined) issues.push({ field: "body", rule: "type", message: `is not valid ${mediaType}` });
        else if (!validateBody(body)) issues.push(...schemaIssues("body", validateBody.errors));
      }

      if (issues.length > 0) throw new RequestValidationError(checks.name, issues);
      return undefined;
    },
  };
}
