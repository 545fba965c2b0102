// What the contract engine reads from the API descriptions: the operations, their parameters,
// request media types and schemas, and the check of an answer against what is documented.
// The one place that knows where that comes from (today `OpenApiContract` over the bundled
// documents; the compiled registry once it is on main), so that switching is this file only.
import giniApiDocument from "../../generated/gini-api.openapi.json" with { type: "json" };
import innodataDocument from "../../generated/innodata.openapi.json" with { type: "json" };
import userCenterDocument from "../../generated/user-center.openapi.json" with { type: "json" };
import { OpenApiContract, type Operation } from "../../sandbox/openapi-contract.js";
import { resolvePointer } from "../openapi-document.js";

export const apiNames = ["user-center", "gini-api", "innodata"] as const;
export type ApiName = (typeof apiNames)[number];

export interface SchemaObject {
  type?: string | string[];
  format?: string;
  maxLength?: number;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, SchemaObject>;
  $ref?: string;
}

export interface ParameterDescription {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required: boolean;
  readonly schema: SchemaObject;
}

export interface OperationDescription {
  readonly api: ApiName;
  readonly operationId: string;
  readonly method: string;
  readonly pathTemplate: string;
  /** The security schemes of each alternative requirement; empty when no credentials are needed. */
  readonly security: readonly (readonly string[])[];
  readonly parameters: readonly ParameterDescription[];
  /** The schema of each request media type. */
  readonly requestBodies: Readonly<Record<string, SchemaObject | undefined>>;
  readonly responseStatuses: readonly string[];
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
  /** The operation of the API that `method` and a path below the server's base path are for. */
  operationFor(method: string, path: string): OperationDescription | undefined;
}

const credentialField = /token|key|secret|password/i;

/** Whether a schema (or one it refers to, at any depth) has a property named like a credential. */
function hasCredentialField(schema: unknown, resolve: (ref: string) => unknown, seen = new Set<unknown>()): boolean {
  if (!schema || typeof schema !== "object" || seen.has(schema)) return false;
  seen.add(schema);
  const { $ref, properties } = schema as { $ref?: string; properties?: Record<string, unknown> };
  if ($ref) return hasCredentialField(resolve($ref), resolve, seen);
  if (properties && Object.keys(properties).some((name) => credentialField.test(name))) return true;
  return Object.values(schema).some((child) => hasCredentialField(child, resolve, seen));
}

const documents: Record<ApiName, Record<string, unknown>> = {
  "user-center": userCenterDocument,
  "gini-api": giniApiDocument,
  innodata: innodataDocument,
};

/** The path of the first server URL with its variables' defaults (`/v1.1` for Innodata). */
function defaultBasePath(document: Record<string, unknown>) {
  const [server] = (document.servers ?? []) as { url: string; variables?: Record<string, { default: string }> }[];
  if (!server) return "";
  const url = Object.entries(server.variables ?? {}).reduce((expanded, [name, { default: value }]) => expanded.replaceAll(`{${name}}`, value), server.url);
  return new URL(url).pathname.replace(/\/$/, "");
}

function loadApi(name: ApiName): ApiDescription {
  const contract = new OpenApiContract(documents[name]);
  const document = contract.document;
  const resolve = <T>(pointer: readonly string[]) => resolvePointer<T>(document, pointer)?.value;
  /** A schema with its top-level `$ref` and its properties' `$ref`s followed. */
  const derefSchema = (schema: SchemaObject | undefined): SchemaObject | undefined => {
    if (schema?.$ref) return derefSchema(resolve<SchemaObject>(schema.$ref.slice(2).split("/")));
    if (!schema?.properties) return schema;
    const properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, derefSchema(value)!]));
    return { ...schema, properties };
  };
  const byOperation = new Map<string, { description: OperationDescription; operation: Operation }>();
  const paths = document.paths as Record<string, Record<string, unknown>>;
  for (const [pathTemplate, pathItem] of Object.entries(paths)) {
    for (const method of Object.keys(pathItem)) {
      const found = resolve<{ operationId?: string }>(["paths", pathTemplate, method]);
      if (!found?.operationId) continue;
      const samplePath = pathTemplate.replace(/\{[^}]+\}/g, "x");
      const match = contract.match(method.toUpperCase(), samplePath);
      if (match.kind !== "operation") continue;
      const { operation } = match;
      const collect = (owner: readonly string[]) =>
        (resolve<unknown[]>([...owner, "parameters"]) ?? []).map((_entry, index) => resolve<ParameterDescription>([...owner, "parameters", String(index)])!);
      const parameters = new Map<string, ParameterDescription>();
      for (const parameter of [...collect(["paths", pathTemplate]), ...collect(operation.pointer)]) {
        parameters.set(`${parameter.in}:${parameter.name.toLowerCase()}`, { ...parameter, required: parameter.required ?? false, schema: derefSchema(parameter.schema) ?? {} });
      }
      const content = operation.object.requestBody?.content ?? {};
      byOperation.set(operation.id, {
        operation,
        description: {
          api: name,
          operationId: operation.id,
          method: method.toUpperCase(),
          pathTemplate,
          security: operation.security.map((requirement) => Object.keys(requirement)),
          parameters: [...parameters.values()],
          requestBodies: Object.fromEntries(Object.entries(content).map(([mediaType, { schema }]) => [mediaType, derefSchema(schema as SchemaObject | undefined)])),
          responseStatuses: operation.responseStatuses,
          handsOutCredentials: hasCredentialField(operation.object.responses, (ref) => resolve(ref.slice(2).split("/"))),
        },
      });
    }
  }
  const entry = (operationId: string) => {
    const found = byOperation.get(operationId);
    if (!found) throw new Error(`${name} has no operation ${operationId}`);
    return found;
  };
  return {
    name,
    basePath: defaultBasePath(document),
    operations: [...byOperation.values()].map(({ description }) => description),
    operation: (operationId) => entry(operationId).description,
    responseProblems: (operationId, response) => contract.checkResponse(entry(operationId).operation, response),
    operationFor: (method, path) => {
      const match = contract.match(method, path);
      return match.kind === "operation" ? byOperation.get(match.operation.id)?.description : undefined;
    },
  };
}

const loaded = new Map<ApiName, ApiDescription>();

export function apiDescription(name: ApiName): ApiDescription {
  let api = loaded.get(name);
  if (!api) loaded.set(name, (api = loadApi(name)));
  return api;
}
