// `npx gini-openapi contract` from a project that installed the packed package, as a CI job of
// another team runs it: against a sandbox, with the demo client from the environment only.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoClient, type Sandbox, startSandbox } from "../../sandbox/index.js";

const run = promisify(execFile);
const projectRoot = resolve(import.meta.dirname, "../..");

describe("the packed package's gini-openapi contract", () => {
  let workDirectory = "";
  let consumer = "";
  let sandbox: Sandbox;

  beforeAll(async () => {
    workDirectory = await mkdtemp(join(tmpdir(), "contract-package-"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", workDirectory], { cwd: projectRoot });
    const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf("["))) as [{ filename: string }];
    consumer = join(workDirectory, "consumer");
    await mkdir(consumer);
    await writeFile(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { "gini-openapi": `file:../${filename}` } }));
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: consumer });
    sandbox = await startSandbox({ passwordHashCost: 1024 });
  }, 240_000);

  afterAll(async () => {
    await sandbox?.close();
    await rm(workDirectory, { recursive: true, force: true });
  });

  it("checks the sandbox and passes, skipping the workflows with what to install", async () => {
    const args = ["gini-openapi", "contract", "--server", `user-center=${sandbox.urls.userCenter}`, "--server", `gini-api=${sandbox.urls.giniApi}`, "--server", `innodata=${sandbox.urls.innodata}`];
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GINI_|INNODATA_|CONTRACT_SERVER_|GITHUB_ACTIONS$)/.test(name)));
    const { stdout } = await run("npx", ["--no-install", ...args], { cwd: consumer, env: { ...env, GINI_CLIENT_ID: demoClient.id, GINI_CLIENT_SECRET: demoClient.secrets[0]! } });
    expect(stdout).toMatch(/Result: PASS, \d+ passed, 0 failed/);
    expect(stdout).toContain("@redocly/cli is not installed in this project");
    expect(stdout).toContain("set INNODATA_EMAIL and INNODATA_PASSWORD");
    expect(stdout).not.toContain(demoClient.secrets[0]!);
    expect(sandbox.violations).toEqual([]);
    expect(sandbox.state.userCount).toBe(0);
  }, 120_000);
});
