// Property-based fuzzing of every operation of the three descriptions, generically from the
// bundled documents (Schemathesis-style): parameters and bodies drawn valid from their schemas
// or broken, path parameters drawn from resources created through the API beforehand (as links
// would give them) or at random, credentials good for the operation's security most of the time.
// Whatever is sent, the in-process sandbox never answers 5xx, answers only statuses the operation
// documents, answers a request the description rejects with a 4xx, and every answer matches the
// documented schema for its status and media type (checked here and by the sandbox itself).
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiName, apis } from "../../generated/apis.js";
import { createSandbox, type InProcessSandbox } from "../../sandbox/index.js";
import { SandboxRequest } from "../../sandbox/http-types.js";
import { createGiniPayClient, createPaymentRequestFromExtractions, resolvePaymentRequest } from "../../src/index.js";
import { ApiContract, isJsonMediaType } from "../../src/registry/api-contract.js";
import { valueAt } from "../../src/registry/json-pointer.js";
import { basicAuthorization } from "../support/mock.js";
import { bodyArbitrary, validArbitrary } from "./support/schema-arbitrary.js";
import { clientBasic, testClient, testHashCost } from "./support/sandbox.js";

// `FUZZ_SEED=<n>` runs another seed and `FUZZ_RUNS=<n>` more cases per operation (to look
// further); the defaults keep `npm test` reproducible and the file within a few seconds.
const seed = Number(process.env.FUZZ_SEED ?? 20261208);
const runsPerOperation = Number(process.env.FUZZ_RUNS ?? 60);

type Json = Record<string, unknown>;
interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required?: boolean;
  readonly schema: Json;
}
interface FuzzOperation {
  readonly apiName: ApiName;
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body?: { readonly required?: boolean; readonly content: Record<string, { schema?: Json }> };
  readonly security: readonly Record<string, unknown>[];
}

const documents = Object.fromEntries(apis.map((api) => [api.name, JSON.parse(readFileSync(api.documentPath, "utf8")) as Json])) as Record<ApiName, Json>;
const resolved = <T>(apiName: ApiName, value: T): T => {
  const ref = (value as { $ref?: string }).$ref;
  return ref ? resolved(apiName, valueAt(documents[apiName], ref) as T) : value;
};

/**
 * Every operation of the bundled descriptions, with path-level parameters merged in; each API's
 * deletes last, so that the resources the other operations link to still exist when they run.
 */
const operations: FuzzOperation[] = apis.flatMap((api) =>
  Object.entries(documents[api.name].paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "put", "post", "delete", "patch"].includes(method))
      .map(([method, raw]): FuzzOperation => {
        const operation = raw as Json;
        const parameters = [...((item.parameters ?? []) as Json[]), ...((operation.parameters ?? []) as Json[])].map((parameter) => resolved(api.name, parameter) as unknown as Parameter);
        const byKey = new Map(parameters.map((parameter) => [`${parameter.in}:${parameter.name.toLowerCase()}`, parameter]));
        const body = operation.requestBody === undefined ? undefined : (resolved(api.name, operation.requestBody) as FuzzOperation["body"]);
        return {
          apiName: api.name,
          id: operation.operationId as string,
          method: method.toUpperCase(),
          path,
          parameters: [...byKey.values()],
          ...(body && { body }),
          security: (operation.security ?? documents[api.name].security ?? []) as Record<string, unknown>[],
        };
      }),
  ).sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE")),
);

let sandbox: InProcessSandbox;
const contracts = Object.fromEntries(apis.map((api) => [api.name, ApiContract.of(api.name)])) as Record<ApiName, ApiContract>;
const baseUrl = (apiName: ApiName) => ({ "user-center": sandbox.urls.userCenter, "gini-api": sandbox.urls.giniApi, innodata: sandbox.urls.innodata })[apiName];
const provider = { id: "b09ef70a-490f-11eb-952e-9bc6f4646c57", name: "Fuzz-Payment-Provider", minAppVersion: { ios: "1.0", android: "1.0" }, colors: { background: "009EDC", text: "FFFFFF" } };

/** Real values created through the API before fuzzing, by the parameter or property name that links to them. */
const links: Record<string, string[]> = {};
/** Good credentials, by security scheme name. */
const good: Record<string, Record<string, string>> = {};

