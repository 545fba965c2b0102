// What scripts/generate.mjs changes in openapi-typescript's output: request bodies of files.
import ts from "typescript";

const typeReference = (name, ...typeArguments) =>
  ts.factory.createTypeReferenceNode(name, typeArguments.length > 0 ? typeArguments : undefined);

/**
 * The bytes a file body may be given as: the body types `fetch` sends unchanged (Fetch standard,
 * BodyInit) less strings and forms. A `File` is a `Blob`, a `Uint8Array` an `ArrayBufferView`;
 * a `ReadableStream` where the runtime streams request bodies.
 */
const bytes = ts.factory.createUnionTypeNode([
  typeReference("Blob"),
  typeReference("ArrayBuffer"),
  typeReference("ArrayBufferView"),
  typeReference("ReadableStream", typeReference("Uint8Array")),
]);

const structured = (mediaType) =>
  /[/+]json$/.test(mediaType) || mediaType === "application/x-www-form-urlencoded" || mediaType.startsWith("multipart/");

/**
 * A copy of `document` for type generation in which each request media type that takes a file
 * (no schema, not JSON, form or multipart: OpenAPI 3.1, "Considerations for File Uploads") has
 * the schema `{ type: "string", format: "binary" }`, which `transform` types as bytes. Without it
 * openapi-typescript types such a body as `unknown`, which accepts anything.
 */
export function withFileBodies(document) {
  const copy = structuredClone(document);
  for (const pathItem of Object.values(copy.paths ?? {})) {
    for (const operation of Object.values(pathItem)) {
      for (const [mediaType, media] of Object.entries(operation?.requestBody?.content ?? {})) {
        if (media.schema === undefined && !structured(mediaType)) media.schema = { type: "string", format: "binary" };
      }
    }
  }
  return copy;
}

/** openapi-typescript's `transform` option: a `format: binary` schema is typed as bytes. */
export function transform(schemaObject) {
  return schemaObject.format === "binary" ? bytes : undefined;
}
