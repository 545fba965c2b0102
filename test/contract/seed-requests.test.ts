// Every request of the seeds, as written there, with only the scheme and host changed, gets the
// status the seeds document. Raw `fetch`, no typed client: this is what a user pasting a seed's
// curl command sees.
import { describe, expect, it } from "vitest";
import { type ApiName, useApi } from "../support/mock.js";
import { useResponseValidation } from "../support/response-validation.js";

interface SeedRequest {
  seed: string;
  api: ApiName;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  status: number;
  location?: boolean;
}

const seedClientBasic = "Basic Y2xpZW50LWlkOnNlY3JldA=="; // client-id:secret, seed 003
const seed000ClientBasic = `Basic ${btoa("client-id:client-secret")}`; // curl -u 'client-id:client-secret', seed 000
const form = "application/x-www-form-urlencoded";

// Seed 000 lost its URLs and email addresses in rendering (seeds README errata); they are filled
// in with the hosts the errata name and an example.com address.
const seedRequests: SeedRequest[] = [
  { seed: "000 list user1's documents", api: "gini-api", method: "GET", path: "/documents", headers: { Accept: "application/vnd.gini.v1+json", Authorization: seed000ClientBasic, "X-User-Identifier": "user1" }, status: 200 },
  { seed: "000 step 1, client token", api: "user-center", method: "GET", path: "/oauth/token?grant_type=client_credentials", headers: { Accept: "application/json", Authorization: seed000ClientBasic }, status: 200 },
  { seed: "000 step 2, create user", api: "user-center", method: "POST", path: "/api/users", headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "BEARER 1eb7ca49-d99f-40cb-b86d-8dd689ca2345" }, body: '{"email":"3c3a0e7c-2a4f-4d6b-9f27-7d1f5b0d2a11@example.com", "password":"geheim"}', status: 201, location: true },
  { seed: "000 step 3, log in", api: "user-center", method: "POST", path: "/oauth/token?grant_type=password", headers: { "Content-Type": form, Accept: "application/json", Authorization: seed000ClientBasic }, body: "username=3c3a0e7c-2a4f-4d6b-9f27-7d1f5b0d2a11%40example.com&password=geheim", status: 200 },
  { seed: "003 client token", api: "user-center", method: "GET", path: "/oauth/token?grant_type=client_credentials", headers: { Authorization: seedClientBasic, Accept: "application/json" }, status: 200 },
  { seed: "003 get user with the client token", api: "user-center", method: "GET", path: "/api/users/c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e", headers: { Authorization: "BEARER 74c1e7fe-e464-451f-a6eb-8f0998c46ff6", Accept: "application/json" }, status: 200 },
  { seed: "003 password grant", api: "user-center", method: "POST", path: "/oauth/token?grant_type=password", headers: { Authorization: seedClientBasic, Accept: "application/json", "Content-Type": form }, body: "username=some_user@example.com&password=supersecret", status: 200 },
  { seed: "003 create user", api: "user-center", method: "POST", path: "/api/users", headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "BEARER 74c1e7fe-e464-451f-a6eb-8f0998c46ff6" }, body: '{"email":"some_user@example.com", "password":"supersecret"}', status: 201, location: true },
  { seed: "003 retrieve user", api: "user-center", method: "GET", path: "/api/users/88a28076-18e8-4275-b39c-eaacc240d406", headers: { Authorization: "BEARER 74c1e7fe-e464-451f-a6eb-8f0998c46ff6", Accept: "application/json" }, status: 200 },
  ...[
    '{"oldPassword":"supersecret","password":"anothersecret"}',
    '{"oldEmail":"old@email.com","email":"my.new@email.com"}',
    '{"oldPassword":"supersecret","password":"anothersecret","oldEmail":"old@email.com","email":"my.new@email.com"}',
  ].map((body, index) => ({ seed: `003 change password and/or email (${index + 1} of 3, JSON fixed)`, api: "user-center" as const, method: "PUT", path: "/api/users/c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e", headers: { Authorization: "BEARER 74c1e7fe-e464-451f-a6eb-8f0998c46ff6", "Content-Type": "application/json" }, body, status: 204 })),
  { seed: "003 delete user", api: "user-center", method: "DELETE", path: "/api/users/16aecc72-8032-4df6-9686-eaf4ec9532b8", headers: { Authorization: "BEARER 74c1e7fe-e464-451f-a6eb-8f0998c46ff6", "Content-Type": "application/json" }, status: 204 },
  { seed: "004 change password (POST, JSON fixed)", api: "user-center", method: "POST", path: "/api/users/c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e", headers: { Authorization: "BEARER 74c1e7fe-e464-451f-a6eb-8f0998c46ff6", "Content-Type": "application/json" }, body: '{"oldPassword":"supersecret","password":"anothersecret"}', status: 204 },
  { seed: "002 create user (/v1)", api: "innodata", method: "POST", path: "/v1/users", headers: { "Content-type": "application/json" }, body: '{"name":"My Name Goes Here","email":"me@example.com","password":"my secret passw0rd!!!","demo":false}', status: 201 },
  { seed: "002 log in (/v1.1)", api: "innodata", method: "POST", path: "/v1.1/users/login", headers: { "Content-type": "application/json" }, body: '{"authentication_method":"password","username":"me@example.com","password":"my secret passw0rd!!!"}', status: 200 },
  { seed: "002 API key => user lookup", api: "innodata", method: "GET", path: "/v1.1/users/me", headers: { Authorization: "Basic dXNlci1saXZlLTYzMmE1YTYzLWQ2ZDYtNDI0Ni05MWNhLWQ1NDY2MzI2OThkMzo=" }, status: 200 },
  { seed: "002 browser example (Authorization, not the prose's Authentication)", api: "innodata", method: "GET", path: "/v1.1/users/me", headers: { "Content-type": "application/json", Authorization: `Basic ${btoa("user-live-632a5a63-d6d6-4246-91ca-d546632698d3:")}` }, status: 200 },
];

