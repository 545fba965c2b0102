import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apis } from "../../scripts/apis.mjs";
import { loadApiDocuments, loadWorkflows, uncoveredOperations, workflowFiles } from "../../scripts/check-workflow-coverage.mjs";
import { runRedocly } from "../../scripts/contract/redocly.mjs";
import { runWorkflows } from "../../scripts/contract/workflows.mjs";
import { startMock } from "../../scripts/mock/start-mock.mjs";

const files = await workflowFiles();

describe("Arazzo workflows", () => {
  it.each(files)("%s lints clean with redocly lint", async (file) => {
    const { stdout } = await runRedocly(["lint", "--format=json", file]);
    const { totals, problems } = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: unknown[] };
    expect(problems).toEqual([]);
    expect(totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("use every operation of the three APIs in at least one step", async () => {
    expect(uncoveredOperations(await loadApiDocuments(), await loadWorkflows())).toEqual([]);
  });

  it("coverage check names an operation that no step uses", async () => {
    const [userCenter, ...others] = await loadApiDocuments();
    const withNewOperation = {
      api: userCenter!.api,
      document: { ...userCenter!.document, paths: { ...userCenter!.document.paths, "/api/users/search": { get: { operationId: "searchUsers" } } } },
    };
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

  // A value no mock answers with, so that finding it in the output means Respect printed it.
  const clientSecret = "never-printed-0c5b1d";

  it("run green, every workflow of every file, without printing the client secret", async () => {
    const servers = Object.fromEntries(mocks.map(({ apiName, url }) => [apiName, url]));
    const { passed, output, results } = await runWorkflows({ servers, env: { ...process.env, GINI_CLIENT_ID: "ci-client", GINI_CLIENT_SECRET: clientSecret } });
    const described = (await loadWorkflows()).flatMap(({ path, document }) =>
      document.workflows.map(({ workflowId }: { workflowId: string }) => ({ file: path, workflowId, status: "success" })),
    );
    expect(results, output).toEqual(described);
    expect(passed, output).toBe(true);
    expect(output).not.toContain(clientSecret);
  }, 120_000);
});
