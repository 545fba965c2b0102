// What the contract engine reads about the APIs, all from the compiled registry: the operations,
// the check of an answer against what they document (its precompiled validators), and, for
// deriving rule-breaking requests, the schemas of parameters and bodies as data.
import { type ApiName, apis } from "../../generated/apis.js";
import { ApiContract } from "../registry/api-contract.js";

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
  additionalProperties?: SchemaObject | boolean;
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
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
  /** The schema of each request media type, `$ref`s inlined; `undefined` for files. */
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

/** Whether a schema has, at any depth, a property named like a credential. */
function hasCredentialField(schema: unknown): boolean {
  if (!schema || typeof schema !== "object") return false;
  const { properties } = schema as { properties?: Record<string, unknown> };
  if (properties && Object.keys(properties).some((name) => credentialField.test(name))) return true;
  return Object.values(schema).some(hasCredentialField);
}

function loadApi(name: ApiName): ApiDescription {
  const contract = ApiContract.of(name);
  const operations = contract.api.operations.map((entry): OperationDescription => {
    const schemas = contract.api.schemas[entry.id];
    return {
      api: name,
      operationId: entry.id,
      method: entry.method,
      pathTemplate: entry.path,
      secured: entry.security.some((requirement) => Object.keys(requirement).length > 0),
      parameters: entry.parameters.map((parameter) => ({ ...parameter, schema: (schemas?.parameters[`${parameter.in}.${parameter.name}`] ?? {}) as SchemaObject })),
      requestBodies: Object.fromEntries(Object.keys(entry.body?.content ?? {}).map((mediaType) => [mediaType, schemas?.body[mediaType] as SchemaObject | undefined])),
      handsOutCredentials: hasCredentialField(schemas?.responses),
    };
  });
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
  const registryOperation = (operationId: string) => {
    const { method, pathTemplate } = byId.get(operationId)!;
    const match = contract.match(method, pathTemplate);
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
