// The compiled registry read as a server or a tester reads it: which operation a request is for,
// whether the request keeps the description's rules, and whether an answer is one the
// description documents. Used by the sandbox, the mock and the contract suite; not by the
// clients, which import only their own API's request validators.
import { type ApiEntry, type ApiName, apis } from "../../generated/apis.js";
import { GiniOpenApiError } from "../errors.js";
import { essenceOf, isJsonMediaType } from "../media-types.js";
import { decodeParameter } from "./decode-parameter.js";
import { schemaIssues } from "./schema-issues.js";
import type { OperationEntry, ResponseEntry, Validator } from "./types.js";

/** An operation of the registry, with the statuses it documents. */
export interface Operation extends OperationEntry {
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

/** A request as received: header access by name, and its body once read. */
export interface ReceivedRequest {
  readonly query: URLSearchParams;
  header(name: string): string | undefined;
  /** The number of body bytes (0 for none). */
  readonly bodyLength: number;
  /** The body as JSON, a form as an object; `undefined` when it does not parse. */
  parsedBody(): Promise<unknown> | unknown;
}

export interface ReceivedResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON value, or `undefined` for an empty body. */
  readonly body?: unknown;
}

// Re-exported for the sandbox, which reads requests with the same rules.
export { essenceOf, isJsonMediaType };

function mediaTypeMatches(declared: string, actual: string) {
  if (declared === "*/*" || declared === actual) return true;
  return declared.endsWith("/*") && actual.startsWith(declared.slice(0, -1));
}

/** The declared media type that an actual one falls under, the most specific first. */
function declaredMediaType(declared: readonly string[], actual: string): string | undefined {
  return declared.find((candidate) => candidate === actual) ?? declared.find((candidate) => mediaTypeMatches(candidate, actual));
}

/** A malformed escape (`%E0`) stays as sent; the parameter's schema then rejects it. */
function decodeSegment(segment: string) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

interface Route {
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly operations: ReadonlyMap<string, Operation>;
}

function routesOf(api: ApiEntry): Route[] {
  const byPath = new Map<string, Operation[]>();
  for (const entry of api.operations) {
    const operation: Operation = { ...entry, responseStatuses: Object.keys(api.responses[entry.id] ?? {}) };
    byPath.set(entry.path, [...(byPath.get(entry.path) ?? []), operation]);
  }
  const literalSegments = (template: string) => template.split("/").filter((segment) => segment && !segment.startsWith("{")).length;
  // A literal segment beats a template segment (`/users/me` before `/users/{id}`).
  return [...byPath.entries()]
    .sort(([a], [b]) => literalSegments(b) - literalSegments(a))
    .map(([template, operations]) => {
      const names: string[] = [];
      const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_whole, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      return { pattern: new RegExp(`^${source}$`), names, operations: new Map(operations.map((operation) => [operation.method, operation])) };
    });
}

export class ApiContract {
  private static readonly byName = new Map<ApiName, ApiContract>();
  private readonly routes: readonly Route[];

  constructor(readonly api: ApiEntry) {
    this.routes = routesOf(api);
  }

  /** The contract of one API of this package, built once. */
  static of(name: ApiName): ApiContract {
    let contract = ApiContract.byName.get(name);
    if (!contract) {
      const api = apis.find((candidate) => candidate.name === name);
      if (!api) throw new GiniOpenApiError("INVALID_OPTION", `no API named ${name}`);
      contract = new ApiContract(api);
      ApiContract.byName.set(name, contract);
    }
    return contract;
  }

  /** The paths of the server URLs (Innodata's `/v1.1`, `/v1`), longest first. */
  get basePaths(): readonly string[] {
    return this.api.basePaths;
  }

