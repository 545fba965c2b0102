// The sandbox's reading of one bundled description (`generated/<api>.openapi.json`): which
// operation a request is for, whether the request keeps the description's rules, and whether
// the answer the sandbox is about to send is one the description documents.
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { serverBasePaths } from "../scripts/mock/request-fixes.mjs";
import { decodeParameter, type ParameterObject, resolvePointer, schemaIssues, schemaValidators } from "../src/openapi-document.js";
import type { SandboxRequest, SandboxResponse } from "./http-types.js";

export type ApiName = "user-center" | "gini-api" | "innodata";

interface MediaTypeObject {
  schema?: unknown;
}

interface ResponseObject {
  headers?: Record<string, { required?: boolean; schema?: unknown }>;
  content?: Record<string, MediaTypeObject>;
}

interface OperationObject {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: unknown[];
  requestBody?: { required?: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, unknown>;
}

/** An operation of the description together with where it sits in the document. */
export interface Operation {
  readonly id: string;
  readonly pointer: readonly string[];
  readonly object: OperationObject;
  /** Security requirements; an empty list or one `{}` requirement means no authentication. */
  readonly security: readonly Record<string, string[]>[];
  readonly responseStatuses: readonly string[];
}

/** One way a request breaks the description, named by where and by which rule (never by value). */
export interface RequestProblem {
  readonly location: "path" | "query" | "header" | "body";
  readonly field: string;
  readonly rule: string;
}

export type RouteMatch =
  | { readonly kind: "operation"; readonly operation: Operation; readonly pathParameters: Record<string, string> }
  | { readonly kind: "no-path" }
  | { readonly kind: "no-method"; readonly allowed: readonly string[] };

const methods = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`. */
export const essenceOf = (contentType: string | undefined) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();

export const isJsonMediaType = (mediaType: string) => mediaType === "application/json" || mediaType.endsWith("+json");

function mediaTypeMatches(declared: string, actual: string) {
  if (declared === "*/*" || declared === actual) return true;
  return declared.endsWith("/*") && actual.startsWith(declared.slice(0, -1));
}

/** The declared media type that an actual one falls under, the most specific first. */
export function declaredMediaType(declared: readonly string[], actual: string): string | undefined {
  return declared.find((candidate) => candidate === actual) ?? declared.find((candidate) => mediaTypeMatches(candidate, actual));
}

function problemsFrom(location: RequestProblem["location"], root: string, errors: readonly ErrorObject[] | null | undefined): RequestProblem[] {
  return schemaIssues(root, errors).map(({ field, rule }) => ({ location, field, rule }));
}

/** A malformed escape (`%E0`) stays as sent; the parameter's schema then rejects it. */
function decodeSegment(segment: string) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function pathTemplatePattern(template: string) {
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{([^}]+)\\?\}/g, (_whole, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { pattern: new RegExp(`^${source}$`), names };
}

export class OpenApiContract {
  readonly document: Record<string, unknown>;
  private readonly validatorAt: (pointer: readonly string[]) => ValidateFunction;
  private readonly routes: { pattern: RegExp; names: string[]; template: string; literalSegments: number }[];

  constructor(document: Record<string, unknown>) {
    this.document = document;
    this.validatorAt = schemaValidators(document);
    const paths = Object.keys((document.paths ?? {}) as object);
    // A literal segment beats a template segment (`/users/me` before `/users/{id}`).
    this.routes = paths
      .map((template) => ({ ...pathTemplatePattern(template), template, literalSegments: template.split("/").filter((s) => s && !s.startsWith("{")).length }))
      .sort((a, b) => b.literalSegments - a.literalSegments);
  }

  static load(apiName: ApiName): OpenApiContract {
    const url = new URL(`../generated/${apiName}.openapi.json`, import.meta.url);
    return new OpenApiContract(JSON.parse(readFileSync(url, "utf8")) as Record<string, unknown>);
  }

  /** Follows a local `$ref` (responses, parameters and headers are referenced by the bundle). */
  private resolve<T>(pointer: readonly string[]) {
    return resolvePointer<T>(this.document, pointer);
  }

  private validate(pointer: readonly string[], value: unknown) {
    const validator = this.validatorAt(pointer);
    return validator(value) ? [] : (validator.errors ?? []);
  }

  match(method: string, path: string): RouteMatch {
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      const pathItem = (this.document.paths as Record<string, Record<string, unknown>>)[route.template]!;
      const allowed = methods.filter((candidate) => candidate in pathItem);
      const lower = method.toLowerCase();
      if (!allowed.includes(lower as (typeof methods)[number])) return { kind: "no-method", allowed: allowed.map((m) => m.toUpperCase()) };
      const pathParameters = Object.fromEntries(route.names.map((name, index) => [name, decodeSegment(found[index + 1]!)]));
      const pointer = ["paths", route.template, lower];
      const object = pathItem[lower] as OperationObject;
      const security = object.security ?? (this.document.security as Record<string, string[]>[] | undefined) ?? [];
      return {
        kind: "operation",
        pathParameters,
        operation: { id: object.operationId, pointer, object, security, responseStatuses: Object.keys(object.responses) },
      };
    }
    return { kind: "no-path" };
  }

  /** Path-level parameters first, then the operation's (which may override them). */
  private parametersOf(operation: Operation) {
    const pathItemPointer = operation.pointer.slice(0, -1);
    const collect = (owner: readonly string[]) => {
      const list = this.resolve<unknown[]>([...owner, "parameters"])?.value ?? [];
      return list.map((_entry, index) => this.resolve<ParameterObject>([...owner, "parameters", String(index)])!);
    };
    const byKey = new Map<string, { value: ParameterObject; pointer: string[] }>();
    for (const parameter of [...collect(pathItemPointer), ...collect(operation.pointer)]) {
      byKey.set(`${parameter.value.in}:${parameter.value.name.toLowerCase()}`, parameter);
    }
    return [...byKey.values()];
  }

  /** Every rule of the operation's parameters and body that the request breaks. */
  async checkRequest(operation: Operation, request: SandboxRequest, pathParameters: Record<string, string>): Promise<RequestProblem[]> {
    const problems: RequestProblem[] = [];
    for (const { value: parameter, pointer } of this.parametersOf(operation)) {
      if (parameter.in === "cookie") continue;
      const raw =
        parameter.in === "path"
          ? pathParameters[parameter.name]
          : parameter.in === "query"
            ? (request.url.searchParams.get(parameter.name) ?? undefined)
            : request.header(parameter.name);
      const location = parameter.in;
      if (raw === undefined) {
        if (parameter.required) problems.push({ location, field: parameter.name, rule: "required" });
        continue;
      }
      problems.push(...problemsFrom(location, parameter.name, this.validate([...pointer, "schema"], decodeParameter(raw, parameter.schema))));
    }
    problems.push(...(await this.checkRequestBody(operation, request)));
    return problems;
  }

  private async checkRequestBody(operation: Operation, request: SandboxRequest): Promise<RequestProblem[]> {
    const requestBody = operation.object.requestBody;
    if (!requestBody) return [];
    if (request.body.length === 0) return requestBody.required ? [{ location: "body", field: "", rule: "required" }] : [];
    const mediaType = declaredMediaType(Object.keys(requestBody.content), essenceOf(request.header("content-type")));
    if (!mediaType) return [{ location: "body", field: "", rule: "mediaType" }];
    const schemaPointer = [...operation.pointer, "requestBody", "content", mediaType, "schema"];
    if (!requestBody.content[mediaType]?.schema) return [];
    const parsed = await request.parsedBody();
    if (parsed === undefined) return [{ location: "body", field: "", rule: "syntax" }];
    return problemsFrom("body", "", this.validate(schemaPointer, parsed));
  }

  /** Every way the response departs from what the description documents for the operation. */
  checkResponse(operation: Operation, response: SandboxResponse): string[] {
    const status = String(response.status);
    const key = [status, `${status[0]}XX`, "default"].find((candidate) => candidate in operation.object.responses);
    if (!key) return [`status ${status} is not documented`];
    const responsePointer = [...operation.pointer, "responses", key];
    const documented = this.resolve<ResponseObject>(responsePointer)!;
    const violations: string[] = [];
    for (const [name, header] of Object.entries(documented.value.headers ?? {})) {
      const headerPointer = this.resolve<{ required?: boolean }>([...documented.pointer, "headers", name])!;
      const value = response.headers[name.toLowerCase()];
      if (value === undefined) {
        if (headerPointer.value.required ?? header.required) violations.push(`header ${name} is required`);
        continue;
      }
      for (const error of this.validate([...headerPointer.pointer, "schema"], value)) violations.push(`header ${name} ${error.message}`);
    }
    const content = documented.value.content;
    const contentType = essenceOf(response.headers["content-type"]);
    if (!content) {
      if (response.body !== undefined) violations.push(`status ${status} documents no body`);
      return violations;
    }
    const mediaType = declaredMediaType(Object.keys(content), contentType);
    if (!mediaType) return [...violations, `content type "${contentType}" is not documented for status ${status}`];
    if (content[mediaType]?.schema === undefined) return violations;
    const errors = this.validate([...documented.pointer, "content", mediaType, "schema"], response.body);
    return [...violations, ...errors.map((error) => `body${error.instancePath} ${error.message}`)];
  }

  /** The paths of the server URLs (Innodata's `/v1.1`, `/v1`), longest first. */
  serverBasePaths(): string[] {
    return serverBasePaths(this.document);
  }

  /** A documented example value, e.g. the extractions a completed document answers with. */
  example(pointer: readonly string[]): unknown {
    return this.resolve<{ value?: unknown }>(pointer)?.value.value;
  }
}
