import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apis } from "../../generated/apis.js";
import { loadWorkflows, uncoveredOperations, workflowFiles } from "../../scripts/check-workflow-coverage.mjs";
import { runRedocly } from "../../scripts/contract/redocly.mjs";
import { redoclyCli, runWorkflow } from "../../src/contract/workflows.js";
import { startMock } from "../../scripts/mock/start-mock.mjs";
import { type Sandbox, startSandbox } from "../../sandbox/index.js";

const files = await workflowFiles();

/** The files under one `redocly respect` (src/contract/workflows.ts). */
const runAll = (paths: string[], servers: Record<string, string>, env: NodeJS.ProcessEnv) => runWorkflow(redoclyCli()!, { files: paths }, servers, env);

describe("Arazzo workflows", () => {
  it.each(files)("%s lints clean with redocly lint", async (file) => {
    const { stdout } = await runRedocly(["lint", "--format=json", file]);
    const { totals, problems } = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: unknown[] };
    expect(problems).toEqual([]);
    expect(totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("use every operation of the three APIs in at least one step", async () => {
    expect(uncoveredOperations(apis, await loadWorkflows())).toEqual([]);
  });

  it("coverage check names an operation that no step uses", async () => {
    const [userCenter, ...others] = apis;
    const withNewOperation = { ...userCenter!, operations: [...userCenter!.operations, { id: "searchUsers" }] };
    expect(uncoveredOperations([withNewOperation, ...others], await loadWorkflows())).toEqual([{ api: "user-center", operationId: "searchUsers" }]);
  });
});

describe("Arazzo workflows under redocly respect against the mocks", () => {
  const mocks: { apiName: string; url: string; close: () => Promise<void> }[] = [];
  beforeAll(async () => {
    for (const { name } of apis) mocks.push({ apiName: name, ...(await startMock({ apiName: name })) });
  });
  afterAll(async () => {
    await Promise.all(mocks.map(({ close }) => close()));
  });

  it("run green, every workflow of every file", async () => {
    const servers = Object.fromEntries(mocks.map(({ apiName, url }) => [apiName, apiName === "innodata" ? `${url}/v1.1` : url]));
    const results = await runAll(files, servers, { ...process.env, GINI_CLIENT_ID: "ci-client", GINI_CLIENT_SECRET: "ci-secret" });
    const described = (await loadWorkflows()).flatMap(({ path, document }) =>
      document.workflows.map(({ workflowId }: { workflowId: string }) => ({ file: path, workflowId, passed: true, failures: [] })),
    );
    expect(results.map(({ steps: _steps, ...result }) => result)).toEqual(described);
  }, 120_000);
});

// Prism accepts any credentials; the sandbox checks them, so a workflow that sent a wrong
// Authorization (Innodata's key with an empty Basic password, the derived user's pair of
// schemes) fails here. The User Center account workflows act on seed 003's fixed user and run
// against the mocks only, as do the Gini Pay operations on the description's example IDs and
// binaries (the sandbox assigns its own IDs and serves no binaries yet).
describe("self-contained Arazzo workflows under redocly respect against the stateful sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // Documents take a second to process, so the capture workflow's polling retry runs.
    sandbox = await startSandbox({ passwordHashCost: 1024, processingSeconds: 1, clients: [{ id: "client-id", secrets: ["secret", "client-secret"], derivedUsers: true }] });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("run green, and the sandbox saw no answer outside the descriptions", async () => {
    const servers = { "user-center": sandbox.urls.userCenter, "gini-api": sandbox.urls.giniApi, innodata: sandbox.urls.innodata };
    const selfContained = files.filter((file) => !file.startsWith("openapi/user-center/") && file !== "openapi/gini-api/gini-pay-operations.arazzo.yaml");
    const sandboxClient = { ...process.env, GINI_CLIENT_ID: "client-id", GINI_CLIENT_SECRET: "client-secret" };
    const results = await runAll(selfContained, { ...servers, innodata: `${servers.innodata}/v1.1` }, sandboxClient);
    expect(results.filter(({ passed }) => !passed)).toEqual([]);
    expect(results.length).toBeGreaterThan(0);
    expect(sandbox.violations).toEqual([]);
  }, 120_000);
});
