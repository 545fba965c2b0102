import { afterEach, describe, expect, it } from "vitest";
import { SandboxRequest } from "../../sandbox/http-types.js";
import { ApiContract } from "../../src/registry/api-contract.js";
import { brokenServerAuthorization, startBrokenTokenServer } from "./support/broken-server.js";

const contract = ApiContract.of("user-center");
const operation = (method: string, path: string) => {
  const route = contract.match(method, path);
  if (route.kind !== "operation") throw new Error(`${method} ${path} is no operation`);
  return route;
};
const request = (method: string, path: string, headers: Record<string, string> = {}, body = "") =>
  new SandboxRequest(method, new URL(path, "http://sandbox"), headers, Buffer.from(body));

describe("checking requests against the description", () => {
  it("names each broken rule by field and keyword, never by value", async () => {
    const { operation: createUser, pathParameters } = operation("POST", "/api/users");
    const problems = await contract.checkRequest(createUser, request("POST", "/api/users", { "content-type": "application/json" }, '{"email":"not-an-email","password":"short"}'), pathParameters);
    expect(problems).toEqual(
      expect.arrayContaining([
        { location: "body", field: "email", rule: "format" },
        { location: "body", field: "password", rule: "minLength" },
      ]),
    );
    expect(JSON.stringify(problems)).not.toContain("short");
  });

  it("checks path and query parameters, and matches literal paths before templates", async () => {
    const { operation: getUser, pathParameters } = operation("GET", "/api/users/not-a-uuid");
    expect(await contract.checkRequest(getUser, request("GET", "/api/users/not-a-uuid"), pathParameters)).toEqual([{ location: "path", field: "userId", rule: "format" }]);
    const { operation: token } = operation("GET", "/oauth/token");
    expect(await contract.checkRequest(token, request("GET", "/oauth/token?grant_type=implicit"), {})).toEqual([{ location: "query", field: "grant_type", rule: "const" }]);
    expect(contract.match("PATCH", "/api/users")).toEqual({ kind: "no-method", allowed: ["POST"] });
    expect(contract.match("GET", "/elsewhere")).toEqual({ kind: "no-path" });
  });
});

describe("checking answers against the description", () => {
  const { operation: getUser } = operation("GET", "/api/users/c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e");
  const { operation: createUser } = operation("POST", "/api/users");

  it.each([
    ["an undocumented status", getUser, { status: 418, headers: {} }, "status 418 is not documented"],
    ["a body that breaks the schema", getUser, { status: 200, headers: { "content-type": "application/json" }, body: { id: "x" } }, "body.email is required"],
    ["an undocumented content type", getUser, { status: 200, headers: { "content-type": "text/plain" }, body: "x" }, 'content type "text/plain" is not documented for status 200'],
    ["a missing required header", createUser, { status: 201, headers: {} }, "header Location is required"],
    ["a body where none is documented", createUser, { status: 201, headers: { "content-type": "application/json", location: "https://user.gini.net/api/users/c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e" }, body: {} }, "status 201 documents no body"],
  ])("finds %s", (_case, checked, response, violation) => {
    expect(contract.checkResponse(checked, response)).toContain(violation);
  });

  it("accepts a documented answer", () => {
    expect(contract.checkResponse(getUser, { status: 200, headers: { "content-type": "application/json" }, body: { id: "c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e", email: "a@example.com" } })).toEqual([]);
  });
});

describe("a handler whose answer breaks the description", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  it("is answered with 500 and recorded as a violation, not sent as if it were right", async () => {
    const server = await startBrokenTokenServer();
    closers.push(server.close);
    const response = await fetch(`${server.url}/oauth/token?grant_type=client_credentials`, { headers: { authorization: brokenServerAuthorization } });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: "sandbox_contract_violation", operationId: "getClientToken", status: 200 });
    expect(server.violations).toEqual([expect.objectContaining({ api: "user-center", operationId: "getClientToken", problems: expect.arrayContaining(["body.access_token is required"]) })]);
  });
});
