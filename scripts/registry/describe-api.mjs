// Reads one bundled OpenAPI document into what the registry holds: the API's servers and security
// schemes, and per operation its parameters (an operation's parameter overrides the path item's,
// OpenAPI 3.1 §4.8.9), request media types and documented responses. Schemas stay as JSON
// pointers here; compile-validators.mjs turns each into a validator.

import { isJsonMediaType } from "../../src/media-types.ts";
import { pointerSegments, referenceOf as pointerOf } from "../../src/registry/json-pointer.ts";

const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The object at `segments`, following local `$ref`s, with the segments where it really sits. */
function resolve(document, segments) {
  let value = document;
  for (const segment of segments) value = value?.[segment];
  if (value && typeof value.$ref === "string" && value.$ref.startsWith("#/")) {
    return resolve(document, pointerSegments(value.$ref));
  }
  return value === undefined ? undefined : { value, segments };
}

/** JSON and form bodies have schemas worth checking; files (PDF, images, …) are the server's to judge. */
const isStructuredMediaType = (mediaType) => mediaType === "application/x-www-form-urlencoded" || isJsonMediaType(mediaType);

function parametersOf(document, pathSegments, operationSegments) {
  const listed = (owner) =>
    (resolve(document, [...owner, "parameters"])?.value ?? []).map((_entry, index) => resolve(document, [...owner, "parameters", String(index)]));
  const byKey = new Map();
  for (const parameter of [...listed(pathSegments), ...listed(operationSegments)]) {
    const key = `${parameter.value.in}:${parameter.value.in === "header" ? parameter.value.name.toLowerCase() : parameter.value.name}`;
    byKey.set(key, parameter);
  }
  return [...byKey.values()]
    .filter(({ value }) => value.in !== "cookie")
    .map(({ value, segments }) => ({
      name: value.name,
      in: value.in,
      required: value.required ?? false,
      type: value.schema?.type,
      schema: value.schema ? pointerOf([...segments, "schema"]) : undefined,
    }));
}

function requestBodyOf(document, operationSegments) {
  const requestBody = resolve(document, [...operationSegments, "requestBody"]);
  if (!requestBody) return undefined;
  return {
    required: requestBody.value.required ?? false,
    content: Object.entries(requestBody.value.content ?? {}).map(([mediaType, media]) => ({
      mediaType,
      schema: media.schema && isStructuredMediaType(mediaType) ? pointerOf([...requestBody.segments, "content", mediaType, "schema"]) : undefined,
    })),
  };
}

function examplesOf(document, mediaSegments) {
  const named = resolve(document, [...mediaSegments, "examples"])?.value ?? {};
  const examples = Object.fromEntries(Object.keys(named).map((name) => [name, resolve(document, [...mediaSegments, "examples", name]).value.value]));
  const single = resolve(document, [...mediaSegments, "example"])?.value;
  return single === undefined ? examples : { default: single, ...examples };
}

function responsesOf(document, operationSegments) {
  const statuses = Object.keys(resolve(document, [...operationSegments, "responses"]).value);
  return Object.fromEntries(
    statuses.map((status) => {
      const response = resolve(document, [...operationSegments, "responses", status]);
      const headers = Object.keys(response.value.headers ?? {}).map((name) => {
        const header = resolve(document, [...response.segments, "headers", name]);
        return { name, required: header.value.required ?? false, schema: header.value.schema ? pointerOf([...header.segments, "schema"]) : undefined };
      });
      const content = response.value.content
        ? Object.entries(response.value.content).map(([mediaType, media]) => {
            const mediaSegments = [...response.segments, "content", mediaType];
            return { mediaType, schema: media.schema ? pointerOf([...mediaSegments, "schema"]) : undefined, examples: examplesOf(document, mediaSegments) };
          })
        : undefined;
      return [status, { headers, content }];
    }),
  );
}

/** Server URLs with their variables expanded (Innodata's `{version}`). */
function expandedServerUrls(servers) {
  return servers.flatMap(({ url, variables = {} }) => {
    let expanded = [url];
    for (const [name, variable] of Object.entries(variables)) {
      const values = variable.enum ?? [variable.default];
      expanded = expanded.flatMap((candidate) => values.map((value) => candidate.replaceAll(`{${name}}`, value)));
    }
    return expanded;
  });
}

const isLocal = (url) => new URL(url).hostname === "127.0.0.1";

/** The registry entry of one API, schemas as pointers into `document`. */
export function describeApi(name, document) {
  const serverUrls = expandedServerUrls(document.servers ?? []);
  const local = serverUrls.find(isLocal);
  if (!local) throw new Error(`${name}: the description lists no local server (http://127.0.0.1:<port>) for its mock and sandbox`);
  const securitySchemes = Object.fromEntries(
    Object.entries(document.components?.securitySchemes ?? {}).map(([schemeName, scheme]) => [
      schemeName,
      { type: scheme.type, ...(scheme.scheme && { scheme: scheme.scheme.toLowerCase() }), ...(scheme.in && { in: scheme.in, name: scheme.name }) },
    ]),
  );
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, pathItem]) =>
    httpMethods
      .filter((method) => pathItem[method])
      .map((method) => {
        const operation = pathItem[method];
        const operationSegments = ["paths", path, method];
        return {
          id: operation.operationId,
          method: method.toUpperCase(),
          path,
          summary: operation.summary,
          tags: operation.tags ?? [],
          security: operation.security ?? document.security ?? [],
          parameters: parametersOf(document, ["paths", path], operationSegments),
          body: requestBodyOf(document, operationSegments),
          responses: responsesOf(document, operationSegments),
        };
      }),
  );
  return {
    name,
    title: document.info.title,
    servers: (document.servers ?? []).map(({ url, description }) => ({ url, ...(description && { description }) })),
    defaultServer: serverUrls.find((url) => !isLocal(url)) ?? local,
    localPort: Number(new URL(local).port),
    portVariable: `${name.replaceAll("-", "_").toUpperCase()}_PORT`,
    basePaths: [...new Set(serverUrls.map((url) => new URL(url).pathname.replace(/\/$/, "")).filter(Boolean))].sort((a, b) => b.length - a.length),
    securitySchemes,
    operations,
  };
}
