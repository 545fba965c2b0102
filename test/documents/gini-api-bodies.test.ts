// Every request and response example of the Gini API description, and the bodies collected from
// the test resources of Gini's public SDKs (test/fixtures/gini-sdk/sources.json), hold against
// the description: responses through the registry's contract checks, requests through the
// typed client's own request validation.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ApiContract } from "../../src/registry/api-contract.js";
import { valueAt } from "../../src/registry/json-pointer.js";
import { createGiniApiClient, giniApiMediaType, RequestValidationError } from "../../src/index.js";

const contract = ApiContract.of("gini-api");
const document = JSON.parse(readFileSync(new URL("../../generated/gini-api.openapi.json", import.meta.url), "utf8")) as { paths: Record<string, Record<string, OperationObject>> };
const documentId = "626626a0-749f-11e2-bfd6-000000000000";
const paymentRequestId = "b4bd3e80-7bd1-11e4-95ab-000000000000";

interface MediaObject {
  examples?: Record<string, { $ref?: string; value?: unknown }>;
}
interface OperationObject {
  operationId: string;
  requestBody?: { content: Record<string, MediaObject> };
  responses: Record<string, { $ref?: string; content?: Record<string, MediaObject> }>;
}
interface CollectedBody {
  file: string;
  repository: string;
  path: string;
  operation: string;
  response?: string;
  request?: string;
  valid: boolean;
}

const operations = Object.entries(document.paths).flatMap(([template, pathItem]) =>
  Object.entries(pathItem)
    .filter(([method]) => ["get", "put", "post", "delete"].includes(method))
    .map(([method, object]) => ({ template, method, object })),
);

/** Follows a local `$ref` of the bundled document. */
function resolved<T>(value: T & { $ref?: string }): T {
  if (!value.$ref) return value;
  return valueAt(document, value.$ref) as T;
}

function operationNamed(operationId: string) {
  const found = operations.find(({ object }) => object.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  const match = contract.match(found.method, found.template.replace("{documentId}", documentId));
  if (match.kind !== "operation") throw new Error(`${operationId} does not route`);
  return { ...found, operation: match.operation };
}

function responseProblems(operationId: string, status: string, mediaType: string, body: unknown) {
  return contract.checkResponse(operationNamed(operationId).operation, { status: Number(status), headers: { "content-type": mediaType }, body });
}

/** Sends `body` through a validating client to a fetch that answers 204; throws what validation throws. */
async function sendRequest(operationId: string, mediaType: string, body: unknown) {
  const { template, method } = operationNamed(operationId);
  const api = createGiniApiClient({ baseUrl: "https://pay-api.gini.net", fetch: async () => new Response(null, { status: 204 }) });
  await api.request(method as "put", template as "/documents/{documentId}/extractions", {
    params: { path: { documentId, paymentRequestId } },
    headers: { Authorization: "Bearer token", "Content-Type": mediaType },
    body: body as never,
  });
}

const responseExamples = operations.flatMap(({ object }) =>
  Object.entries(object.responses).flatMap(([status, reference]) =>
    Object.entries(resolved(reference).content ?? {}).flatMap(([mediaType, media]) =>
      Object.entries(media.examples ?? {}).map(([name, example]) => ({ operationId: object.operationId, status, mediaType, name, value: resolved(example).value })),
    ),
  ),
);
const requestExamples = operations.flatMap(({ object }) =>
  Object.entries(object.requestBody?.content ?? {}).flatMap(([mediaType, media]) =>
    Object.entries(media.examples ?? {}).map(([name, example]) => ({ operationId: object.operationId, mediaType, name, value: resolved(example).value })),
  ),
);

const fixtures = new URL("../fixtures/gini-sdk/", import.meta.url);
const collected = (JSON.parse(readFileSync(new URL("sources.json", fixtures), "utf8")) as { bodies: CollectedBody[] }).bodies.map((entry) => ({
  ...entry,
  body: JSON.parse(readFileSync(new URL(entry.file, fixtures), "utf8")) as unknown,
}));

describe("the Gini API description's own examples", () => {
  it("has response and request examples to check", () => {
    expect(responseExamples.length).toBeGreaterThan(10);
    expect(requestExamples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(responseExamples.map((example) => [`${example.operationId} ${example.status} ${example.name}`, example] as const))("response %s is valid", (_name, example) => {
    expect(responseProblems(example.operationId, example.status, example.mediaType, example.value)).toEqual([]);
  });

  it.each(requestExamples.map((example) => [`${example.operationId} ${example.mediaType} ${example.name}`, example] as const))("request %s is valid", async (_name, example) => {
    await expect(sendRequest(example.operationId, example.mediaType, example.value)).resolves.toBeUndefined();
  });
});

describe("bodies from Gini's SDK test resources", () => {
  it("every entry names its source and an operation of the description", () => {
    for (const entry of collected) {
      expect(entry.repository).toMatch(/^gini\/[\w-]+$/);
      expect(entry.path).toMatch(/^[\w./-]+\.(json|rb)$/);
      expect(() => operationNamed(entry.operation)).not.toThrow();
      expect(entry.response ?? entry.request).toBeDefined();
    }
  });

  const responses = collected.filter((entry) => entry.response !== undefined);
  it.each(responses.map((entry) => [`${entry.file} (${entry.repository} ${entry.path})`, entry] as const))("response %s", (_name, entry) => {
    const problems = responseProblems(entry.operation, entry.response!, giniApiMediaType, entry.body);
    if (entry.valid) expect(problems).toEqual([]);
    else expect(problems).not.toEqual([]);
  });

  const requests = collected.filter((entry) => entry.request !== undefined);
  it.each(requests.map((entry) => [`${entry.file} (${entry.repository} ${entry.path})`, entry] as const))("request %s", async (_name, entry) => {
    const sent = sendRequest(entry.operation, entry.request!, entry.body);
    if (entry.valid) await expect(sent).resolves.toBeUndefined();
    else await expect(sent).rejects.toBeInstanceOf(RequestValidationError);
  });

  it("a body the description rejects is rejected by these checks (the checks can fail)", async () => {
    expect(responseProblems("getDocument", "200", giniApiMediaType, { id: documentId })).not.toEqual([]);
    await expect(sendRequest("sendExtractionFeedbackBank", giniApiMediaType, { feedback: { amountToPay: {} } })).rejects.toBeInstanceOf(RequestValidationError);
  });
});
