// A curl and a typed-client (TypeScript) sample of each operation, built from the operation and
// its first named examples, with the credentials of the examples' sandbox
// (`examples-sandbox.mjs`), against the local sandbox or mock on the ports of `npm run sandbox`.
// `test/docs/code-samples.test.ts` type-checks and runs every one of them against the sandbox.
import { exampleCredentials } from "./examples-sandbox.mjs";
import { firstExampleValue } from "./operations.mjs";

/** The file a binary upload sample sends; the sample test puts one in the directory it runs in. */
export const sampleUploadFile = "invoice.pdf";

const typedClients = {
  "user-center": { factory: "createUserCenterClient", variable: "userCenter" },
  "gini-api": { factory: "createGiniApiClient", variable: "giniApi" },
  innodata: { factory: "createInnodataApiClient", variable: "innodata" },
};

/** The API's local server (`npm run sandbox`, `npm start`) as the description lists it, its variables at their defaults. */
export function localServerUrl(document) {
  const server = document.servers.find(({ url }) => url.startsWith("http://127.0.0.1:"));
  if (!server) throw new Error(`${document.info.title} lists no local server (http://127.0.0.1:<port>)`);
  return server.url.replace(/\{(\w+)\}/g, (_, variable) => server.variables[variable].default).replace(/\/$/, "");
}

/**
 * What each security scheme sends in the samples. A scheme missing here fails the docs build, so
 * that a new one gets credentials the sandbox accepts rather than a sample that cannot run.
 */
export const sampleCredentials = {
  clientBasic: { basic: [exampleCredentials.client.id, exampleCredentials.client.secret], typed: "clientBasicAuthorization" },
  clientBearer: { bearer: exampleCredentials.clientToken },
  userIdentifier: { header: ["X-User-Identifier", exampleCredentials.userIdentifier] },
  // Innodata: the key is the Basic username, the password empty (seed 002).
  apiKeyBasic: { basic: [exampleCredentials.innodataKey, ""], typed: "basicAuthorization" },
};

/** The first security requirement of the operation whose schemes all have sample credentials. */
function sampleSecurity(operation) {
  if (operation.security.length === 0) return [];
  const requirement = operation.security.find((alternative) => Object.keys(alternative).every((scheme) => scheme in sampleCredentials));
  if (!requirement) throw new Error(`${operation.operationId}: no sample credentials for ${JSON.stringify(operation.security)}`);
  return Object.keys(requirement).map((scheme) => sampleCredentials[scheme]);
}

function parameterValue(document, operation, parameter) {
  const schema = parameter.schema ?? {};
  const value = firstExampleValue(document, parameter) ?? schema.const ?? schema.default ?? schema.enum?.[0] ?? schema.examples?.[0];
  if (value === undefined) throw new Error(`${operation.operationId}: parameter ${parameter.name} has no example`);
  return value;
}

/** What the sample sends: URL parts, headers (name → value or a typed-client expression), body. */
function sampleRequest(document, operation) {
  const security = sampleSecurity(operation);
  const securityHeaders = new Set(security.filter(({ header }) => header).map(({ header }) => header[0].toLowerCase()));
  // `x-in-samples: true` marks an optional parameter that the usual request sends all the same
  // (the token endpoint's `grant_type`, optional only for the refresh grant, which may name it in the body).
  const sent = operation.parameters.filter((parameter) => (parameter.required || parameter["x-in-samples"] === true) && !(parameter.in === "header" && securityHeaders.has(parameter.name.toLowerCase())));
  const valuesIn = (location) => Object.fromEntries(sent.filter((parameter) => parameter.in === location).map((parameter) => [parameter.name, parameterValue(document, operation, parameter)]));
  const path = valuesIn("path");
  const query = valuesIn("query");
  const headers = Object.entries(valuesIn("header")).map(([name, value]) => ({ name, value: String(value) }));
  for (const credentials of security) {
    if (credentials.header) headers.push({ name: credentials.header[0], value: credentials.header[1] });
    if (credentials.bearer) headers.push({ name: "Authorization", value: `Bearer ${credentials.bearer}` });
  }
  const basic = security.find((credentials) => credentials.basic);
  let body;
  const [mediaType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  if (mediaType) {
    const example = firstExampleValue(document, media);
    if (example !== undefined) body = { mediaType, value: example };
    else if (!/json|form/.test(mediaType)) body = { mediaType, file: sampleUploadFile };
    else if (operation.requestBody.required) throw new Error(`${operation.operationId}: the ${mediaType} body has no example`);
  }
  const url = `${localServerUrl(document)}${operation.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(path[name]))}`;
  const search = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)])).toString();
  return { url: search ? `${url}?${search}` : url, path, query, headers, basic, body };
}

