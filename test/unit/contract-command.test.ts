import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../scripts/contract/credentials.mjs";
import { ContractOptionsError, contractOptions } from "../../scripts/contract/options.mjs";
import { formatReport, mismatchesByOperation, reportPassed } from "../../scripts/contract/report.mjs";
import { ApiContract } from "../../src/registry/api-contract.js";
import { giniClientCredentials } from "../support/credentials.js";
import { responseMismatch } from "../support/response-validation.js";

const server = { url: "https://staging.example.com", kind: "server" } as const;
const secret = "s3cr3t-value-9f1c";

describe("npm run contract: command line", () => {
  it("takes servers from --server, over the CONTRACT_SERVER_* variables", () => {
    const { servers } = contractOptions(["--server", "user-center=https://user.staging.example.com/"], {
      CONTRACT_SERVER_USER_CENTER: "https://ignored.example.com",
      CONTRACT_SERVER_INNODATA: "https://innodata.staging.example.com",
    });
    expect(servers).toEqual({ "user-center": "https://user.staging.example.com", innodata: "https://innodata.staging.example.com" });
  });

  it.each([
    [["--server", "payments=https://x.example.com"], "--server must be <api>=<url>"],
    [["--server", "gini-api=ftp://x.example.com"], "--server gini-api must be an absolute http or https URL"],
    [["--server", `gini-api=https://client:${secret}@x.example.com`], "--server gini-api must not carry credentials"],
    [[`--client-secret=${secret}`], "unknown or malformed argument"],
  ])("rejects %j, naming the option and the rule but never the value", (argv, message) => {
    const parse = () => contractOptions(argv, {});
    expect(parse).toThrow(ContractOptionsError);
    expect(parse).toThrow(message);
    try {
      parse();
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it("exits 2 with the usage for a credential on the command line, without printing it", async () => {
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/contract.mjs", `--gini-client-secret=${secret}`]);
    const failure = await run.then(() => undefined, (error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain("Credentials are read only from environment variables");
    expect(`${failure?.stdout}${failure?.stderr}`).not.toContain(secret);
  });
});

describe("contract suite: credentials", () => {
  it("skips, naming the missing variables, when a server has no credentials in the environment", () => {
    const saved = { id: process.env.GINI_CLIENT_ID, secret: process.env.GINI_CLIENT_SECRET };
    delete process.env.GINI_CLIENT_ID;
    delete process.env.GINI_CLIENT_SECRET;
    try {
      expect(giniClientCredentials(server)).toEqual({ values: undefined, skipReason: " (skipped: set GINI_CLIENT_ID and GINI_CLIENT_SECRET to run against a server)" });
    } finally {
      Object.assign(process.env, saved.id && { GINI_CLIENT_ID: saved.id }, saved.secret && { GINI_CLIENT_SECRET: saved.secret });
    }
  });

  it("redacts secret values from what it prints", () => {
    expect(redactSecrets(`Authorization failed for ${secret}.`, { GINI_CLIENT_SECRET: secret })).toBe("Authorization failed for ***.");
  });
});

describe("contract suite: response validation", () => {
  const contract = ApiContract.of("user-center");
  const check = (method: string, path: string, response: Response) =>
    responseMismatch("user-center", contract, server, new Request(`${server.url}${path}`, { method }), response);

  it("accepts a documented response", async () => {
    const body = JSON.stringify({ id: "88a28076-18e8-4275-b39c-eaacc240d406", email: "some_user@example.com" });
    const response = new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
    await expect(check("GET", "/api/users/88a28076-18e8-4275-b39c-eaacc240d406", response)).resolves.toBeUndefined();
  });

  it.each([
    ["an undocumented status", "DELETE", "/api/users/88a28076-18e8-4275-b39c-eaacc240d406", new Response(null, { status: 200 }), "deleteUser", "status 200 is not documented"],
    ["a body that breaks the schema", "GET", "/api/users/88a28076-18e8-4275-b39c-eaacc240d406", Response.json({ id: 7 }), "getUser", "body.email is required"],
    ["a missing required header", "POST", "/api/users", new Response(null, { status: 201 }), "createUser", "header Location is required"],
  ])("names the operation of %s", async (_case, method, path, response, operationId, problem) => {
    const mismatch = await check(method, path, response);
    expect(mismatch?.operationId).toBe(operationId);
    expect(mismatch?.problems).toContain(problem);
  });
});

describe("contract suite: report", () => {
  const mismatchLog = [
    { api: "user-center", operationId: "deleteUser", method: "DELETE", path: "/api/users/1", status: 200, problems: ["status 200 is not documented"] },
    { api: "user-center", operationId: "deleteUser", method: "DELETE", path: "/api/users/1", status: 200, problems: ["status 200 is not documented"] },
  ]
    .map((mismatch) => JSON.stringify(mismatch))
    .join("\n");

  it("groups mismatches by operation, counts repeats, names credentials by name only, and fails", () => {
    const result = {
      servers: { "user-center": server.url },
      env: { GINI_CLIENT_ID: "ci", GINI_CLIENT_SECRET: secret },
      outcomes: { passed: 3, failed: [], skipped: ["Innodata: log in (skipped: set INNODATA_EMAIL and INNODATA_PASSWORD to run against a server)"] },
      mismatches: mismatchesByOperation(`${mismatchLog}\n`),
      workflows: { skipReason: "they change fixed example users, so they run against the mocks only" },
    };
    const report = formatReport(result);
    expect(report).toContain("user-center  server https://staging.example.com");
    expect(report).toContain("gini-api     mock (Prism, started for this run)");
    expect(report).toContain("GINI_CLIENT_SECRET set, INNODATA_EMAIL not set");
    expect(report).toContain("  user-center deleteUser\n    DELETE /api/users/1 → 200: status 200 is not documented (2×)");
    expect(report).toContain("skipped Innodata: log in (skipped: set INNODATA_EMAIL and INNODATA_PASSWORD to run against a server)");
    expect(report).not.toContain(secret);
    expect(reportPassed(result)).toBe(false);
  });
});
