import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { ContractUsageError, contractCommand, contractOptions } from "../../src/contract/cli.js";
import { readCredentials } from "../../src/contract/credentials.js";
import { apiDescription } from "../../src/contract/description.js";
import { githubAnnotations, junitXml } from "../../src/contract/reports.js";
import { requestVariants } from "../../src/contract/request-variants.js";
import type { CheckResult, ContractRunResult } from "../../src/contract/run.js";
import { redactedMark, SecretRegistry } from "../../src/contract/secrets.js";
import { basicAuthorization } from "../../src/flows/basic-authorization.js";

const secret = "s3cr3t value/9f1c+\"%";

describe("gini-openapi contract: command line", () => {
  it("takes servers from --server, over the CONTRACT_SERVER_* variables, and reports from --report", () => {
    const options = contractOptions(["--server", "user-center=https://user.staging.example.com/", "--report", "junit=out/junit.xml"], {
      CONTRACT_SERVER_USER_CENTER: "https://ignored.example.com",
      CONTRACT_SERVER_INNODATA: "https://innodata.staging.example.com",
    });
    expect(options.servers).toEqual({ "user-center": "https://user.staging.example.com", innodata: "https://innodata.staging.example.com" });
    expect(options.reports).toEqual([{ format: "junit", path: "out/junit.xml" }]);
    expect(options.allowLeftovers).toBe(false);
  });

  it.each([
    [[], "give at least one --server"],
    [["--server", "payments=https://x.example.com"], "--server must be <name>=<value> with <name> one of user-center, gini-api, innodata"],
    [["--server", "gini-api=ftp://x.example.com"], "--server gini-api must be an absolute http or https URL"],
    [["--server", `gini-api=https://client:${encodeURIComponent(secret)}@x.example.com`], "--server gini-api must not carry credentials"],
    [["--server", "gini-api=https://x.example.com", "--report", "html=x.html"], "--report must be <name>=<value> with <name> one of junit, json"],
    [[`--client-secret=${secret}`], "unknown or malformed argument"],
  ])("rejects %j, naming the option and the rule but never the value", (argv, message) => {
    const parse = () => contractOptions(argv, {});
    expect(parse).toThrow(ContractUsageError);
    expect(parse).toThrow(message);
    expect(() => parse()).not.toThrow(secret);
  });

  it("exits 2 before any request when a report cannot be written", async () => {
    let stderr = "";
    const code = await contractCommand(["--server", "user-center=http://127.0.0.1:9", "--report", "json=/no/such/folder/report.json"], { env: {}, stdout: () => {}, stderr: (text) => void (stderr += text) });
    expect(code).toBe(2);
    expect(stderr).toBe("gini-openapi contract: --report json: the folder of /no/such/folder/report.json does not exist or is not writable\n");
  });

  it("exits 2 with the usage for a credential on the command line, without printing it", async () => {
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/contract.mjs", `--gini-client-secret=${secret}`]);
    const failure = await run.then(() => undefined, (error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain("Credentials are read only from environment variables");
    expect(`${failure?.stdout}${failure?.stderr}`).not.toContain(secret);
  });
});

describe("contract run: credentials and secrets", () => {
  it("names the variables a check needs that are not set, and registers the secret ones", () => {
    const secrets = new SecretRegistry();
    const credentials = readCredentials({ GINI_CLIENT_ID: "ci", GINI_CLIENT_SECRET: secret, INNODATA_EMAIL: "" }, secrets);
    expect(credentials.giniClient).toEqual({ clientId: "ci", clientSecret: secret });
    expect(credentials.innodataUser).toBeUndefined();
    expect(credentials.missing("innodataUser")).toEqual(["INNODATA_EMAIL", "INNODATA_PASSWORD"]);
    expect(secrets.redact(`failed for ${secret}`)).toBe(`failed for ${redactedMark}`);
  });

  it("redacts a secret in every form it travels in: as sent, URL-encoded, JSON-escaped, inside a Basic header", () => {
    const secrets = new SecretRegistry();
    secrets.register(secret);
    const authorization = basicAuthorization("client", secret);
    secrets.registerAuthorization(authorization);
    const text = [secret, encodeURIComponent(secret), JSON.stringify({ secret }), new URLSearchParams({ secret }).toString(), authorization].join("\n");
    const redacted = secrets.redact(text);
    expect(redacted).not.toContain("s3cr3t");
    expect(redacted).not.toContain(authorization.slice("Basic ".length));
  });

  it("registers the long strings of an answer that hands out credentials, wherever they are, but not `bearer`", () => {
    const secrets = new SecretRegistry();
    secrets.registerStrings({ token_type: "bearer", odd: { place: ["74c1e7fe-e464-451f-a6eb-8f0998c46ff6"] } });
    expect(secrets.redact("bearer 74c1e7fe-e464-451f-a6eb-8f0998c46ff6")).toBe(`bearer ${redactedMark}`);
  });
});

describe("contract run: requests derived from a good one", () => {
  const createUser = apiDescription("user-center").operation("createUser");
  const base = { api: "user-center" as const, operationId: "createUser", headers: { Authorization: "Bearer t0ken-of-the-run" }, body: { mediaType: "application/json", value: { email: "a@example.com", password: "supersecret" } } };

  it("drops and breaks the credentials, and breaks each documented rule of each field once", () => {
    const variants = requestVariants(createUser, base);
    expect(variants.map(({ name }) => name)).toEqual([
      "missing credentials",
      "malformed credentials",
      "rule: body.email required",
      "rule: body.password required",
      "rule: body.email type",
      "rule: body.email format",
      "rule: body.email maxLength",
      "rule: body.password type",
      "rule: body.password maxLength",
    ]);
    expect(variants[0]!.request.headers).toEqual({});
    expect(variants.find(({ name }) => name === "rule: body.email maxLength")!.request.body!.value).toMatchObject({ email: "a".repeat(255), password: "supersecret" });
    expect(variants.every((variant) => variant.kind === "rule" ? variant.accepts(422) && !variant.accepts(500) && !variant.accepts(201) : variant.accepts(401) && !variant.accepts(200))).toBe(true);
  });

  it("breaks a parameter's enum, and leaves out the optional parameters the good request does without", () => {
    const requestToken = apiDescription("user-center").operation("requestToken");
    const variants = requestVariants(requestToken, { api: "user-center", operationId: "requestToken", query: { grant_type: "client_credentials" } });
    // grant_type is optional in the query since the refresh_token grant may name it in the form instead.
    expect(variants.map(({ name, request }) => [name, request.query])).toEqual([["rule: query grant_type enum", { grant_type: "not-a-documented-value" }]]);
  });
});

describe("contract run: answers checked against the registry", () => {
  const problems = (operationId: string, status: number, headers: Record<string, string>, body: unknown) =>
    apiDescription("user-center").responseProblems(operationId, { status, headers, body });

  it("accepts a documented answer", () => {
    expect(problems("getUser", 200, { "content-type": "application/json" }, { id: "88a28076-18e8-4275-b39c-eaacc240d406", email: "some_user@example.com" })).toEqual([]);
  });

  it.each([
    ["an undocumented status", "deleteUser", 200, {}, undefined, "status 200 is not documented"],
    ["a body that breaks the schema", "getUser", 200, { "content-type": "application/json" }, { id: 7 }, "body.email is required"],
    ["a missing required header", "createUser", 201, {}, undefined, "header Location is required"],
  ])("names %s without quoting the answer", (_case, operationId, status, headers, body, problem) => {
    expect(problems(operationId, status, headers, body)).toContain(problem);
  });
});

describe("contract run: reports", () => {
  const failed: CheckResult = { api: "user-center", subject: "getUser", kind: "documented", name: 'good request <"getUser"> & more', status: "failed", reason: "answered 500,\nexpected 200: 100%", durationMs: 12, operations: [{ api: "user-center", operationId: "getUser" }] };
  const skipped: CheckResult = { ...failed, kind: "rule", name: "derived requests (getUser)", status: "skipped", reason: "set GINI_CLIENT_ID" };
  const run: ContractRunResult = { servers: { "user-center": "http://127.0.0.1:1" }, unreachable: [], results: [failed, skipped], durationMs: 40 };

  it("writes JUnit XML that an XML parser reads back, one suite per API", () => {
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(junitXml(run)) as { testsuites: { testsuite: { "@_name": string; "@_failures": string; testcase?: { "@_name": string; failure?: { "@_message": string }; skipped?: { "@_message": string } }[] }[] } };
    const [userCenter] = parsed.testsuites.testsuite;
    expect(parsed.testsuites.testsuite.map((suite) => suite["@_name"])).toEqual(["user-center", "gini-api", "innodata"]);
    expect(userCenter!["@_failures"]).toBe("1");
    expect(userCenter!.testcase).toEqual([
      expect.objectContaining({ "@_name": skipped.name, skipped: { "@_message": "set GINI_CLIENT_ID" } }),
      expect.objectContaining({ "@_name": failed.name, failure: { "@_message": failed.reason } }),
    ]);
  });

  it("annotates each failure for GitHub Actions on one line, with the runner's escapes", () => {
    const lines = githubAnnotations(run).trimEnd().split("\n");
    expect(lines[0]).toBe('::error title=contract%3A user-center getUser::good request <"getUser"> & more: answered 500,%0Aexpected 200: 100%25');
    expect(lines.at(-1)).toBe("::notice title=contract::0 passed, 1 failed, 1 skipped");
  });
});
