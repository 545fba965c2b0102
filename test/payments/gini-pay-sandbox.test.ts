// The Gini Pay helpers against the in-process sandbox: a requester creates a payment request
// from an invoice, a bank app of another client resolves it, the requester sees it paid; and
// the sandbox's own rules (who may delete, all-or-nothing batch deletes, providers and the
// configuration from its configuration).
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type InProcessSandbox } from "../../sandbox/index.js";
import {
  clientBasicAuthorization,
  createGiniPayClient,
  createPaymentRequestFromExtractions,
  GiniApiResponseError,
  PaymentInputError,
  PaymentTimeoutError,
  readPaymentRequest,
  resolvePaymentRequest,
  waitForPayment,
} from "../../src/index.js";

const requesterClient = { id: "health-app", secrets: ["health-secret"], derivedUsers: true };
const bankClient = { id: "bank-app", secrets: ["bank-secret"], derivedUsers: true };
const provider = { id: "b09ef70a-490f-11eb-952e-9bc6f4646c57", name: "Gini-Test-Payment-Provider", minAppVersion: { ios: "1.0", android: "1.0" }, colors: { background: "009EDC", text: "FFFFFF" } };
let sandbox: InProcessSandbox;

beforeAll(async () => {
  sandbox = await createSandbox({
    clients: [requesterClient, bankClient],
    giniPay: { paymentProviders: [provider], configuration: { communicationTone: "INFORMAL" }, requesterUri: "health-app://back" },
  });
});
afterAll(async () => {
  await sandbox.close();
  expect(sandbox.violations).toEqual([]);
});

const apiAs = (client: { id: string; secrets: string[] }, user: string) =>
  createGiniPayClient({
    baseUrl: sandbox.urls.giniApi,
    fetch: sandbox.fetch,
    headers: { Authorization: clientBasicAuthorization(client.id, client.secrets[0]!), "X-User-Identifier": user },
  });

const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Pages /Count 1 >> endobj\n%%EOF\n");
async function uploadInvoice(api: ReturnType<typeof apiAs>) {
  const created = await api.POST("/documents", { headers: { "Content-Type": "application/pdf" }, body: pdf as never, bodySerializer: (body: unknown) => body as BodyInit });
  expect(created.response.status).toBe(201);
  return created.response.headers.get("Location")!.split("/").pop()!;
}
const confirmed = { recipient: "Dr. med. Hackler", purpose: "ReNr AZ356789Z" };