const targets = { "user-center": useApi("user-center"), "gini-api": useApi("gini-api"), innodata: useApi("innodata") };
const checkedFetch = {
  "user-center": useResponseValidation("user-center", targets["user-center"]),
  "gini-api": useResponseValidation("gini-api", targets["gini-api"]),
  innodata: useResponseValidation("innodata", targets.innodata),
};

describe("seed requests against the mocks", () => {
  it.each(seedRequests)("seed $seed → $status", async ({ api, method, path, headers, body, status, location }) => {
    const response = await checkedFetch[api](`${targets[api].url}${path}`, { method, headers, body });
    expect(response.status, await response.clone().text()).toBe(status);
    if (location) expect(response.headers.get("Location")).toMatch(/^https:\/\/user\.gini\.net\/api\/users\/[0-9a-f-]{36}$/);
  });

  it("answers the seed 003 example bodies", async () => {
    const user = await checkedFetch["user-center"](`${targets["user-center"].url}/api/users/88a28076-18e8-4275-b39c-eaacc240d406`, {
      headers: { Authorization: "BEARER 74c1e7fe-e464-451f-a6eb-8f0998c46ff6", Accept: "application/json" },
    });
    expect(await user.json()).toEqual({ id: "88a28076-18e8-4275-b39c-eaacc240d406", email: "some_user@example.com" });
  });

  it("answers 401 to seed 002's prose header name `Authentication` (erratum: the header is Authorization)", async () => {
    const response = await checkedFetch.innodata(`${targets.innodata.url}/v1.1/users/me`, {
      headers: { Authentication: `Basic ${btoa("user-live-632a5a63-d6d6-4246-91ca-d546632698d3:")}` },
    });
    expect(response.status).toBe(401);
  });
});