  /** `path` without the server base path it starts with, if any. */
  withoutBasePath(path: string): string {
    const base = this.api.basePaths.find((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    return base ? path.slice(base.length) || "/" : path;
  }

  match(method: string, path: string): RouteMatch {
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      const operation = route.operations.get(method.toUpperCase());
      if (!operation) return { kind: "no-method", allowed: [...route.operations.keys()] };
      const pathParameters = Object.fromEntries(route.names.map((name, index) => [name, decodeSegment(found[index + 1]!)]));
      return { kind: "operation", operation, pathParameters };
    }
    return { kind: "no-path" };
  }

  /**
   * Every rule of the operation's parameters and body that the request breaks; a promise only
   * when the parsed body is one (a multipart form), so that a server checks the rest at once.
   */
  checkRequest(operation: Operation, request: ReceivedRequest, pathParameters: Readonly<Record<string, string>>): RequestProblem[] | Promise<RequestProblem[]> {
    const problems: RequestProblem[] = [];
    for (const parameter of operation.parameters) {
      const location = parameter.in;
      const raw = location === "path" ? pathParameters[parameter.name] : location === "query" ? (request.query.get(parameter.name) ?? undefined) : request.header(parameter.name);
      if (raw === undefined) {
        if (parameter.required) problems.push({ location, field: parameter.name, rule: "required" });
      } else if (parameter.validate && !parameter.validate(decodeParameter(raw, parameter.type))) {
        problems.push(...schemaIssues(parameter.name, parameter.validate.errors).map(({ rule }) => ({ location, field: parameter.name, rule })));
      }
    }
    const body = operation.body;
    if (!body) return problems;
    if (request.bodyLength === 0) return body.required ? [...problems, { location: "body", field: "", rule: "required" }] : problems;
    const mediaType = declaredMediaType(Object.keys(body.content), essenceOf(request.header("content-type")));
    if (!mediaType) return [...problems, { location: "body", field: "", rule: "mediaType" }];
    const validate = body.content[mediaType];
    if (!validate) return problems;
    const parsed = request.parsedBody();
    return parsed instanceof Promise ? parsed.then((body) => this.bodyProblems(validate, body, problems)) : this.bodyProblems(validate, parsed, problems);
  }

  private bodyProblems(validate: Validator, parsed: unknown, problems: RequestProblem[]): RequestProblem[] {
    if (parsed === undefined) return [...problems, { location: "body", field: "", rule: "syntax" }];
    if (validate(parsed)) return problems;
    return [...problems, ...schemaIssues("", validate.errors).map(({ field, rule }) => ({ location: "body" as const, field, rule }))];
  }

  private documented(operation: Operation, status: number): { key: string; response: ResponseEntry } | undefined {
    const responses = this.api.responses[operation.id] ?? {};
    const text = String(status);
    const key = [text, `${text[0]}XX`, "default"].find((candidate) => candidate in responses);
    return key === undefined ? undefined : { key, response: responses[key]! };
  }

  /** Every way the response departs from what the description documents for the operation. */
  checkResponse(operation: Operation, response: ReceivedResponse): string[] {
    const documented = this.documented(operation, response.status);
    if (!documented) return [`status ${response.status} is not documented`];
    const violations: string[] = [];
    for (const header of documented.response.headers) {
      const value = response.headers[header.name.toLowerCase()];
      if (value === undefined) {
        if (header.required) violations.push(`header ${header.name} is required`);
      } else if (header.validate && !header.validate(value)) {
        violations.push(...schemaIssues(`header ${header.name}`, header.validate.errors).map((issue) => `${issue.field} ${issue.message}`));
      }
    }
    const content = documented.response.content;
    if (!content) {
      if (response.body !== undefined) violations.push(`status ${response.status} documents no body`);
      return violations;
    }
    const contentType = essenceOf(response.headers["content-type"]);
    const mediaType = declaredMediaType(Object.keys(content), contentType);
    if (!mediaType) return [...violations, `content type "${contentType}" is not documented for status ${response.status}`];
    const validate = content[mediaType]!.validate;
    if (!validate || validate(response.body)) return violations;
    return [...violations, ...schemaIssues("body", validate.errors).map((issue) => `${issue.field} ${issue.message}`)];
  }

  /** A documented example of an answer, e.g. the extractions a completed document answers with. */
  example(operationId: string, status: string, mediaType: string, name: string): unknown {
    return this.api.responses[operationId]?.[status]?.content?.[mediaType]?.examples[name];
  }
}