describe("the Gini Pay journey against the sandbox", () => {
  it("creates a payment request from a document's extractions, a bank app of another client resolves it, the requester sees it paid", async () => {
    const requester = apiAs(requesterClient, "patient-1");
    const bank = apiAs(bankClient, "account-holder-1");
    const documentId = await uploadInvoice(requester);

    const providers = (await requester.GET("/paymentProviders")).data!;
    expect(providers.map(({ id, iconLocation }) => ({ id, iconLocation }))).toEqual([{ id: provider.id, iconLocation: `${sandbox.urls.giniApi}/paymentProviders/${provider.id}/icon` }]);

    const created = await createPaymentRequestFromExtractions(requester, documentId, { paymentProvider: provider.id, overrides: confirmed });
    expect(created.location).toBe(`${sandbox.urls.giniApi}/paymentRequests/${created.id}`);

    const open = await readPaymentRequest(bank, created.id);
    expect(open).toMatchObject({ status: "open", iban: "DE89370400440532013000", amount: "24.99:EUR", ...confirmed, paymentProvider: provider.id });
    expect(open._links?.sourceDocumentLocation).toBe(`${sandbox.urls.giniApi}/documents/${documentId}`);
    expect((await bank.GET("/paymentRequests/{paymentRequestId}/payment", { params: { path: { paymentRequestId: created.id } } })).response.status).toBe(404);

    const resolved = await resolvePaymentRequest(bank, created.id, { ...confirmed, iban: "DE89370400440532013000", amount: "20.99:EUR" });
    expect(resolved).toMatchObject({ status: "paid", requesterUri: "health-app://back", amount: "20.99:EUR" });

    const payment = await waitForPayment(requester, created.id, { intervalMs: 5, timeoutMs: 2000 });
    expect(payment).toMatchObject({ amount: "20.99:EUR", iban: "DE89370400440532013000", _links: { paymentRequest: created.location } });
    expect(payment.paidAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);

    await expect(resolvePaymentRequest(bank, created.id)).rejects.toMatchObject({ name: "GiniApiResponseError", operation: "resolvePaymentRequest", status: 409 });
  });

  it("names the missing extraction instead of creating a request without it", async () => {
    const requester = apiAs(requesterClient, "patient-2");
    const documentId = await uploadInvoice(requester);
    const attempt = createPaymentRequestFromExtractions(requester, documentId, { paymentProvider: provider.id });
    await expect(attempt).rejects.toBeInstanceOf(PaymentInputError);
    await expect(attempt).rejects.toMatchObject({ field: "extractions.paymentRecipient", rule: "is required (extracted or in overrides)" });
    expect((await requester.GET("/paymentRequests")).data).toEqual([]);
  });

  it("refuses an unknown provider with 400", async () => {
    const requester = apiAs(requesterClient, "patient-3");
    const documentId = await uploadInvoice(requester);
    const attempt = createPaymentRequestFromExtractions(requester, documentId, { paymentProvider: "no-such-provider", overrides: confirmed });
    await expect(attempt).rejects.toMatchObject({ name: "GiniApiResponseError", operation: "createPaymentRequest", status: 400 });
  });

  it("stops waiting with PaymentTimeoutError while the request stays open", async () => {
    const requester = apiAs(requesterClient, "patient-4");
    const { id } = await createPaymentRequestFromExtractions(requester, await uploadInvoice(requester), { paymentProvider: provider.id, overrides: confirmed });
    const waiting = waitForPayment(requester, id, { intervalMs: 5, timeoutMs: 60 });
    await expect(waiting).rejects.toBeInstanceOf(PaymentTimeoutError);
    await expect(waiting).rejects.toMatchObject({ paymentRequestId: id, timeoutMs: 60 });
  });
});

describe("payment requests: only their creator lists and deletes them", () => {
  it("lists the creator's requests newest first, refuses another user's delete with 403, deletes batches all or nothing", async () => {
    const requester = apiAs(requesterClient, "patient-5");
    const other = apiAs(requesterClient, "patient-6");
    const documentId = await uploadInvoice(requester);
    const first = await createPaymentRequestFromExtractions(requester, documentId, { paymentProvider: provider.id, overrides: confirmed });
    const second = await createPaymentRequestFromExtractions(requester, documentId, { paymentProvider: provider.id, overrides: confirmed });
    const list = await requester.GET("/paymentRequests", { params: { query: { limit: 1 } } });
    expect(list.data!.map((request) => request._links?.self)).toEqual([second.location]);
    expect((await other.GET("/paymentRequests")).data).toEqual([]);

    const foreign = await other.DELETE("/paymentRequests/{paymentRequestId}", { params: { path: { paymentRequestId: first.id } } });
    expect(foreign.response.status).toBe(403);

    const unknown = "bfb74b1b-567e-471e-ac5d-9e4494d0d049";
    const mixed = await other.DELETE("/paymentRequests", { body: [first.id, unknown] });
    expect(mixed.response.status).toBe(403);
    expect(mixed.error).toMatchObject({ unauthorizedPaymentRequests: [first.id], notFoundPaymentRequests: [unknown] });
    const missing = await requester.DELETE("/paymentRequests", { body: [first.id, unknown] });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ notFoundPaymentRequests: [unknown] });
    expect((await requester.GET("/paymentRequests")).data).toHaveLength(2);

    expect((await requester.DELETE("/paymentRequests", { body: [first.id, second.id] })).response.status).toBe(204);
    expect((await requester.GET("/paymentRequests")).data).toEqual([]);
    await expect(readPaymentRequest(requester, first.id)).rejects.toBeInstanceOf(GiniApiResponseError);
  });
});

