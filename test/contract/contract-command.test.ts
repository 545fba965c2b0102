// `gini-openapi contract` against servers that work, servers that answer wrongly and servers
// that are not there: its exit code, what it prints and the reports it writes.
import { spawn } from "node:child_process";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/mock/start-mock.mjs";
import { demoClient, type Sandbox, startSandbox } from "../../sandbox/index.js";
import { clientBasicAuthorization } from "../../src/flows/basic-authorization.js";
import { handedOut, startBrokenServers, startServersHoldingDeleteUser } from "./support/broken-servers.js";
import { inheritedEnvironment, runContractCommand } from "./support/run-contract.js";

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A sandbox with only its built-in demo client, as `npm run sandbox` starts it (cheaper hashing). */
async function demoSandbox(): Promise<Sandbox> {
  const sandbox = await startSandbox({ passwordHashCost: 1024 });
  running.push(sandbox);
  return sandbox;
}

/** An Innodata user signed up on the sandbox, for the checks that log in. */
async function innodataUser(sandbox: Sandbox) {
  const user = { email: `contract-test-${Date.now()}@example.com`, password: `innodata-pw-${crypto.randomUUID()}` };
  const response = await fetch(`${sandbox.urls.innodata}/v1.1/users`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "Contract test", ...user }) });
  expect(response.status).toBe(201);
  return user;
}

const demoCredentials = { GINI_CLIENT_ID: demoClient.id, GINI_CLIENT_SECRET: demoClient.secrets[0]! };

interface JsonReport {
  passed: boolean;
  summary: Record<string, { operations: number; operationsCovered: number; failed: number }>;
  checks: { api: string; kind: string; status: string; reason?: string }[];
}

describe("gini-openapi contract against the sandbox", () => {
  it("passes with the demo client given only through the environment, and writes reports that parse", async () => {
    const sandbox = await demoSandbox();
    const user = await innodataUser(sandbox);
    const run = await runContractCommand(sandbox.urls, { ...demoCredentials, INNODATA_EMAIL: user.email, INNODATA_PASSWORD: user.password });
    expect(run.stderr).toBe("");
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/Result: PASS, \d+ passed, 0 failed/);

    const report = JSON.parse(run.json) as JsonReport;
    expect(report.passed).toBe(true);
    for (const api of ["user-center", "gini-api", "innodata"]) expect(report.summary[api]!.operationsCovered).toBe(report.summary[api]!.operations);
    for (const kind of ["documented", "missing-credentials", "malformed-credentials", "rule", "workflow", "cleanup"]) {
      expect(report.checks.filter((check) => check.kind === kind && check.status === "passed").length, kind).toBeGreaterThan(0);
    }
    // Only what would leave an Innodata user behind, the Gini Pay workflows that test/workflows runs, and the checks that need a second client (optional), are skipped, with the reason.
    for (const check of report.checks.filter(({ status }) => status === "skipped")) expect(check.reason).toMatch(/--allow-leftovers|^runs against the mock|^set GINI_OTHER_CLIENT_ID and GINI_OTHER_CLIENT_SECRET$/);

    expect(XMLValidator.validate(run.junit)).toBe(true);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(run.junit) as { testsuites: { "@_tests": string; "@_failures": string; testsuite: { "@_name": string }[] } };
    expect(junit.testsuites.testsuite.map((suite) => suite["@_name"])).toEqual(["user-center", "gini-api", "innodata"]);
    expect(Number(junit.testsuites["@_tests"])).toBe(report.checks.length);
    expect(junit.testsuites["@_failures"]).toBe("0");

    // Every User Center user the run created (its own and its workflows') is deleted again.
    expect(sandbox.violations).toEqual([]);
    expect(sandbox.state.userCount).toBe(0);
  }, 120_000);

  it("fails with exit 1 against servers that answer wrongly, annotates for GitHub, and prints no secret of the run anywhere", async () => {
    const sandbox = await demoSandbox();
    const broken = await startBrokenServers(sandbox.urls);
    running.push(broken);
    const innodataPassword = `innodata-pw-${crypto.randomUUID()}`;
    const run = await runContractCommand(broken.urls, { ...demoCredentials, INNODATA_EMAIL: "someone@example.com", INNODATA_PASSWORD: innodataPassword, GITHUB_ACTIONS: "true" });
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/^::error title=contract%3A user-center getClientToken::good request \(getClientToken\): .*body\.expires_in must be integer/m);
    expect(run.stdout).toContain("FAILED user-center getClientToken: good request (getClientToken): body.expires_in must be integer");
    expect(run.stdout).toMatch(/FAILED innodata loginUser: good request \(loginUser\): .*body\.response\.api_keys\.live must match pattern/);
    const secrets = {
      ...handedOut,
      clientSecret: demoCredentials.GINI_CLIENT_SECRET,
      clientBasic: clientBasicAuthorization(demoCredentials.GINI_CLIENT_ID, demoCredentials.GINI_CLIENT_SECRET).slice("Basic ".length),
      innodataPassword,
    };
    for (const [output, text] of Object.entries(run)) {
      if (typeof text !== "string") continue;
      for (const [name, secret] of Object.entries(secrets)) expect(text.includes(secret), `${name} in ${output}`).toBe(false);
    }
    expect(run.stdout).toContain("[REDACTED]");
    expect(XMLValidator.validate(run.junit)).toBe(true);
  }, 120_000);
});

describe("gini-openapi contract interrupted", () => {
  it("deletes the users it created when Ctrl-C stops it, and exits 1", async () => {
    const sandbox = await demoSandbox();
    const servers = await startServersHoldingDeleteUser(sandbox.urls);
    running.push(servers);
    const argv = ["--server", `user-center=${servers.urls.userCenter}`, "--server", `gini-api=${servers.urls.giniApi}`, "--server", `innodata=${servers.urls.innodata}`];
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/contract.mjs", ...argv], { env: { ...inheritedEnvironment(), ...demoCredentials }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const userId = await servers.held;
    expect(sandbox.state.userById(userId)).toBeDefined();
    child.kill("SIGINT");
    expect(await exited, output).toBe(1);
    expect(output).toContain("interrupted; what the run had created is deleted");
    expect(sandbox.state.userById(userId)).toBeUndefined();
  }, 120_000);
});

describe("gini-openapi contract against servers that are not there", () => {
  it("exits 3 with one line per unreachable server, before any check", async () => {
    const sandbox = await demoSandbox();
    const [closedUserCenter, closedInnodata] = [await freePort(), await freePort()];
    const urls = { userCenter: `http://127.0.0.1:${closedUserCenter}`, giniApi: sandbox.urls.giniApi, innodata: `http://127.0.0.1:${closedInnodata}` };
    const run = await runContractCommand(urls, demoCredentials);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      `gini-openapi contract: cannot reach the user-center server at ${urls.userCenter} (ECONNREFUSED)`,
      `gini-openapi contract: cannot reach the innodata server at ${urls.innodata} (ECONNREFUSED)`,
    ]);
    expect(sandbox.state.userCount).toBe(0);
  }, 60_000);
});

describe("npm run contract with no server named", () => {
  it("starts the mocks, passes, and says why the stateless mocks skip the bearer-token checks", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/contract.mjs"], { env: inheritedEnvironment(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/Result: PASS, \d+ passed, 0 failed/);
    expect(output).toContain("a stateless mock cannot tell a token it issued from another (--stateless)");
  }, 180_000);
});
