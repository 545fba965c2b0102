// fast-check arbitraries from the JSON Schemas of a bundled description: values the schema
// accepts (most of the time: formats are approximated) and values made to break it. Which is
// which is decided afterwards by the description's own validator, not by this generator.
import fc from "fast-check";
import { valueAt } from "../../../src/registry/json-pointer.js";

type Schema = Record<string, unknown> | boolean;
type Document = Record<string, unknown>;

function resolve(schema: Schema, document: Document): Schema {
  if (typeof schema === "object" && typeof schema.$ref === "string") {
    const target = valueAt(document, schema.$ref);
    return resolve(target as Schema, document);
  }
  return schema;
}

/** `allOf` of object schemas as one object schema; properties set to `false` are left out. */
function mergeAllOf(members: Schema[], document: Document): Record<string, unknown> {
  const properties: Record<string, Schema> = {};
  const required = new Set<string>();
  const forbidden = new Set<string>();
  for (const member of members.map((candidate) => resolve(candidate, document))) {
    if (typeof member !== "object") continue;
    const merged = member.allOf ? mergeAllOf(member.allOf as Schema[], document) : member;
    for (const [name, property] of Object.entries((merged.properties ?? {}) as Record<string, Schema>)) {
      if (property === false) forbidden.add(name);
      else properties[name] ??= property;
    }
    for (const name of (merged.required ?? []) as string[]) required.add(name);
  }
  for (const name of forbidden) delete properties[name];
  return { type: "object", properties, required: [...required] };
}

const anyText = (constraints: { minLength?: number; maxLength?: number }) =>
  fc.oneof(fc.string(constraints), fc.string({ ...constraints, unit: "grapheme" }));

function stringArbitrary(schema: Record<string, unknown>): fc.Arbitrary<string> {
  const minLength = schema.minLength as number | undefined;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 40, 40);
  switch (schema.format) {
    case "email":
      return fc.emailAddress({ size: "small" });
    case "uuid":
      return fc.uuid();
    case "uri":
      return fc.webUrl();
  }
  if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length <= maxLength && value.length >= (minLength ?? 0));
  return anyText({ minLength: minLength ?? 0, maxLength: Math.max(maxLength, minLength ?? 0) });
}

export function validArbitrary(input: Schema, document: Document, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input, document);
  if (schema === true || depth > 4) return fc.jsonValue({ maxDepth: 1 });
  if (schema === false) return fc.constant(undefined);
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.anyOf ?? schema.oneOf)) return fc.oneof(...((schema.anyOf ?? schema.oneOf) as Schema[]).map((branch) => validArbitrary(branch, document, depth + 1)));
  if (Array.isArray(schema.allOf)) return validArbitrary(mergeAllOf(schema.allOf as Schema[], document), document, depth + 1);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return fc.oneof(...types.map((type) => typedArbitrary(type, schema, document, depth)));
}

function typedArbitrary(type: string | undefined, schema: Record<string, unknown>, document: Document, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case "string":
      return stringArbitrary(schema);
    case "integer":
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -1000, max: (schema.maximum as number | undefined) ?? 2_000_000_000_000 });
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(validArbitrary((schema.items ?? true) as Schema, document, depth + 1), {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: Math.max((schema.minItems as number | undefined) ?? 0, 3),
      });
    case "object":
    case undefined: {
      if (type === undefined && !schema.properties) return fc.jsonValue({ maxDepth: 1 });
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const record = fc.record(Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, validArbitrary(property, document, depth + 1)])), {
        requiredKeys: ((schema.required ?? []) as string[]).filter((name) => name in properties),
      });
      const extra = schema.additionalProperties;
      if (typeof extra !== "object") return record;
      return fc.tuple(record, fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), validArbitrary(extra as Schema, document, depth + 1), { maxKeys: 3 })).map(([known, more]) => ({ ...more, ...known }));
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** A valid value with one thing broken: a property dropped or replaced, or any JSON at all. */
function invalidArbitrary(schema: Schema, document: Document): fc.Arbitrary<unknown> {
  const valid = validArbitrary(schema, document);
  const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
  const dropOne = fc.tuple(valid, fc.nat()).map(([value, index]) => {
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    return keys.length === 0 ? value : Object.fromEntries(Object.entries(value).filter(([key]) => key !== keys[index % keys.length]));
  });
  const replaceOne = fc.tuple(valid, fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom("", "not-an-email", "x", -1, null))).map(([value, index, replacement]) => {
    if (!isRecord(value)) return replacement;
    const keys = Object.keys(value);
    return keys.length === 0 ? { unexpected: replacement } : { ...value, [keys[index % keys.length]!]: replacement };
  });
  return fc.oneof(dropOne, replaceOne, fc.jsonValue({ maxDepth: 2 }));
}

/** Mostly valid, often broken: what a fuzzer sends. */
export const bodyArbitrary = (schema: Schema, document: Document) => fc.oneof({ weight: 2, arbitrary: validArbitrary(schema, document) }, { weight: 3, arbitrary: invalidArbitrary(schema, document) });