describe("documents: the Health SDK's batch delete", () => {
  it("refuses unknown IDs with notFoundDocuments, a partial without its composite with missingCompositeDocuments, then deletes composites first", async () => {
    const api = apiAs(requesterClient, "patient-7");
    const partial = await uploadInvoice(api);
    const composite = await api.POST("/documents", {
      headers: { "Content-Type": "application/vnd.gini.v1.composite+json" },
      body: { partialDocuments: [{ document: `${sandbox.urls.giniApi}/documents/${partial}`, rotationDelta: 0 }] } as never,
    });
    const compositeId = composite.response.headers.get("Location")!.split("/").pop()!;
    const unknown = "626626a0-749f-11e2-bfd6-000000000000";

    const notFound = await api.DELETE("/documents", { body: [partial, unknown] });
    expect([notFound.response.status, notFound.error]).toMatchObject([404, { notFoundDocuments: [unknown] }]);
    const orphaned = await api.DELETE("/documents", { body: [partial] });
    expect([orphaned.response.status, orphaned.error]).toMatchObject([400, { missingCompositeDocuments: [partial] }]);

    expect((await api.DELETE("/documents", { body: [partial, compositeId] })).response.status).toBe(204);
    expect((await api.GET("/documents")).data?.totalCount).toBe(0);
  });
});

describe("providers and configuration come from the sandbox configuration", () => {
  it("serves the configured provider, 404 for another, and the configuration over the defaults", async () => {
    const api = apiAs(bankClient, "account-holder-2");
    expect((await api.GET("/paymentProviders/{paymentProviderId}", { params: { path: { paymentProviderId: provider.id } } })).data).toMatchObject({ name: provider.name });
    expect((await api.GET("/paymentProviders/{paymentProviderId}", { params: { path: { paymentProviderId: "unknown" } } })).response.status).toBe(404);
    const { data } = await api.GET("/configurations");
    expect(data).toMatchObject({ communicationTone: "INFORMAL", ingredientBrandType: "INVISIBLE", skontoEnabled: true });
  });

  it("defaults to two sandbox banks, each with an icon location", async () => {
    const defaults = await createSandbox({ clients: [requesterClient] });
    try {
      const api = createGiniPayClient({ baseUrl: defaults.urls.giniApi, fetch: defaults.fetch, headers: { Authorization: clientBasicAuthorization(requesterClient.id, requesterClient.secrets[0]!), "X-User-Identifier": "u" } });
      const { data } = await api.GET("/paymentProviders");
      expect(data?.map(({ name, iconLocation }) => [name, iconLocation?.endsWith("/icon")])).toEqual([
        ["Sandbox Bank", true],
        ["Sandbox Savings", true],
      ]);
      expect(defaults.violations).toEqual([]);
    } finally {
      await defaults.close();
    }
  });
});

describe("createGiniPayClient: the host's media type version", () => {
  const seen = (options: Parameters<typeof createGiniPayClient>[0]) => {
    const headers: Headers[] = [];
    const api = createGiniPayClient({ ...options, fetch: async (request: Request) => (headers.push(request.headers), new Response(null, { status: 204 })) });
    return { api, headers };
  };

  it("asks health-api for v5 and pay-api for v1, in Accept and Content-Type, with the same request checks", async () => {
    const health = seen({ host: "health" });
    await health.api.POST("/events/error", {
      headers: { Authorization: "Bearer t" },
      body: { device_model: "m", os_name: "Android", os_version: "14", capture_sdk_version: "1", api_lib_version: "1", description: "d" },
    });
    expect([health.headers[0]!.get("accept"), health.headers[0]!.get("content-type")]).toEqual(["application/vnd.gini.v5+json", "application/vnd.gini.v5+json"]);
    const pay = seen({ host: "pay" });
    await pay.api.GET("/configurations", { headers: { Authorization: "Bearer t" } });
    expect(pay.headers[0]!.get("accept")).toBe("application/vnd.gini.v1+json");
    const overridden = seen({ host: "health", mediaTypeVersion: 4 });
    await overridden.api.GET("/configurations", { headers: { Authorization: "Bearer t" } });
    expect(overridden.headers[0]!.get("accept")).toBe("application/vnd.gini.v4+json");
  });

  it("rejects a version or host it cannot send, naming the option", () => {
    expect(() => createGiniPayClient({ mediaTypeVersion: 0 })).toThrow(PaymentInputError);
    expect(() => createGiniPayClient({ mediaTypeVersion: 1.5 })).toThrow(/mediaTypeVersion must be an integer from 1 to 99/);
    expect(() => createGiniPayClient({ host: "elsewhere" as never })).toThrow(/host must be one of classic, pay, health, merchant/);
  });
});

