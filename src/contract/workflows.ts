// The Arazzo workflows next to the descriptions (`openapi/<api>/*.arazzo.yaml`), run by Redocly
// Respect against the servers of the run. Respect is optional: a project without `@redocly/cli`
// gets the workflows reported as skipped, with what to install. Respect's own output is never
// printed (a broken server's answer in it could hold a token the run does not know of); the
// run reports each workflow and its failing steps and checks by name, from Respect's JSON log.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apis } from "../../generated/apis.js";
import { packageRoot } from "./package-files.js";

export interface WorkflowRun {
  /** `openapi/<api>/<name>.arazzo.yaml`, relative to the package; one Respect process runs them all. */
  readonly files: readonly string[];
  /** Only these workflows of the files; all when absent. */
  readonly workflowIds?: readonly string[];
  readonly inputs?: Readonly<Record<string, string>>;
}

interface StepRequest {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly location?: string;
}

export interface WorkflowOutcome {
  readonly file: string;
  readonly workflowId: string;
  readonly passed: boolean;
  /** `step <stepId>: <check name>` of each failed check. */
  readonly failures: readonly string[];
  readonly steps: readonly StepRequest[];
}

/** The Redocly CLI's entry script, from the project that runs the suite or from this package. */
export function redoclyCli(cwd = process.cwd()): string | undefined {
  for (const base of [join(cwd, "package.json"), join(packageRoot(), "package.json")]) {
    try {
      const packageJsonPath = createRequire(base).resolve("@redocly/cli/package.json");
      const { bin } = JSON.parse(readFileSync(packageJsonPath, "utf8")) as { bin: string | Record<string, string> };
      const script = typeof bin === "string" ? bin : (bin.redocly ?? Object.values(bin)[0]!);
      return join(packageJsonPath, "..", script);
    } catch {
      continue;
    }
  }
  return undefined;
}

/** The Arazzo documents of the APIs, as `redocly.yaml` lists them. */
export const workflowFiles = (): string[] => apis.flatMap(({ workflows }) => workflows.map(({ path }) => path)).sort();

interface RespectLog {
  files: Record<string, { executedWorkflows: { workflowId: string; status: string; executedSteps: { stepId: string; status: string; request?: { method: string; url: string }; response?: { statusCode: number; headers?: Record<string, string> }; checks: { name: string; passed: boolean; severity?: string }[] }[] }[] }>;
}

/**
 * The environment of a Respect process. The inputs travel as JSON in `REDOCLY_CLI_RESPECT_INPUT`
 * (Respect's `--input` from the environment), not on the command line, which every user of the
 * machine can read; the run's passwords are among them.
 */
function respectEnvironment(env: NodeJS.ProcessEnv, inputs: WorkflowRun["inputs"]): NodeJS.ProcessEnv {
  const { REDOCLY_CLI_RESPECT_INPUT: _ignored, ...rest } = env;
  return { ...rest, NO_COLOR: "1", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", ...(inputs && Object.keys(inputs).length > 0 && { REDOCLY_CLI_RESPECT_INPUT: JSON.stringify(inputs) }) };
}

/**
 * With `answersCheckedByRun`, Respect's own status code, media type and schema checks are off: the run checks every answer a
 * workflow receives itself (through the bounding proxy), with the same validators and tolerance
 * as its other checks. Respect's schema check would reject every property the description does
 * not name (its validator defaults `unevaluatedProperties` to false), and its media type check
 * is Respect's, not the run's. The success criteria of each step stay Respect's.
 */
const severity = JSON.stringify({ STATUS_CODE_CHECK: "off", CONTENT_TYPE_CHECK: "off", SCHEMA_CHECK: "off" });

/** The longest a whole Respect process may take; each of its requests has the run's deadline. */
const executionTimeoutMs = 300_000;

export interface WorkflowOptions {
  /** The deadline of each request; Respect's default (40 s) when absent. */
  readonly timeoutMs?: number;
  /** Kills the Respect process. */
  readonly signal?: AbortSignal;
  /** The caller checks every answer itself (a contract run, through its bounding proxy). */
  readonly answersCheckedByRun?: boolean;
}

/** Runs one `redocly respect` over `run` with `servers` (`{ <source description name>: url }`); its inputs go to every workflow. */
export async function runWorkflow(cli: string, run: WorkflowRun, servers: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv, { timeoutMs, signal, answersCheckedByRun = false }: WorkflowOptions = {}): Promise<WorkflowOutcome[]> {
  const directory = await mkdtemp(join(tmpdir(), "contract-respect-"));
  const logPath = join(directory, "respect.json");
  try {
    const limits = [...(answersCheckedByRun ? ["--severity", severity] : []), ...(timeoutMs ? ["--max-fetch-timeout", String(timeoutMs + 5000)] : []), "--execution-timeout", String(executionTimeoutMs)];
    const args = [cli, "respect", ...run.files, "--json-output", logPath, ...limits, ...Object.entries(servers).flatMap(([name, url]) => ["--server", `${name}=${url}`])];
    for (const workflowId of run.workflowIds ?? []) args.push("--workflow", workflowId);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: packageRoot(), env: respectEnvironment(env, run.inputs), stdio: "ignore", ...(signal && { signal }) });
      child.once("error", (error) => (signal?.aborted ? resolve() : reject(error)));
      child.once("close", () => resolve());
    });
    const log = await readFile(logPath, "utf8").then((text) => JSON.parse(text) as RespectLog, () => undefined);
    if (!log) return run.files.map((file) => ({ file, workflowId: "(all)", passed: false, failures: ["Respect wrote no log (a workflow file could not be loaded)"], steps: [] }));
    return Object.entries(log.files).flatMap(([file, { executedWorkflows }]) =>
      executedWorkflows.map(({ workflowId, status, executedSteps }) => ({
        file,
        workflowId,
        passed: status === "success",
        failures: executedSteps.flatMap(({ stepId, checks }) => checks.filter(({ passed, severity }) => !passed && severity !== "off").map(({ name }) => `step ${stepId}: ${name}`)),
        steps: executedSteps.flatMap(({ request, response }) =>
          request && response ? [{ method: request.method.toUpperCase(), url: request.url, status: response.statusCode, location: response.headers?.location }] : [],
        ),
      })),
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
