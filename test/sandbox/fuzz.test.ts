// Property-based tests: requests generated from the descriptions' schemas, valid and broken,
// with good, bad and missing credentials. Whatever arrives, the sandbox never answers 5xx,
// answers only statuses the operation documents, answers a request the description rejects
// with a 4xx, and changes nothing that belongs to another user. And what the Gini API's
// description promises holds: every documented upload media type is stored, no other is taken,
// `next` is read as the int64 it is documented as.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { SandboxRequest } from "../../sandbox/http-types.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ApiName, apis } from "../../generated/apis.js";
import { ApiContract } from "../../src/registry/api-contract.js";
import { basicAuthorization } from "../support/mock.js";
import { bodyArbitrary, validArbitrary } from "./support/schema-arbitrary.js";
import { clientBasic, clientToken, logIn, signUp, useSandbox } from "./support/sandbox.js";

// `FUZZ_SEED=<n>` runs another seed (to look further); the default keeps `npm test` reproducible.
const seed = Number(process.env.FUZZ_SEED ?? 20261127);
const runsPerApi = 300;
const target = useSandbox();

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array<ArrayBuffer>;
}

// The generators draw values from the schemas themselves, so they read the bundled descriptions.
const documents = Object.fromEntries(apis.map((api) => [api.name, JSON.parse(readFileSync(api.documentPath, "utf8")) as Record<string, unknown>])) as Record<ApiName, Record<string, unknown>>;
const contracts = { "user-center": ApiContract.of("user-center"), "gini-api": ApiContract.of("gini-api"), innodata: ApiContract.of("innodata") };
const schemaOf = (apiName: ApiName, path: string, method: string, mediaType: string) =>
  (documents[apiName].paths as Record<string, Record<string, { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } }>>)[path]![method]!.requestBody.content[mediaType]!.schema;
const documentOf = (apiName: ApiName) => documents[apiName];

const createDocumentBody = (documents["gini-api"].paths as Record<string, Record<string, { requestBody: { content: Record<string, unknown> } }>>)["/documents"]!.post!.requestBody;
/** Every media type `createDocument` documents, from the bundled description. */
const uploadMediaTypes = Object.keys(createDocumentBody.content);

/** RFC 7235 §2.1: any spelling of the scheme name is the same scheme. */
const schemeCase = (scheme: string) => fc.constantFrom(scheme, scheme.toUpperCase(), scheme.toLowerCase());
const json = (value: unknown) => (value === undefined ? "" : JSON.stringify(value));
const form = (value: unknown) =>
  typeof value === "object" && value !== null ? new URLSearchParams(Object.entries(value).map(([key, field]) => [key, String(field)])).toString() : String(value);
const brokenJson = fc.constantFrom("{", '{"email": }', "null", "[]", "");

/** Identities set up before the run: what the fuzzer may use, and what belongs to others. */
interface World {
  fuzzUser: { id: string; email: string; password: string };
  fuzzToken: string;
  fuzzDocumentId: string;
  innodataKey: string;
  victimSnapshot: () => string;
  victimDocumentIds: string[];
}
const world = {} as World;

