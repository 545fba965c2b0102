// The requests a contract run derives from one good request of an operation: without the
// credentials, with malformed credentials, and one request per documented rule (required, type,
// format, maxLength, enum) of each parameter and body property, breaking that rule alone.
import type { OperationDescription, ParameterDescription, SchemaObject } from "./description.js";
import type { ContractRequest } from "./exchange.js";

export interface RequestVariant {
  /** e.g. `rule: body.email format`, `malformed credentials`. */
  readonly name: string;
  readonly kind: "missing-credentials" | "malformed-credentials" | "rule";
  readonly request: ContractRequest;
  /** The statuses a server must answer with. */
  readonly accepts: (status: number) => boolean;
  readonly expected: string;
}

const unauthorized = { accepts: (status: number) => status === 401, expected: "401" } as const;
const clientError = { accepts: (status: number) => status >= 400 && status < 500, expected: "a 4xx status" } as const;

/** `Basic` with a value that is not Base64, `Bearer` with one that no server issued. */
const malformedCredentials: Record<string, string> = { basic: "Basic not*base64!", bearer: "Bearer not-a-token-issued-by-this-server" };

const typesOf = (schema: SchemaObject) => (schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]);

/** A value of the wrong type for `schema`; in a query, header, path or form everything is text. */
function wrongType(schema: SchemaObject, asText: boolean): unknown {
  const types = typesOf(schema);
  if (types.length === 0) return undefined;
  if (!types.includes("string")) return "not-of-the-documented-type";
  return asText || types.includes("number") || types.includes("integer") ? undefined : 12345;
}

const wrongFormats: Record<string, string> = { email: "not-an-email", uuid: "not-a-uuid", uri: "not a uri", "date-time": "not-a-date-time", date: "not-a-date" };

/** One value per rule of `schema` that breaks that rule: `[rule, value]`. */
function ruleBreakers(schema: SchemaObject, asText: boolean): [string, unknown][] {
  const breakers: [string, unknown][] = [];
  const type = wrongType(schema, asText);
  if (type !== undefined) breakers.push(["type", type]);
  if (schema.format && wrongFormats[schema.format]) breakers.push(["format", wrongFormats[schema.format]]);
  if (schema.maxLength !== undefined) breakers.push(["maxLength", "a".repeat(schema.maxLength + 1)]);
  const allowed = schema.enum ?? ("const" in schema ? [(schema as { const: unknown }).const] : undefined);
  if (allowed?.every((value) => typeof value === "string")) breakers.push(["enum", "not-a-documented-value"]);
  return breakers;
}

const parameterSections = { query: "query", header: "headers", path: "pathParameters" } as const;

