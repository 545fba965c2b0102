// What the contract engine reads about the APIs: the operations of the compiled registry, the
// check of an answer against what they document (its precompiled validators), and, for deriving
// rule-breaking requests, the schemas of parameters and bodies from the bundled description
// (the registry keeps validators, not schemas). The only module that knows where these live.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ApiName, apis } from "../../generated/apis.js";
import { ApiContract } from "../registry/api-contract.js";
import { packageRoot } from "./package-files.js";

export type { ApiName };
export const apiNames: readonly ApiName[] = apis.map(({ name }) => name);

export interface SchemaObject {
  type?: string | string[];
  format?: string;
  maxLength?: number;
  enum?: unknown[];
  const?: unknown;
  required?: string[];
  properties?: Record<string, SchemaObject>;
  $ref?: string;
}

export interface ParameterDescription {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required: boolean;
  readonly schema: SchemaObject;
}

export interface OperationDescription {
  readonly api: ApiName;
  readonly operationId: string;
  readonly method: string;
  readonly pathTemplate: string;
  /** Whether the operation needs credentials. */
  readonly secured: boolean;
  readonly parameters: readonly ParameterDescription[];
  /** The schema of each request media type (with its `$ref`s and its properties' followed). */
  readonly requestBodies: Readonly<Record<string, SchemaObject | undefined>>;
  /** A documented answer has a token, key, secret or password field: all its strings are secrets. */
  readonly handsOutCredentials: boolean;
}

export interface ApiDescription {
  readonly name: ApiName;
  /** The server URL's path that a server given without it needs (Innodata's `/v1.1`), or `""`. */
  readonly basePath: string;
  readonly operations: readonly OperationDescription[];
  operation(operationId: string): OperationDescription;
  /** Every way an answer departs from what `operationId` documents (status, headers, body), or `[]`. */
  responseProblems(operationId: string, response: { status: number; headers: Record<string, string>; body: unknown }): string[];
  /** The operation that `method` and a path below the server's base path are for. */
  operationFor(method: string, path: string): OperationDescription | undefined;
}

const credentialField = /token|key|secret|password/i;

type JsonObject = Record<string, unknown>;

function loadApi(name: ApiName): ApiDescription {
  const contract = ApiContract.of(name);
  const document = JSON.parse(readFileSync(join(packageRoot(), contract.api.documentPath), "utf8")) as JsonObject;
  const resolve = (value: unknown): unknown => {
    const ref = (value as { $ref?: unknown } | undefined)?.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/")) return value;
    const target = ref.slice(2).split("/").reduce<unknown>((node, segment) => (node as JsonObject | undefined)?.[segment.replaceAll("~1", "/").replaceAll("~0", "~")], document);
    return resolve(target);
  };
  const schemaOf = (schema: unknown): SchemaObject => {
    const resolved = (resolve(schema) ?? {}) as SchemaObject;
    if (!resolved.properties) return resolved;
    return { ...resolved, properties: Object.fromEntries(Object.entries(resolved.properties).map(([key, value]) => [key, resolve(value) as SchemaObject])) };
  };
  /** Whether a schema, or one it refers to at any depth, has a property named like a credential. */
  const hasCredentialField = (node: unknown, seen = new Set<unknown>()): boolean => {
    const value = resolve(node);
    if (!value || typeof value !== "object" || seen.has(value)) return false;
    seen.add(value);
    const { properties } = value as { properties?: JsonObject };
    if (properties && Object.keys(properties).some((key) => credentialField.test(key))) return true;
    return Object.values(value).some((child) => hasCredentialField(child, seen));
  };
  const pathItems = document.paths as Record<string, JsonObject>;
  const operations = contract.api.operations.map((entry): OperationDescription => {
    const pathItem = pathItems[entry.path]!;
    const object = resolve(pathItem[entry.method.toLowerCase()]) as JsonObject;
    const declared = [...((pathItem.parameters ?? []) as unknown[]), ...((object.parameters ?? []) as unknown[])].map((parameter) => resolve(parameter) as { name: string; in: string; schema?: unknown });
    const schemaOfParameter = (parameterName: string, location: string) => declared.filter((parameter) => parameter.name === parameterName && parameter.in === location).pop()?.schema;
    const content = ((resolve(object.requestBody) as { content?: Record<string, { schema?: unknown }> } | undefined)?.content ?? {}) as Record<string, { schema?: unknown }>;
    return {
      api: name,
      operationId: entry.id,
      method: entry.method,
      pathTemplate: entry.path,
      secured: entry.security.some((requirement) => Object.keys(requirement).length > 0),
      parameters: entry.parameters.map((parameter) => ({ name: parameter.name, in: parameter.in, required: parameter.required, schema: schemaOf(schemaOfParameter(parameter.name, parameter.in)) })),
      requestBodies: Object.fromEntries(Object.entries(content).map(([mediaType, { schema }]) => [mediaType, schema === undefined ? undefined : schemaOf(schema)])),
      handsOutCredentials: hasCredentialField(object.responses),
    };
  });
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
  const registryOperation = (operationId: string) => {
    const match = contract.match(byId.get(operationId)!.method, byId.get(operationId)!.pathTemplate);
    if (match.kind !== "operation") throw new Error(`${name} has no route for ${operationId}`);
    return match.operation;
  };
  return {
    name,
    // Longest first: Innodata's `/v1.1`, the default version of its server URL.
    basePath: contract.basePaths[0] ?? "",
    operations,
    operation: (operationId) => {
      const found = byId.get(operationId);
      if (!found) throw new Error(`${name} has no operation ${operationId}`);
      return found;
    },
    responseProblems: (operationId, response) => contract.checkResponse(registryOperation(operationId), response),
    operationFor: (method, path) => {
      const match = contract.match(method, path);
      return match.kind === "operation" ? byId.get(match.operation.id) : undefined;
    },
  };
}

const loaded = new Map<ApiName, ApiDescription>();

export function apiDescription(name: ApiName): ApiDescription {
  let api = loaded.get(name);
  if (!api) loaded.set(name, (api = loadApi(name)));
  return api;
}
