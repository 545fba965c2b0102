// Runs the Arazzo workflows with `redocly respect` against one server per API (mocks or real).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { workflowFiles } from "../check-workflow-coverage.mjs";
import { runRedocly } from "./redocly.mjs";

// The workflows name their source descriptions after the APIs; Innodata's server URL carries
// the API version (`https://api.innodata.com/{version}`), which the server URLs given here omit.
const workflowServerUrl = (apiName, url) => (apiName === "innodata" ? `${url.replace(/\/$/, "")}/v1.1` : url);

/**
 * Runs every workflow of `openapi/<api>/*.arazzo.yaml` against `servers` (`{ <api>: url }`).
 * Resolves `{ passed, output, results }`, where `results` lists `{ file, workflowId, status }`.
 * Secrets stay masked in `output` (Respect masks security values and `format: password` inputs).
 * @param {{ servers: Record<string, string>, env?: NodeJS.ProcessEnv, files?: string[] }} options
 */
export async function runWorkflows({ servers, env = process.env, files }) {
  const reportDirectory = await mkdtemp(join(tmpdir(), "respect-"));
  const reportPath = join(reportDirectory, "report.json");
  try {
    const serverArgs = Object.entries(servers).flatMap(([apiName, url]) => ["--server", `${apiName}=${workflowServerUrl(apiName, url)}`]);
    const result = await runRedocly(["respect", ...(files ?? (await workflowFiles())), ...serverArgs, "--json-output", reportPath], { env });
    // Respect writes no report when it cannot load a workflow file at all.
    const report = await readFile(reportPath, "utf8").then(JSON.parse, () => ({ files: {} }));
    const results = Object.entries(report.files).flatMap(([file, { executedWorkflows }]) =>
      executedWorkflows.map(({ workflowId, status }) => ({ file, workflowId, status })),
    );
    return { passed: result.code === 0, output: result.stdout + result.stderr, results };
  } finally {
    await rm(reportDirectory, { recursive: true, force: true });
  }
}