describe("the files the sandbox answers", () => {
  const bytesOf = async (path: string) => {
    const response = await sandbox.fetch(`${sandbox.urls.giniApi}${path}`, { headers: { Authorization: clientBasicAuthorization(requesterClient.id, requesterClient.secrets[0]!), "X-User-Identifier": "patient-8" } });
    return { status: response.status, type: response.headers.get("content-type"), bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  it("a provider's icon is a 1×1 PNG in its background colour", async () => {
    const { status, type, bytes } = await bytesOf(`/paymentProviders/${provider.id}/icon`);
    expect([status, type]).toEqual([200, "image/png"]);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = Buffer.from(bytes);
    expect([view.readUInt32BE(16), view.readUInt32BE(20)]).toEqual([1, 1]);
    const idatLength = view.readUInt32BE(33);
    expect(view.subarray(37, 41).toString("latin1")).toBe("IDAT");
    expect([...inflateSync(view.subarray(41, 41 + idatLength))]).toEqual([0, 0x00, 0x9e, 0xdc]);
  });

  it("a page preview is a JPEG for each page, 404 past the last; the processed file a PDF", async () => {
    const documentId = await uploadInvoice(apiAs(requesterClient, "patient-8"));
    const page = await bytesOf(`/documents/${documentId}/pages/1/750x900`);
    expect([page.status, page.type, [...page.bytes.subarray(0, 3)]]).toEqual([200, "image/jpeg", [0xff, 0xd8, 0xff]]);
    expect((await bytesOf(`/documents/${documentId}/pages/2/large`)).status).toBe(404);
    const processed = await bytesOf(`/documents/${documentId}/processed`);
    expect([processed.status, Buffer.from(processed.bytes).toString("latin1")]).toEqual([200, expect.stringMatching(/^%PDF-1\.4\n[\s\S]*\/Count 1 /)]);
  });
});

describe("payment requests from the configuration", () => {
  it("start with the sandbox: owned by the configured user, paid when paidAt is given", async () => {
    const owner = { clientId: requesterClient.id, userIdentifier: "seeded-owner" };
    const seeded = await createSandbox({
      clients: [requesterClient],
      giniPay: {
        paymentRequests: [
          { id: "b4bd3e80-7bd1-11e4-95ab-000000000000", owner, paymentProvider: "7e72441c-32f8-11eb-b611-c3190574373c", ...confirmed, iban: "DE02300209000106531065", amount: "335.50:EUR", paidAt: "2020-12-07T15:53:26" },
          { id: "d4bd3e80-7bd1-11e4-95ab-000000000000", owner, paymentProvider: "7e72441c-32f8-11eb-b611-c3190574373c", ...confirmed, iban: "DE09900209000106531065", amount: "135.50:EUR" },
        ],
      },
    });
    try {
      const as = (user: string) => createGiniPayClient({ baseUrl: seeded.urls.giniApi, fetch: seeded.fetch, headers: { Authorization: clientBasicAuthorization(requesterClient.id, requesterClient.secrets[0]!), "X-User-Identifier": user } });
      expect((await as("seeded-owner").GET("/paymentRequests")).data?.map((request) => request.status)).toEqual(["open", "paid"]);
      expect((await as("someone-else").GET("/paymentRequests")).data).toEqual([]);
      expect(await waitForPayment(as("someone-else"), "b4bd3e80-7bd1-11e4-95ab-000000000000", { timeoutMs: 500 })).toMatchObject({ paidAt: "2020-12-07T15:53:26", amount: "335.50:EUR" });
      expect(await resolvePaymentRequest(as("bank-user"), "d4bd3e80-7bd1-11e4-95ab-000000000000")).toMatchObject({ status: "paid", amount: "135.50:EUR" });
      expect(seeded.violations).toEqual([]);
    } finally {
      await seeded.close();
    }
  });

  it("rejects a configured request that breaks a rule, naming the field", async () => {
    await expect(createSandbox({ clients: [requesterClient], giniPay: { paymentRequests: [{ id: "x", owner: { clientId: "c", userIdentifier: "u" }, paymentProvider: "p", ...confirmed, iban: "not an iban", amount: "1.00:EUR" }] } })).rejects.toThrow(
      /giniPay\.paymentRequests\.0\.iban breaks the rule "pattern"/,
    );
  });
});