const shellQuote = (text) => `'${String(text).replaceAll("'", `'\\''`)}'`;

function curlSample(document, operation) {
  const request = sampleRequest(document, operation);
  const lines = [`curl --fail-with-body${operation.method === "GET" ? "" : ` -X ${operation.method}`} ${shellQuote(request.url)}`];
  if (request.basic) lines.push(`-u ${shellQuote(request.basic.basic.join(":"))}`);
  for (const { name, value } of request.headers) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  const { body } = request;
  if (body) {
    lines.push(`-H ${shellQuote(`Content-Type: ${body.mediaType}`)}`);
    if (body.file) lines.push(`--data-binary @${body.file}`);
    else if (body.mediaType === "application/x-www-form-urlencoded") {
      for (const [name, value] of Object.entries(body.value)) lines.push(`--data-urlencode ${shellQuote(`${name}=${value}`)}`);
    } else lines.push(`--data ${shellQuote(JSON.stringify(body.value))}`);
  }
  return lines.join(" \\\n  ");
}

const identifier = /^[A-Za-z_$][\w$]*$/;
/** A value as a TypeScript literal: JSON, with the quotes dropped from keys that need none and trailing commas. */
const tsLiteral = (value, indent) =>
  JSON.stringify(value, null, 2)
    .replace(/^(\s*)"([^"]+)":/gm, (match, space, key) => (identifier.test(key) ? `${space}${key}:` : match))
    .replace(/([^,{[\s])(?=\n\s*[}\]])/g, "$1,")
    .replaceAll("\n", `\n${indent}`);
const tsKey = (key) => (identifier.test(key) ? key : JSON.stringify(key));

/** Whether every success answer of the operation is a file (no JSON): the typed sample then reads bytes. */
function answersFileOnly(operation) {
  const mediaTypes = Object.entries(operation.responses ?? {})
    .filter(([status]) => status.startsWith("2"))
    .flatMap(([, response]) => Object.keys(response.content ?? {}));
  return mediaTypes.length > 0 && mediaTypes.every((mediaType) => !/json/.test(mediaType));
}

function typeScriptSample(apiName, document, operation) {
  const request = sampleRequest(document, operation);
  const { factory, variable } = typedClients[apiName];
  const imports = new Set([factory]);
  const init = [];
  const params = Object.entries({ path: request.path, query: request.query }).filter(([, values]) => Object.keys(values).length > 0);
  const inline = (values) => `{ ${Object.entries(values).map(([name, value]) => `${tsKey(name)}: ${JSON.stringify(value)}`).join(", ")} }`;
  if (params.length > 0) init.push(`params: { ${params.map(([location, values]) => `${location}: ${inline(values)}`).join(", ")} },`);
  const headers = request.headers.map(({ name, value }) => `${tsKey(name)}: ${JSON.stringify(value)}`);
  if (request.basic) {
    imports.add(request.basic.typed);
    headers.unshift(`Authorization: ${request.basic.typed}(${request.basic.basic.map((part) => JSON.stringify(part)).join(", ")})`);
  }
  const { body } = request;
  if (body && body.mediaType !== "application/json") headers.push(`"Content-Type": ${JSON.stringify(body.mediaType)}`);
  if (headers.length > 0) init.push(`headers: {\n    ${headers.join(",\n    ")},\n  },`);
  let preamble = "";
  if (body?.file) {
    preamble = 'import { readFile } from "node:fs/promises";\n';
    init.push(`body: await readFile(${JSON.stringify(body.file)}), // bytes are sent as they are`);
  } else if (body) init.push(`body: ${tsLiteral(body.value, "  ")},`);
  if (answersFileOnly(operation)) init.push('parseAs: "arrayBuffer", // a file: its bytes, not JSON');
  const call = init.length > 0 ? `{\n  ${init.join("\n  ")}\n}` : "{}";
  return `${preamble}import { ${[...imports].sort().join(", ")} } from "gini-openapi";

const ${variable} = ${factory}({ baseUrl: ${JSON.stringify(localServerUrl(document))} });
const { data, error, response } = await ${variable}.${operation.method}(${JSON.stringify(operation.path)}, ${call});
if (!response.ok) throw new Error(\`${operation.operationId} answered \${response.status}: \${JSON.stringify(error)}\`);
console.log(response.status, data ?? response.headers.get("Location") ?? "");
`;
}

/** The samples of an operation as Redoc's and Scalar's `x-codeSamples` read them. */
export function codeSamples(apiName, document, operation) {
  return [
    { lang: "Shell", label: "curl", source: curlSample(document, operation) },
    { lang: "TypeScript", label: "TypeScript (typed client)", source: typeScriptSample(apiName, document, operation) },
  ];
}

/** The email a sign-up example creates: the first request example's `email` of a POST that answers 201. */
export function signUpEmail(document, operation) {
  if (operation.method !== "POST" || !operation.responses["201"]) return undefined;
  const [, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  const email = firstExampleValue(document, media)?.email;
  return typeof email === "string" ? email : undefined;
}