function parameterVariants(base: ContractRequest, parameter: ParameterDescription): { name: string; request: ContractRequest }[] {
  const section = parameterSections[parameter.in];
  const values = { ...base[section] };
  const key = Object.keys(values).find((name) => name.toLowerCase() === parameter.name.toLowerCase());
  // An optional parameter the good request does without may mean nothing in its context
  // (`X-User-Identifier` beside a Bearer token), so only the parameters it sends are broken.
  if (key === undefined) return [];
  const withValue = (value: string | undefined) => {
    const changed = { ...values };
    if (value === undefined) delete changed[key];
    else changed[key] = value;
    return { ...base, [section]: changed };
  };
  const field = `${parameter.in} ${parameter.name}`;
  const variants = ruleBreakers(parameter.schema, true).map(([rule, value]) => ({ name: `rule: ${field} ${rule}`, request: withValue(String(value)) }));
  if (parameter.required && parameter.in !== "path") variants.unshift({ name: `rule: ${field} required`, request: withValue(undefined) });
  return variants;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** How deep into a body rules are broken: the top-level properties, and what is inside them (feedback's `extractions.<label>.value`). */
const maxBodyDepth = 3;

interface BodyEdit {
  readonly name: string;
  /** The object at the edit's place, changed. */
  readonly change: (object: Record<string, unknown>) => Record<string, unknown>;
  readonly path: readonly string[];
}

/** `root` with the object at `path` replaced by `change` of it. */
function editAt(root: Record<string, unknown>, path: readonly string[], change: BodyEdit["change"]): Record<string, unknown> {
  if (path.length === 0) return change(root);
  const [head, ...rest] = path;
  return { ...root, [head!]: editAt(root[head!] as Record<string, unknown>, rest, change) };
}

/**
 * One edit per rule of `schema` that `value` (which follows it) can be made to break: `required`,
 * the rules of each property, and, inside, those of nested objects and map values. For `anyOf`
 * and `oneOf`, the branches `value` follows (it has their required properties) are broken each:
 * a body that breaks the branch it follows matches no other.
 */
function bodyEdits(value: Record<string, unknown>, schema: SchemaObject, path: string[], asText: boolean): BodyEdit[] {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const followed = branches.filter((branch) => (branch.required ?? []).every((name) => name in value) && (branch.properties || branch.required));
    return followed.flatMap((branch) => bodyEdits(value, branch, path, asText));
  }
  const field = (name: string) => ["body", ...path, name].join(".");
  const set = (name: string, property: unknown) => (object: Record<string, unknown>) => {
    const changed = { ...object };
    if (property === undefined) delete changed[name];
    else changed[name] = property;
    return changed;
  };
  const edits: BodyEdit[] = (schema.required ?? []).map((name) => ({ name: `${field(name)} required`, change: set(name, undefined), path }));
  const nested = (name: string, property: SchemaObject) => (path.length + 1 < maxBodyDepth && isObject(value[name]) ? bodyEdits(value[name] as Record<string, unknown>, property, [...path, name], asText) : []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    for (const [rule, broken] of ruleBreakers(property, asText)) edits.push({ name: `${field(name)} ${rule}`, change: set(name, broken), path });
    edits.push(...nested(name, property));
  }
  const mapValues = schema.additionalProperties;
  if (mapValues && typeof mapValues === "object") {
    for (const name of Object.keys(value).filter((key) => !schema.properties?.[key])) {
      for (const [rule, broken] of ruleBreakers(mapValues, asText)) edits.push({ name: `${field(name)} ${rule}`, change: set(name, broken), path });
      edits.push(...nested(name, mapValues));
    }
  }
  return edits;
}

function bodyVariants(base: ContractRequest, schema: SchemaObject | undefined): { name: string; request: ContractRequest }[] {
  const body = base.body;
  if (!body || !schema || !isObject(body.value)) return [];
  const root = body.value;
  const asText = body.mediaType === "application/x-www-form-urlencoded";
  return bodyEdits(root, schema, [], asText).map(({ name, change, path }) => ({ name: `rule: ${name}`, request: { ...base, body: { ...body, value: editAt(root, path, change) } } }));
}

/** The derived requests of `operation` from its good request `base`. */
export function requestVariants(operation: OperationDescription, base: ContractRequest): RequestVariant[] {
  const variants: RequestVariant[] = [];
  const authorization = base.headers?.Authorization;
  if (operation.secured && authorization) {
    const { Authorization: _dropped, ...withoutAuthorization } = base.headers!;
    variants.push({ name: "missing credentials", kind: "missing-credentials", request: { ...base, headers: withoutAuthorization }, ...unauthorized });
    const scheme = authorization.split(" ")[0]!.toLowerCase();
    const malformed = malformedCredentials[scheme];
    if (malformed) variants.push({ name: "malformed credentials", kind: "malformed-credentials", request: { ...base, headers: { ...base.headers, Authorization: malformed } }, ...unauthorized });
  }
  const broken = [
    ...operation.parameters.flatMap((parameter) => parameterVariants(base, parameter)),
    ...bodyVariants(base, base.body ? operation.requestBodies[base.body.mediaType] : undefined),
  ];
  for (const { name, request } of broken) variants.push({ name, kind: "rule", request, ...clientError });
  return variants;
}