beforeAll(async () => {
  const { sandbox } = target;
  const state = sandbox.state;
  world.fuzzUser = await signUp(target);
  world.fuzzToken = (await logIn(target, world.fuzzUser.email, world.fuzzUser.password)).data!.access_token;
  const victim = await signUp(target);
  const victimToken = (await logIn(target, victim.email, victim.password)).data!.access_token;
  const victimDerived = { Authorization: clientBasic, "X-User-Identifier": "victim" };
  const upload = async (headers: Record<string, string>) => {
    const response = await fetch(`${sandbox.urls.giniApi}/documents?filename=mine.pdf`, { method: "POST", headers: { ...headers, "Content-Type": "application/pdf" }, body: "%PDF-" });
    return response.headers.get("Location")!.split("/").pop()!;
  };
  world.victimDocumentIds = [await upload({ Authorization: `Bearer ${victimToken}` }), await upload(victimDerived)];
  world.fuzzDocumentId = await upload({ Authorization: clientBasic, "X-User-Identifier": "fuzzer" });
  const innodataUrl = `${sandbox.urls.innodata}/v1.1`;
  const post = (path: string, body: object) => fetch(`${innodataUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  for (const name of ["fuzzer", "victim"]) {
    await post("/users", { name, email: `${name}@innodata.example.com`, password: `${name}-password` });
    const login = await post("/users/login", { authentication_method: "password", username: `${name}@innodata.example.com`, password: `${name}-password` });
    if (name === "fuzzer") world.innodataKey = ((await login.json()) as { response: { api_keys: { live: string } } }).response.api_keys.live;
  }
  world.victimSnapshot = () =>
    JSON.stringify([
      state.userById(victim.id),
      state.validToken(victimToken) !== undefined,
      state.documents({ userId: victim.id }),
      state.documents({ clientId: "test-client", userIdentifier: "victim" }),
      state.innodataUserByEmail("victim@innodata.example.com"),
    ]);
});

/** Stands for a fresh client token in a generated `Authorization` value; fetched when the case runs. */
const clientTokenPlaceholder = "{client-token}";

const userCenterRequests = () => {
  const document = documentOf("user-center");
  const bearer = fc.oneof(
    schemeCase("Bearer").map((scheme) => `${scheme} ${clientTokenPlaceholder}`),
    fc.constantFrom(`Bearer ${world.fuzzToken}`, "Bearer not-a-token", undefined),
  );
  const basic = fc.constantFrom(clientBasic, basicAuthorization("test-client", "wrong"), "Basic !!", undefined);
  const userId = fc.oneof(fc.constant(world.fuzzUser.id), fc.uuid(), fc.string({ minLength: 1, maxLength: 8 }).map(encodeURIComponent), fc.constantFrom("%E0%A4%A", "%", "a%2Fb"));
  const grantType = fc.oneof(fc.constantFrom("password", "client_credentials"), fc.string({ maxLength: 12 }));
  const jsonBody = (path: string, method: string) => bodyArbitrary(schemaOf("user-center", path, method, "application/json"), document).map(json);
  const withJson = (authorization: string | undefined): Record<string, string> => ({ ...(authorization && { Authorization: authorization }), "Content-Type": "application/json" });
  return fc
    .oneof(
      fc.record({ auth: bearer, body: fc.oneof(jsonBody("/api/users", "post"), brokenJson) }).map(({ auth, body }) => ({ method: "POST", path: "/api/users", headers: withJson(auth), body })),
      fc.record({ auth: bearer, id: userId, method: fc.constantFrom("GET", "DELETE") }).map(({ auth, id, method }) => ({ method, path: `/api/users/${id}`, headers: auth ? { Authorization: auth } : ({} as Record<string, string>) })),
      fc.record({ auth: bearer, id: userId, body: jsonBody("/api/users/{userId}", "put") }).map(({ auth, id, body }) => ({ method: "PUT", path: `/api/users/${id}`, headers: withJson(auth), body })),
      fc.record({ auth: bearer, id: userId, body: jsonBody("/api/users/{userId}", "post") }).map(({ auth, id, body }) => ({ method: "POST", path: `/api/users/${id}`, headers: withJson(auth), body })),
      fc.record({ auth: basic, grant: grantType, method: fc.constantFrom("GET", "POST"), body: bodyArbitrary(schemaOf("user-center", "/oauth/token", "post", "application/x-www-form-urlencoded"), document).map(form) }).map(
        ({ auth, grant, method, body }): FuzzRequest => ({
          method,
          path: `/oauth/token?grant_type=${encodeURIComponent(grant)}`,
          headers: { ...(auth && { Authorization: auth }), ...(method === "POST" && { "Content-Type": "application/x-www-form-urlencoded" }) },
          ...(method === "POST" && { body }),
        }),
      ),
    )
    .map(async (request: FuzzRequest): Promise<FuzzRequest> => {
      const authorization = request.headers.Authorization;
      if (!authorization?.includes(clientTokenPlaceholder)) return request;
      return { ...request, headers: { ...request.headers, Authorization: authorization.replace(clientTokenPlaceholder, await clientToken(target)) } };
    });
};

const giniRequests = () => {
  const document = documentOf("gini-api");
  const auth = fc.oneof(
    fc.constant({ Authorization: clientBasic, "X-User-Identifier": "fuzzer" }),
    schemeCase("Bearer").map((scheme) => ({ Authorization: `${scheme} ${world.fuzzToken}` })),
    fc.string({ maxLength: 20 }).map((identifier) => ({ Authorization: clientBasic, "X-User-Identifier": identifier.replace(/[\r\n]/g, "") })),
    fc.constant({} as Record<string, string>),
  );
  const accept = fc.constantFrom<Record<string, string>>({}, { Accept: "application/vnd.gini.v1+json" }, { Accept: "application/vnd.gini.v9+xml" }, { Accept: "*/*" });
  const documentId = fc.oneof(fc.constant(world.fuzzDocumentId), fc.constantFrom(...world.victimDocumentIds), fc.uuid(), fc.string({ minLength: 1, maxLength: 8 }).map(encodeURIComponent), fc.constantFrom("%E0%A4%A", "%"));
  const feedback = bodyArbitrary(schemaOf("gini-api", "/documents/{documentId}/extractions", "put", "application/vnd.gini.v1+json"), document).map(json);
  const composite = bodyArbitrary(schemaOf("gini-api", "/documents", "post", "application/vnd.gini.v1.composite+json"), document).map(json);
  const paging = fc.oneof(
    validArbitrary({ type: "object", properties: { limit: { type: "integer", minimum: 1, maximum: 50 }, next: { type: "integer", minimum: 0 }, offset: { type: "integer", minimum: 0, maximum: 5 } } }, document),
    fc.record({ limit: fc.constantFrom("0", "-5", "abc", "2.5") }),
    // `next` is an int64: the whole range and just past it, where a double would round.
    fc.record({ next: fc.oneof(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.bigInt({ min: 2n ** 63n - 2048n, max: 2n ** 63n + 2048n })).map(String) }),
  );
  return fc.oneof(
    fc.record({ auth, accept, paging }).map(({ auth: credentials, accept: wanted, paging: query }) => ({ method: "GET", path: `/documents?${form(query)}`, headers: { ...credentials, ...wanted } })),
    fc.record({ auth, accept, id: documentId, sub: fc.constantFrom("", "/extractions", "/layout", "/pages"), method: fc.constantFrom("GET", "GET", "DELETE") }).map(({ auth: credentials, accept: wanted, id, sub, method }) => ({
      method: sub === "" ? method : "GET",
      path: `/documents/${id}${sub}`,
      headers: { ...credentials, ...wanted },
    })),
    fc.record({ auth, id: documentId, body: feedback, method: fc.constantFrom("PUT", "POST"), contentType: fc.constantFrom("application/vnd.gini.v1+json", "application/json", "text/plain") }).map(({ auth: credentials, id, body, method, contentType }) => ({
      method,
      path: `/documents/${id}/extractions${method === "POST" ? "/feedback" : ""}`,
      headers: { ...credentials, "Content-Type": contentType },
      body,
    })),
    fc.record({ auth, body: fc.oneof(composite, brokenJson) }).map(({ auth: credentials, body }) => ({ method: "POST", path: "/documents", headers: { ...credentials, "Content-Type": "application/vnd.gini.v1.composite+json" }, body })),
    fc.record({ auth, bytes: fc.uint8Array({ maxLength: 64 }), type: fc.constantFrom(...uploadMediaTypes.filter((type) => !type.endsWith("json")), "application/octet-stream", "application/zip") }).map(({ auth: credentials, bytes, type }) => ({ method: "POST", path: "/documents?filename=fuzz", headers: { ...credentials, "Content-Type": type }, body: bytes })),
  ).map(async (request): Promise<FuzzRequest> => request);
};

const innodataRequests = () => {
  const document = documentOf("innodata");
  const prefix = fc.constantFrom("", "/v1", "/v1.1");
  const key = fc.oneof(fc.constant(world.innodataKey), fc.string({ maxLength: 30 }).map((text) => `user-live-${text}`));
  return fc.oneof(
    fc.record({ prefix, body: fc.oneof(bodyArbitrary(schemaOf("innodata", "/users", "post", "application/json"), document).map(json), brokenJson) }).map(({ prefix: base, body }) => ({ method: "POST", path: `${base}/users`, headers: { "Content-Type": "application/json" }, body })),
    fc.record({ prefix, body: fc.oneof(bodyArbitrary(schemaOf("innodata", "/users/login", "post", "application/json"), document).map(json), brokenJson) }).map(({ prefix: base, body }) => ({ method: "POST", path: `${base}/users/login`, headers: { "Content-Type": "application/json" }, body })),
    fc.record({ prefix, key, password: fc.constantFrom("", "x"), scheme: schemeCase("Basic") }).map(({ prefix: base, key: apiKey, password, scheme }) => ({
      method: "GET",
      path: `${base}/users/me`,
      headers: { Authorization: basicAuthorization(apiKey, password).replace("Basic", scheme) },
    })),
  ).map(async (request): Promise<FuzzRequest> => request);
};

const baseUrls = (apiName: ApiName) => ({ "user-center": target.sandbox.urls.userCenter, "gini-api": target.sandbox.urls.giniApi, innodata: target.sandbox.urls.innodata })[apiName];

async function checkOne(apiName: ApiName, request: FuzzRequest, tally: { cases: number; invalid: number }) {
  const before = world.victimSnapshot();
  const response = await fetch(`${baseUrls(apiName)}${request.path}`, { method: request.method, headers: request.headers, body: request.body ?? null });
  const text = await response.text();
  const contract = contracts[apiName];
  const url = new URL(request.path, "http://sandbox");
  url.pathname = url.pathname.replace(/^\/v1(\.1)?(?=\/)/, "");
  const route = contract.match(request.method, url.pathname);
  const described = `${request.method} ${request.path} → ${response.status} ${text.slice(0, 200)}`;
  expect(response.status, described).toBeLessThan(500);
  tally.cases += 1;
  if (route.kind !== "operation") return;
  expect(route.operation.responseStatuses, described).toContain(String(response.status));
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  // As received: a field value has no leading or trailing whitespace (RFC 9110 §5.5), fetch strips it.
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value.replace(/^[ \t]+|[ \t]+$/g, "")]));
  const problems = await contract.checkRequest(route.operation, new SandboxRequest(request.method, url, headers, body), route.pathParameters);
  if (problems.length > 0) {
    tally.invalid += 1;
    expect(response.status, described).toBeGreaterThanOrEqual(400);
  }
  expect(world.victimSnapshot(), `${described} changed another user's data`).toBe(before);
}

describe.each([
  ["user-center", userCenterRequests],
  ["gini-api", giniRequests],
  ["innodata", innodataRequests],
] as [ApiName, () => fc.Arbitrary<Promise<FuzzRequest>>][])("fuzzing the sandbox's %s with requests from its description", (apiName, requests) => {
  it(
    `never answers 5xx or an undocumented status, answers every invalid request with 4xx, and leaves other users' data alone (seed ${seed})`,
    async () => {
      const tally = { cases: 0, invalid: 0 };
      await fc.assert(
        fc.asyncProperty(requests(), async (pending) => checkOne(apiName, await pending, tally)),
        { seed, numRuns: runsPerApi },
      );
      console.log(`fuzz ${apiName}: ${tally.cases} cases (${tally.invalid} invalid by the description), seed ${seed}`);
      expect(tally.cases).toBe(runsPerApi);
      expect(target.sandbox.violations).toEqual([]);
    },
    120_000,
  );
});

describe("the sandbox against what the Gini API description promises", () => {
  const derived = () => ({ Authorization: clientBasic, "X-User-Identifier": "fuzzer" });
  const fixture = (name: string) => new Uint8Array(readFileSync(join("test/fixtures/documents", name)));
  const pdf = fixture("invoice-2-pages.pdf");
  const file: Record<string, Uint8Array<ArrayBuffer>> = { pdf, jpeg: fixture("page.jpg"), png: fixture("page.png"), tiff: fixture("page.tiff"), gif: fixture("page.gif") };

  /** A partial document of its own (the property runs above may have deleted the fuzzer's). */
  async function partialDocument() {
    const response = await fetch(`${target.sandbox.urls.giniApi}/documents`, { method: "POST", headers: { ...derived(), "Content-Type": "application/vnd.gini.v1.partial+pdf" }, body: pdf });
    return response.headers.get("Location")!;
  }

  /** A body of `mediaType` that the API takes; `undefined` for a type this test does not know yet. */
  async function uploadOf(mediaType: string): Promise<{ body: BodyInit; contentType?: string } | undefined> {
    const subtype = /^(?:image\/|application\/(?:vnd\.gini\.v1\.partial\+)?)(pdf|jpeg|png|tiff|gif)$/.exec(mediaType)?.[1];
    if (subtype) return { body: file[subtype]! };
    if (mediaType === "text/plain") return { body: "Rechnung Nr. 1\nBetrag: 12,50 EUR\n" };
    if (mediaType === "application/vnd.gini.v1.partial+qr+json") return { body: JSON.stringify({ qrCode: "BCD\n001\n1\nSCT" }) };
    if (mediaType === "application/vnd.gini.v1.composite+json") return { body: JSON.stringify({ partialDocuments: [{ document: await partialDocument() }] }) };
    if (mediaType === "multipart/form-data") {
      const form = new FormData();
      form.append("file", new Blob([pdf], { type: "application/pdf" }), "invoice.pdf");
      // fetch writes the boundary into the Content-Type itself.
      return { body: form, contentType: undefined };
    }
    return undefined;
  }

  it.each(uploadMediaTypes)("stores an upload of every documented media type: %s", async (mediaType) => {
    const upload = await uploadOf(mediaType);
    expect(upload, `no sample body for ${mediaType}: add one`).toBeDefined();
    const contentType = upload && "contentType" in upload ? upload.contentType : mediaType;
    const response = await fetch(`${target.sandbox.urls.giniApi}/documents?filename=sample`, {
      method: "POST",
      headers: { ...derived(), ...(contentType && { "Content-Type": contentType }) },
      body: upload!.body,
    });
    expect(response.status, await response.text()).toBe(201);
    const stored = await fetch(response.headers.get("Location")!, { headers: derived() });
    const document = (await stored.json()) as { pageCount: number; sourceClassification: string };
    // The two-page PDF, as a file, a partial, a form's part or the one partial of a composite; every other file is one page.
    expect(document.pageCount).toBe(/pdf$|^multipart\/|composite/.test(mediaType) ? 2 : 1);
    if (mediaType.endsWith("composite+json")) expect(document.sourceClassification).toBe("COMPOSITE");
  });

  it("answers 415 to a media type the description does not list, without a catch-all", async () => {
    expect(uploadMediaTypes).not.toContain("*/*");
    for (const type of ["application/octet-stream", "application/zip", "image/webp"]) {
      const response = await fetch(`${target.sandbox.urls.giniApi}/documents`, { method: "POST", headers: { ...derived(), "Content-Type": type }, body: pdf });
      expect(response.status, type).toBe(415);
    }
  });

  it("reads `next` as an int64 without loss: the whole range is taken, one past it is refused", async () => {
    const page = (next: string) => fetch(`${target.sandbox.urls.giniApi}/documents?next=${next}`, { headers: derived() });
    for (const next of ["0", "9223372036854775806", "9223372036854775807"]) {
      const response = await page(next);
      expect(response.status, next).toBe(200);
      const { documents: listed } = (await response.json()) as { documents: unknown[] };
      // Nothing was created at the epoch; everything was created before 2 ** 63 - 2.
      if (next === "0") expect(listed).toEqual([]);
      else expect(listed.length, next).toBeGreaterThan(0);
    }
    for (const next of ["9223372036854775808", "-1", "18446744073709551616"]) expect((await page(next)).status, next).toBe(400);
  });
});
