// `npm run contract [-- --server <api>=<url>]...`: the contract tests against the mocks or real
// servers, every response checked against the descriptions, and a report by operation. See
// `scripts/contract/options.mjs` for the command line; credentials come from the environment only.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { apis } from "../generated/apis.js";
import { redactSecrets } from "./contract/credentials.mjs";
import { ContractOptionsError, contractOptions, serverVariable, usage } from "./contract/options.mjs";
import { formatReport, mismatchesByOperation, reportPassed, testOutcomes } from "./contract/report.mjs";
import { runWorkflows } from "./contract/workflows.mjs";
import { startMock } from "./mock/start-mock.mjs";

const projectRoot = fileURLToPath(new URL("../", import.meta.url));
const mismatchLogVariable = "CONTRACT_MISMATCH_LOG";

/** Runs vitest on test/contract with `env`, streaming its output with secrets redacted. */
function runContractTests(env, jsonReportPath) {
  return new Promise((resolve, reject) => {
    const args = ["run", "test/contract", "--reporter=default", "--reporter=json", `--outputFile.json=${jsonReportPath}`];
    const child = spawn(`${projectRoot}node_modules/.bin/vitest`, args, { cwd: projectRoot, env });
    child.stdout.on("data", (chunk) => process.stdout.write(redactSecrets(chunk.toString(), env)));
    child.stderr.on("data", (chunk) => process.stderr.write(redactSecrets(chunk.toString(), env)));
    child.once("error", reject);
    child.once("close", resolve);
  });
}

// The workflows change seed 003's example user and leave the users they create behind, so they
// run against the mocks only; on servers, test/contract/accounts.test.ts covers those operations.
async function runWorkflowsOnMocks(servers, env) {
  if (Object.keys(servers).length > 0) return { skipReason: "they change fixed example users, so they run against the mocks only" };
  const mocks = await Promise.all(apis.map(async ({ name }) => ({ name, ...(await startMock({ apiName: name })) })));
  try {
    return await runWorkflows({ servers: Object.fromEntries(mocks.map(({ name, url }) => [name, url])), env });
  } finally {
    await Promise.all(mocks.map(({ close }) => close()));
  }
}

export async function runContract(argv, env = process.env) {
  const { help, servers } = contractOptions(argv, env);
  if (help) {
    console.log(usage);
    return true;
  }
  const workDirectory = await mkdtemp(join(tmpdir(), "contract-"));
  try {
    const mismatchLog = join(workDirectory, "mismatches.jsonl");
    const jsonReportPath = join(workDirectory, "vitest.json");
    await writeFile(mismatchLog, "");
    const testEnv = { ...env, [mismatchLogVariable]: mismatchLog };
    for (const { name } of apis) {
      if (servers[name]) testEnv[serverVariable(name)] = servers[name];
      else delete testEnv[serverVariable(name)];
    }
    await runContractTests(testEnv, jsonReportPath);
    const vitestReport = await readFile(jsonReportPath, "utf8").then(JSON.parse, () => ({ testResults: [{ name: "vitest", status: "failed", message: "vitest wrote no report", assertionResults: [] }] }));
    const result = {
      servers,
      env,
      outcomes: testOutcomes(vitestReport),
      mismatches: mismatchesByOperation(await readFile(mismatchLog, "utf8")),
      workflows: await runWorkflowsOnMocks(servers, env),
    };
    if (result.workflows.passed === false) console.log(redactSecrets(result.workflows.output, env));
    const passed = reportPassed(result);
    console.log(redactSecrets(`${formatReport(result)}\n\nResult: ${passed ? "PASS" : "FAIL"}`, env));
    return passed;
  } finally {
    await rm(workDirectory, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = (await runContract(process.argv.slice(2))) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof ContractOptionsError)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    process.exitCode = 2;
  }
}