async function call(apiName: ApiName, method: string, path: string, headers: Record<string, string>, body?: string) {
  const response = await sandbox.fetch(`${baseUrl(apiName)}${path}`, { method, headers, ...(body !== undefined && { body }) });
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status} while setting up`);
  return response;
}

beforeAll(async () => {
  sandbox = await createSandbox({ clients: [{ ...testClient, refreshTokens: true }], passwordHashCost: testHashCost, giniPay: { paymentProviders: [provider] } });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const clientToken = ((await (await call("user-center", "GET", "/oauth/token?grant_type=client_credentials", { Authorization: clientBasic })).json()) as { access_token: string }).access_token;
  const userIds: string[] = [];
  let login: { access_token: string; refresh_token: string } | undefined;
  for (const name of ["fuzz-1", "fuzz-2"]) {
    const email = `${name}@example.com`;
    const created = await call("user-center", "POST", "/api/users", { Authorization: `Bearer ${clientToken}`, "Content-Type": "application/json" }, JSON.stringify({ email, password: "supersecret" }));
    userIds.push(created.headers.get("Location")!.split("/").pop()!);
    const headers = { Authorization: clientBasic, "Content-Type": "application/x-www-form-urlencoded" };
    login = (await (await call("user-center", "POST", "/oauth/token?grant_type=password", headers, form({ username: email, password: "supersecret" }))).json()) as typeof login;
  }
  good.clientBasic = { Authorization: clientBasic };
  good.clientBearer = { Authorization: `Bearer ${clientToken}` };
  good.userIdentifier = { "X-User-Identifier": "fuzzer" };
  links["X-User-Identifier"] = ["fuzzer"];
  good.userBearer = { Authorization: `Bearer ${login!.access_token}` };
  // The user whose token the Gini API's cases use is not linked: deleting it would end them.
  links.userId = [userIds[0]!];
  links.refresh_token = [login!.refresh_token];

  const pay = createGiniPayClient({ baseUrl: sandbox.urls.giniApi, fetch: sandbox.fetch, headers: { Authorization: clientBasic, "X-User-Identifier": "fuzzer" } });
  const pdf = "%PDF-1.7\n1 0 obj << /Type /Pages /Count 1 >> endobj\n%%EOF\n";
  const upload = async () => (await call("gini-api", "POST", "/documents?filename=invoice.pdf", { ...good.clientBasic, ...good.userIdentifier, "Content-Type": "application/pdf" }, pdf)).headers.get("Location")!.split("/").pop()!;
  links.documentId = [await upload(), await upload()];
  const fromInvoice = (documentId: string) => createPaymentRequestFromExtractions(pay, documentId, { paymentProvider: provider.id, overrides: { recipient: "Dr. med. Hackler", purpose: "ReNr AZ356789Z" } });
  const [open, paid] = [await fromInvoice(links.documentId[0]!), await fromInvoice(links.documentId[1]!)];
  // One open, one paid (its payment is what `getPayment` links to).
  await resolvePaymentRequest(pay, paid.id);
  links.paymentRequestId = [open.id, paid.id];
  links.paymentProviderId = [provider.id];
  links.paymentProvider = [provider.id];
  links.pageNumber = ["1"];

  const innodata = { "Content-Type": "application/json" };
  await call("innodata", "POST", "/users", innodata, JSON.stringify({ name: "fuzzer", email: "fuzzer@innodata.example.com", password: "fuzzer-password" }));
  const innodataLogin = await call("innodata", "POST", "/users/login", innodata, JSON.stringify({ authentication_method: "password", username: "fuzzer@innodata.example.com", password: "fuzzer-password" }));
  const key = ((await innodataLogin.json()) as { response: { api_keys: { live: string } } }).response.api_keys.live;
  good.apiKeyBasic = { Authorization: basicAuthorization(key, "") };
});
afterAll(async () => {
  await sandbox.close();
});

interface Credentials {
  readonly headers: Record<string, string>;
  /** Whether they meet one of the operation's (non-empty) security requirements. */
  readonly good: boolean;
}

/** Credentials for one of the operation's security requirements, or none, or wrong ones. */
const credentials = (operation: FuzzOperation): fc.Arbitrary<Credentials> => {
  const requirements = operation.security.map((requirement) => Object.keys(requirement).reduce<Record<string, string>>((headers, scheme) => ({ ...headers, ...good[scheme] }), {}));
  const wrong = fc.constantFrom<Record<string, string>>(
    {},
    { Authorization: basicAuthorization("test-client", "wrong") },
    { Authorization: "Bearer not-a-token" },
    { Authorization: "Basic !!" },
    { Authorization: clientBasic, "X-User-Identifier": "" },
  );
  const bad = wrong.map((headers) => ({ headers, good: false }));
  // Where no credentials are needed (`{}`), a 401 is about the body's (a login), not these.
  const needed = requirements.filter((requirement) => Object.keys(requirement).length > 0);
  if (needed.length === 0) return bad;
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...needed).map((headers) => ({ headers, good: true })) }, { weight: 1, arbitrary: bad });
};

const junk = fc.constantFrom("", "-1", "0", "abc", "2.5", "%E0%A4%A", "9223372036854775808", "null");
/** A header value fetch can send: no control characters, nothing past Latin-1. */
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, "");

/** A parameter's value as text: a linked real value, a valid one, or junk. */
function parameterValue(operation: FuzzOperation, parameter: Parameter): fc.Arbitrary<string | undefined> {
  const valid = validArbitrary(parameter.schema, documents[operation.apiName]).map((value) => (typeof value === "string" ? value : JSON.stringify(value)));
  const linked = links[parameter.name];
  const drawn = fc.oneof(
    { weight: linked ? 6 : 0, arbitrary: linked ? fc.constantFrom(...linked) : fc.constant("") },
    { weight: 3, arbitrary: valid },
    { weight: 1, arbitrary: junk },
  );
  if (parameter.in === "path") return drawn.filter((value) => value !== "");
  return fc.oneof({ weight: parameter.required ? 1 : 3, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: drawn });
}

/** Links into a JSON body: a property named like a created resource gets its real value half the time. */
function linkBody(value: unknown, use: boolean): unknown {
  if (!use || typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, links[key] && typeof field === "string" ? links[key][0] : field]));
}

interface Drawn {
  readonly mediaType?: string;
  readonly body?: string | Uint8Array<ArrayBuffer> | FormData;
}

/** A body for one of the documented media types (valid or broken), a wrong media type, or none. */
function bodyOf(operation: FuzzOperation): fc.Arbitrary<Drawn> {
  if (!operation.body) return fc.constant({});
  const document = documents[operation.apiName];
  const choices = Object.entries(operation.body.content).map(([mediaType, { schema }]): fc.Arbitrary<Drawn> => {
    if (mediaType === "multipart/form-data") {
      return fc.uint8Array({ maxLength: 64 }).map((bytes) => {
        const parts = new FormData();
        parts.append("file", new Blob([bytes], { type: "application/pdf" }), "fuzz.pdf");
        return { body: parts };
      });
    }
    const structured = schema && !(schema.type === "string" && ["binary", "byte"].includes(schema.format as string)) && Object.keys(schema).length > 0;
    if (!structured) return fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ mediaType, body: bytes }));
    const values = fc.tuple(bodyArbitrary(schema, document), fc.boolean()).map(([value, link]) => linkBody(value, link));
    if (mediaType === "application/x-www-form-urlencoded") {
      return values.map((value) => ({ mediaType, body: typeof value === "object" && value !== null ? new URLSearchParams(Object.entries(value).map(([key, field]) => [key, String(field)])).toString() : String(value) }));
    }
    if (mediaType === "text/plain") return values.map((value) => ({ mediaType, body: typeof value === "string" ? value : JSON.stringify(value) }));
    return fc.oneof({ weight: 5, arbitrary: values.map((value) => ({ mediaType, body: value === undefined ? "" : JSON.stringify(value) })) }, { weight: 1, arbitrary: fc.constantFrom("{", "[]", "").map((body) => ({ mediaType, body })) });
  });
  return fc.oneof(
    { weight: 8, arbitrary: fc.oneof(...choices) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constantFrom("application/zip", "application/xml").map((mediaType) => ({ mediaType, body: "<x/>" })) },
  );
}

interface FuzzCase {
  readonly auth: Credentials;
  readonly values: readonly (string | undefined)[];
  readonly drawn: Drawn;
}

const caseOf = (operation: FuzzOperation): fc.Arbitrary<FuzzCase> =>
  fc.record({ auth: credentials(operation), values: fc.tuple(...operation.parameters.map((parameter) => parameterValue(operation, parameter))), drawn: bodyOf(operation) });

/** The request a case stands for, as fetch sends it. */
function requestOf(operation: FuzzOperation, { auth, values, drawn }: FuzzCase): Request {
  let path = operation.path;
  const query = new URLSearchParams();
  const headers = new Headers(auth.headers);
  operation.parameters.forEach((parameter, index) => {
    const value = values[index];
    if (value === undefined) return;
    if (parameter.in === "path") path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
    else if (parameter.in === "query") query.set(parameter.name, value);
    else headers.set(parameter.name, headerSafe(value));
  });
  if (drawn.mediaType) headers.set("Content-Type", drawn.mediaType);
  const search = query.size > 0 ? `?${query}` : "";
  return new Request(`${baseUrl(operation.apiName)}${path}${search}`, { method: operation.method, headers, ...(drawn.body !== undefined && { body: drawn.body }) });
}

const tally = { requests: 0, rejected: 0, byStatus: new Map<number, number>(), succeeded: new Set<string>() };
const covered = new Set<string>();

async function checkOne(operation: FuzzOperation, credentials: Credentials, request: Request) {
  const contract = contracts[operation.apiName];
  const sentBody = new Uint8Array(await request.clone().arrayBuffer());
  const violationsBefore = sandbox.violations.length;
  const response = await sandbox.fetch(request);
  const text = await response.text();
  const url = new URL(request.url);
  const described = `${operation.id}: ${request.method} ${url.pathname}${url.search} [${[...request.headers].map(([name, value]) => (name === "authorization" ? `${name}=${value.split(" ")[0]} …` : `${name}=${value}`)).join(", ")}] ${new TextDecoder().decode(sentBody.slice(0, 120))} → ${response.status} ${text.slice(0, 300)}`;
  tally.requests += 1;
  tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
  if (response.status < 300) tally.succeeded.add(`${operation.apiName} ${operation.id}`);
  expect(response.status, described).toBeLessThan(500);
  expect(sandbox.violations.slice(violationsBefore), described).toEqual([]);
  const route = contract.match(request.method, contract.withoutBasePath(url.pathname));
  expect(route.kind, described).toBe("operation");
  if (route.kind !== "operation") return;
  expect(route.operation.id, described).toBe(operation.id);
  covered.add(`${operation.apiName} ${operation.id}`);
  const status = String(response.status);
  expect([status, `${status[0]}XX`, "default"].some((key) => route.operation.responseStatuses.includes(key)), described).toBe(true);
  const headers = Object.fromEntries([...request.headers].map(([name, value]) => [name.toLowerCase(), value]));
  const problems = await contract.checkRequest(route.operation, new SandboxRequest(request.method, new URL(url.pathname.replace(/^\/v1(\.1)?(?=\/)/, "") + url.search, url), headers, sentBody), route.pathParameters);
  if (problems.length > 0) {
    tally.rejected += 1;
    expect(response.status, `${described} breaks ${JSON.stringify(problems)}`).toBeGreaterThanOrEqual(400);
  }
  // Good credentials are never refused as such, unless a drawn parameter replaced one of them.
  const credentialProblem = problems.some((problem) => problem.location === "header" && problem.field.toLowerCase() === "x-user-identifier");
  const credentialReplaced = request.headers.get("x-user-identifier") !== (credentials.headers["X-User-Identifier"] ?? null);
  if (credentials.good && !credentialProblem && !credentialReplaced) expect(response.status, `${described}: good credentials refused`).not.toBe(401);
  const answerHeaders = Object.fromEntries([...response.headers].map(([name, value]) => [name.toLowerCase(), value]));
  const contentType = answerHeaders["content-type"] ?? "";
  const body = text === "" ? undefined : isJsonMediaType(contentType.split(";")[0]!.trim()) ? JSON.parse(text) : text;
  expect(contract.checkResponse(route.operation, { status: response.status, headers: answerHeaders, body }), described).toEqual([]);
}

describe("fuzzing every operation of the three descriptions against the in-process sandbox", () => {
  it("never answers 5xx, an undocumented status, an undocumented body, or anything but 4xx to a request the description rejects", async () => {
    for (const [index, operation] of operations.entries()) {
      await fc.assert(
        fc.asyncProperty(caseOf(operation), async (fuzzCase) => checkOne(operation, fuzzCase.auth, requestOf(operation, fuzzCase))),
        { seed: seed + index, numRuns: runsPerOperation, endOnFailure: true },
      );
    }
    const statuses = [...tally.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(" ");
    const neverSucceeded = operations.filter((operation) => !tally.succeeded.has(`${operation.apiName} ${operation.id}`)).map((operation) => operation.id);
    console.info(
      `fuzz-operations (seed ${seed}): ${covered.size}/${operations.length} operations (${tally.succeeded.size} answered 2xx; never: ${neverSucceeded.join(", ")}), ${tally.requests} requests (${tally.rejected} invalid by the description); ${statuses}`,
    );
    expect(covered.size).toBe(operations.length);
    expect(sandbox.violations).toEqual([]);
  });

  it("answers a malformed upload metadata header with good credentials 400, not 401 (found by this fuzzer)", async () => {
    const upload = (headers: Record<string, string>) =>
      sandbox.fetch(`${sandbox.urls.giniApi}/documents`, { method: "POST", headers: { ...good.clientBasic, ...headers, "Content-Type": "application/pdf" }, body: "%PDF-" });
    expect((await upload({ ...good.userIdentifier, "X-Document-Metadata-Product-Tag": "two words" })).status).toBe(400);
    expect((await upload({ "X-User-Identifier": "two words" })).status).toBe(401);
  });
});
