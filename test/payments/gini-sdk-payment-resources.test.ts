// The test resources of Gini's SDKs for payment requests, payments and providers are recorded in
// test/fixtures/gini-sdk/sources.json, where test/documents/gini-api-bodies.test.ts checks each
// against the description. This file makes sure none of the Gini Pay operations is left without
// one, and that each recorded file names the commit it was copied from.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ApiContract } from "../../src/registry/api-contract.js";

interface CollectedBody {
  file: string;
  repository: string;
  path: string;
  commit?: string;
  operation: string;
  response?: string;
  valid: boolean;
}

const fixtures = new URL("../fixtures/gini-sdk/", import.meta.url);
const bodies = (JSON.parse(readFileSync(new URL("sources.json", fixtures), "utf8")) as { bodies: CollectedBody[] }).bodies;
const contract = ApiContract.of("gini-api");

/** The operations whose bodies Gini's SDKs have test resources for (docs/gini-pay.md). */
const withResources = ["listPaymentRequests", "getPaymentRequest", "createPaymentRequest", "deletePaymentRequests", "deletePaymentRequest", "getPayment", "resolvePaymentRequest", "listPaymentProviders", "getPaymentProvider"];

describe("Gini SDK test resources for Gini Pay", () => {
  it("cover every Gini Pay operation the SDKs have a resource for, from both SDKs", () => {
    const covered = new Set(bodies.map((body) => body.operation));
    expect(withResources.filter((operation) => !covered.has(operation))).toEqual([]);
    const repositories = new Set(bodies.filter((body) => withResources.includes(body.operation)).map((body) => body.repository));
    expect([...repositories].sort()).toEqual(["gini/gini-mobile-android", "gini/gini-mobile-ios"]);
  });

  it("are operations of the description, each with its repository, path and a 40-hex commit", () => {
    const ids = new Set(contract.api.operations.map((operation) => operation.id));
    for (const body of bodies.filter((entry) => withResources.includes(entry.operation))) {
      expect(ids.has(body.operation), body.operation).toBe(true);
      expect(body.commit, body.file).toMatch(/^[0-9a-f]{40}$/);
      expect(body.path.endsWith(".json"), body.file).toBe(true);
      expect(() => JSON.parse(readFileSync(new URL(body.file, fixtures), "utf8")), body.file).not.toThrow();
    }
  });
});

describe("the payment schemas reject what the SDKs could not parse", () => {
  const check = (method: string, path: string, status: number, body: unknown) => {
    const match = contract.match(method, path);
    if (match.kind !== "operation") throw new Error(`${method} ${path} does not route`);
    return contract.checkResponse(match.operation, { status, headers: { "content-type": "application/vnd.gini.v1+json" }, body });
  };
  const request = JSON.parse(readFileSync(new URL("android-payment-request.json", fixtures), "utf8")) as Record<string, unknown>;

  it("a payment request without status, or with an amount without currency", () => {
    const path = "/paymentRequests/b4bd3e80-7bd1-11e4-95ab-000000000000";
    expect(check("GET", path, 200, request)).toEqual([]);
    const { status: _status, ...withoutStatus } = request;
    expect(check("GET", path, 200, withoutStatus)).not.toEqual([]);
    expect(check("GET", path, 200, { ...request, amount: "335.50" })).not.toEqual([]);
  });

  it("a provider list that is an object, not the bare array the SDKs decode", () => {
    expect(check("GET", "/paymentProviders", 200, { paymentProviders: [] })).not.toEqual([]);
  });
});
