// A contract run: every server reached once, then the good request of each operation checked
// against its description, the requests derived from it (credentials missing or malformed, each
// documented rule broken), and the Arazzo workflows; at the end everything the run created is
// deleted, also when a check failed or threw.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type CredentialGroup, type Credentials, missingCredentialsReason, readCredentials } from "./credentials.js";
import { type ApiName, apiDescription, apiNames } from "./description.js";
import { type ContractRequest, type Created, type ExchangeContext, exchange } from "./exchange.js";
import { packageRoot } from "./package-files.js";
import { requestVariants } from "./request-variants.js";
import { scenario, type ScenarioState, type ScenarioStep } from "./scenario.js";
import { SecretRegistry } from "./secrets.js";
import { redoclyCli, runWorkflow, type WorkflowOutcome, type WorkflowRun, workflowFiles } from "./workflows.js";

export type CheckKind = "documented" | "missing-credentials" | "malformed-credentials" | "rule" | "workflow" | "cleanup";
export type CheckStatus = "passed" | "failed" | "skipped";

export interface OperationRef {
  readonly api: ApiName;
  readonly operationId: string;
}

export interface CheckResult {
  readonly api: ApiName;
  /** The operation checked, or `workflow <workflowId>`, or `cleanup`. */
  readonly subject: string;
  readonly kind: CheckKind;
  readonly name: string;
  readonly status: CheckStatus;
  /** Why it failed or was skipped; never a value a server sent. */
  readonly reason?: string;
  readonly durationMs: number;
  /** The operations the check exercised. */
  readonly operations: readonly OperationRef[];
}

export interface Unreachable {
  readonly api: ApiName;
  readonly url: string;
  readonly reason: string;
}

export interface ContractRunOptions {
  /** The server of each API, e.g. `http://127.0.0.1:4010`; Innodata's without `/v1.1`. */
  readonly servers: Partial<Record<ApiName, string>>;
  readonly env: Record<string, string | undefined>;
  /** Run the checks that create what the API cannot delete (an Innodata user). */
  readonly allowLeftovers?: boolean;
  /**
   * The servers are stateless mocks (`npm start`: Prism takes any bearer token), so the checks
   * that a token the server never issued is refused are skipped, with that reason.
   */
  readonly stateless?: boolean;
  readonly timeoutMs?: number;
  /** Stops the checks (Ctrl-C); what the run created is still deleted. */
  readonly signal?: AbortSignal;
  /** Where the run's secrets are registered; a new registry when absent. */
  readonly secrets?: SecretRegistry;
}

export interface ContractRunResult {
  readonly servers: Partial<Record<ApiName, string>>;
  readonly unreachable: readonly Unreachable[];
  readonly results: readonly CheckResult[];
  readonly durationMs: number;
}

/** The API of a workflow file, by its folder (`openapi/<api>/…`). */
const apiOfFile = (file: string) => file.split("/")[1] as ApiName;

function scenarioStep(id: string): ScenarioStep {
  return scenario.flat().find((step) => step.id === id)!;
}

const statelessReason = "a stateless mock cannot tell a token it issued from another (--stateless)";
const leftoversReason = "creates an Innodata user, which the API has no operation to delete (--allow-leftovers runs it)";
/**
 * Workflows for the mock only (test/workflows runs them there): the Gini Pay operations on the
 * description's example IDs, and the journey, which follows a payment request's `Location` — a
 * server may name a public host there that the run cannot reach (the contract fixtures do).
 */
const mockOnlyWorkflows: Readonly<Record<string, string>> = {
  "gini-pay-operations.arazzo.yaml": "runs against the mock only: it uses the description's example IDs",
  "gini-pay.arazzo.yaml": "runs against the mock and the sandbox in test/workflows: it follows Location, which may name a host the run cannot reach",
};

/** Any HTTP answer means the server is there; only a failed connection or no answer at all does not. */
async function reach(api: ApiName, url: string, timeoutMs: number): Promise<Unreachable | undefined> {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : "connection failed");
    return { api, url, reason: cause };
  }
}

class Run {
  readonly results: CheckResult[] = [];
  readonly created = new Map<string, Created>();
  readonly state: ScenarioState;
  readonly context: ExchangeContext;
  private readonly passedSteps = new Set<string>();

  constructor(
    readonly options: ContractRunOptions,
    readonly secrets: SecretRegistry,
    readonly credentials: Credentials,
  ) {
    this.state = { credentials, secrets, values: {} };
    this.context = {
      servers: options.servers,
      secrets,
      api: apiDescription,
      onCreated: (created) => this.created.set(`${created.api} ${created.path}`, created),
      timeoutMs: options.timeoutMs ?? 10_000,
      ...(options.signal && { signal: options.signal }),
    };
  }

  record(result: Omit<CheckResult, "reason"> & { reason?: string }) {
    this.results.push(result.reason === undefined ? result : { ...result, reason: this.secrets.redact(result.reason) });
  }

  /** Why checks of `api` needing `needs` cannot run, or `undefined`. */
  skipReason(api: ApiName, needs: readonly CredentialGroup[]): string | undefined {
    if (!this.options.servers[api]) return `no server given for ${api} (--server ${api}=URL)`;
    const missing = needs.flatMap((group) => this.credentials.missing(group));
    return missing.length > 0 ? missingCredentialsReason(missing) : undefined;
  }

  async timed(run: () => Promise<string | undefined>): Promise<{ reason?: string; durationMs: number }> {
    const start = performance.now();
    let reason: string | undefined;
    try {
      reason = await run();
    } catch (error) {
      reason = error instanceof Error ? error.message : "the check threw";
    }
    return { reason, durationMs: Math.round(performance.now() - start) };
  }

  async runStep(step: ScenarioStep) {
    if (this.options.signal?.aborted) return;
    const operations = [{ api: step.api, operationId: step.operationId }];
    const base = { api: step.api, subject: step.operationId, operations };
    const unusable = step.uses.find((used) => !this.passedSteps.has(used));
    const skip = this.skipReason(step.api, step.needs) ?? (unusable && `needs step ${unusable}, which did not pass`);
    if (skip) {
      this.record({ ...base, kind: "documented", name: `good request (${step.id})`, status: "skipped", reason: skip, durationMs: 0 });
      this.record({ ...base, kind: "rule", name: `derived requests (${step.id})`, status: "skipped", reason: skip, durationMs: 0 });
      return;
    }
    const request = step.request(this.state);
    if (step.leavesData && !this.options.allowLeftovers) {
      this.record({ ...base, kind: "documented", name: `good request (${step.id})`, status: "skipped", reason: leftoversReason, durationMs: 0 });
    } else {
      const { reason, durationMs } = await this.timed(async () => {
        const answer = await exchange(this.context, request);
        const problems = [...answer.problems];
        if (!step.expect.includes(answer.status)) problems.unshift(`answered ${answer.status}, expected ${step.expect.join(" or ")}`);
        if (problems.length === 0) step.keep?.(answer, this.state);
        return problems.length > 0 ? problems.join("; ") : undefined;
      });
      this.record({ ...base, kind: "documented", name: `good request (${step.id})`, status: reason ? "failed" : "passed", durationMs, ...(reason && { reason }) });
      if (!reason) this.passedSteps.add(step.id);
    }
    await this.runVariants(step, request);
  }

  async runVariants(step: ScenarioStep, base: ContractRequest) {
    const operation = apiDescription(step.api).operation(step.operationId);
    await Promise.all(
      requestVariants(operation, base).map(async (variant) => {
        const { reason, durationMs } = await this.timed(async () => {
          const answer = await exchange(this.context, variant.request);
          return variant.accepts(answer.status) ? undefined : `answered ${answer.status}, expected ${variant.expected}`;
        });
        const name = `${variant.name} (${step.id})`;
        if (this.options.stateless && variant.kind === "malformed-credentials" && /^bearer /i.test(variant.request.headers?.Authorization ?? "")) {
          this.record({ api: step.api, subject: step.operationId, operations: [{ api: step.api, operationId: step.operationId }], kind: variant.kind, name, status: "skipped", reason: statelessReason, durationMs: 0 });
          return;
        }
        this.record({ api: step.api, subject: step.operationId, operations: [{ api: step.api, operationId: step.operationId }], kind: variant.kind, name, status: reason ? "failed" : "passed", durationMs, ...(reason && { reason }) });
      }),
    );
  }

  async runScenario() {
    await Promise.all(scenario.map(async (sequence) => {
      for (const step of sequence) await this.runStep(step);
    }));
  }

  /** A scenario step outside the checks (for a workflow's user, for cleanup): its answer must be the documented one. */
  async runQuietly(step: ScenarioStep, state: ScenarioState) {
    const answer = await exchange(this.context, step.request(state));
    if (!step.expect.includes(answer.status)) throw new Error(`${step.operationId} answered ${answer.status}, expected ${step.expect.join(" or ")}`);
    step.keep?.(answer, state);
  }

  /** A client token and a user of the run's own for a workflow that changes or deletes a user. */
  async workflowUser(): Promise<Record<string, string>> {
    const { values } = this.state;
    const state: ScenarioState = { ...this.state, values: { clientToken: values.clientToken ?? "" } };
    if (!state.values.clientToken) await this.runQuietly(scenarioStep("getClientToken"), state);
    await this.runQuietly(scenarioStep("createUser"), state);
    const password = `pw-${randomUUID()}`;
    this.secrets.register(password);
    return { userId: state.values.userId!, email: `contract-${randomUUID()}@example.com`, oldPassword: state.values.password!, password };
  }

  async runWorkflows() {
    const files = workflowFiles();
    const cli = redoclyCli();
    const text = Object.fromEntries(await Promise.all(files.map(async (file) => [file, await readFile(join(packageRoot(), file), "utf8")] as const)));
    /** The APIs a workflow file names as source descriptions. */
    const sources = (file: string) => apiNames.filter((api) => new RegExp(`^\\s*- name: ${api}\\s*$`, "m").test(text[file]!));
    type Plan = WorkflowRun & { needs: CredentialGroup[]; leavesData?: boolean; ownUser?: boolean; mockOnly?: string };
    const planned: Plan[] = files.flatMap((file): Plan[] => {
      const needs: CredentialGroup[] = text[file]!.includes("$inputs.env.GINI_CLIENT_ID") ? ["giniClient"] : [];
      // The account workflows change and delete the user they are given: each gets one the run
      // created; `deleteUser` after `changePasswordAndEmail` on the same user, the legacy change on another.
      if (file.endsWith("/user-accounts.arazzo.yaml")) {
        return [
          { files: [file], workflowIds: ["changePasswordAndEmail", "deleteUser"], needs, ownUser: true },
          { files: [file], workflowIds: ["changePasswordLegacy"], needs, ownUser: true },
        ];
      }
      const mockOnly = mockOnlyWorkflows[file.slice(file.lastIndexOf("/") + 1)];
      if (mockOnly) return [{ files: [file], needs, mockOnly }];
      if (file.endsWith("/innodata-keys.arazzo.yaml")) {
        return [{ files: [file], needs, leavesData: true, inputs: { email: `contract-${randomUUID()}@example.com`, password: `pw-${randomUUID()}`, name: "Contract check" } }];
      }
      return [{ files: [file], needs }];
    });
    const label = (run: Plan) => `${run.files.join(", ")}${run.workflowIds ? ` (${run.workflowIds.join(", ")})` : ""}`;
    const skipReason = (run: Plan) => {
      const missingServer = run.files.flatMap(sources).find((source) => !this.options.servers[source]);
      return (
        run.mockOnly ??
        (missingServer && `no server given for ${missingServer} (--server ${missingServer}=URL)`) ??
        this.skipReason(apiOfFile(run.files[0]!), run.needs) ??
        (run.leavesData && !this.options.allowLeftovers ? leftoversReason : undefined) ??
        (cli ? undefined : "@redocly/cli is not installed in this project (npm install --save-dev @redocly/cli runs the Arazzo workflows)")
      );
    };
    const runnable: Plan[] = [];
    for (const run of planned) {
      const skip = skipReason(run);
      if (skip) this.record({ api: apiOfFile(run.files[0]!), subject: "workflows", kind: "workflow", name: label(run), operations: [], status: "skipped", reason: skip, durationMs: 0 });
      else runnable.push(run);
    }
    // Each Respect process costs a Node start; the files that take nothing from the run share one.
    const shared = runnable.filter((run) => !run.inputs && !run.ownUser && !run.workflowIds);
    const groups: Plan[] = [...(shared.length > 0 ? [{ files: shared.flatMap((run) => run.files), needs: [] }] : []), ...runnable.filter((run) => !shared.includes(run))];
    await Promise.all(groups.map((run) => this.runWorkflowGroup(cli!, run, sources)));
  }

  async runWorkflowGroup(cli: string, run: WorkflowRun & { ownUser?: boolean }, sources: (file: string) => ApiName[]) {
    let outcomes: WorkflowOutcome[] = [];
    const { reason, durationMs } = await this.timed(async () => {
      const inputs = { ...run.inputs, ...(run.ownUser && (await this.workflowUser())) };
      // The passwords are secrets; the user's ID and email stay readable in the report.
      for (const [name, value] of Object.entries(inputs)) if (/password/i.test(name)) this.secrets.register(value);
      const servers = Object.fromEntries(run.files.flatMap(sources).map((source) => [source, `${this.options.servers[source]}${apiDescription(source).basePath}`]));
      outcomes = await runWorkflow(cli, { ...run, inputs }, servers, this.options.env, this.options.signal);
      return undefined;
    });
    if (reason) {
      for (const file of run.files) this.record({ api: apiOfFile(file), subject: "workflows", kind: "workflow", name: `${file}${run.workflowIds ? ` (${run.workflowIds.join(", ")})` : ""}`, operations: [], status: "failed", reason, durationMs });
      return;
    }
    for (const outcome of outcomes) {
      this.noteWorkflowCreations(outcome);
      const operations = outcome.steps.flatMap((step) => {
        const found = apiNames.map((source) => ({ source, url: this.options.servers[source] })).find(({ url }) => url && step.url.startsWith(url));
        if (!found) return [];
        const path = new URL(step.url).pathname.slice(new URL(found.url!).pathname.replace(/\/$/, "").length + apiDescription(found.source).basePath.length);
        const operation = apiDescription(found.source).operationFor(step.method, path);
        return operation ? [{ api: found.source, operationId: operation.operationId }] : [];
      });
      const failed = !outcome.passed;
      const result = { api: apiOfFile(outcome.file), subject: `workflow ${outcome.workflowId}`, kind: "workflow" as const, name: outcome.file, operations, durationMs };
      this.record({ ...result, status: failed ? "failed" : "passed", ...(failed && { reason: outcome.failures.join("; ") || "the workflow failed" }) });
    }
  }

  /** Users a workflow created (`201` with a `Location` on the User Center) are deleted at the end with a client token. */
  noteWorkflowCreations(outcome: WorkflowOutcome) {
    const userCenter = this.options.servers["user-center"];
    for (const step of outcome.steps) {
      if (step.status !== 201 || !step.location || !userCenter || !step.url.startsWith(userCenter)) continue;
      const path = new URL(step.location, "http://server.invalid").pathname;
      const deleteOperation = apiDescription("user-center").operationFor("DELETE", path);
      if (deleteOperation) this.created.set(`user-center ${path}`, { api: "user-center", deleteOperation, path, headers: {} });
    }
  }

  /** Deletes what the run created: without the run's signal, so that an interrupted run cleans up too. */
  async cleanUp() {
    const token = async () => {
      if (this.state.values.clientToken || !this.credentials.giniClient) return this.state.values.clientToken;
      await this.runQuietly(scenarioStep("getClientToken"), this.state);
      return this.state.values.clientToken;
    };
    await Promise.all(
      [...this.created.values()].map(async (created) => {
        const { reason, durationMs } = await this.timed(async () => {
          const headers = created.headers.Authorization ? created.headers : { Authorization: `Bearer ${await token()}` };
          const url = `${this.options.servers[created.api]}${apiDescription(created.api).basePath}${created.path}`;
          const response = await fetch(url, { method: "DELETE", headers, signal: AbortSignal.timeout(this.context.timeoutMs) });
          await response.body?.cancel();
          return response.ok || response.status === 404 ? undefined : `deleting what the run created answered ${response.status}`;
        });
        const subject = created.deleteOperation.operationId;
        this.record({ api: created.api, subject: "cleanup", kind: "cleanup", name: `cleanup: ${subject} ${created.path}`, operations: [], status: reason ? "failed" : "passed", durationMs, ...(reason && { reason }) });
      }),
    );
  }
}

export async function runContract(options: ContractRunOptions): Promise<ContractRunResult> {
  const start = performance.now();
  const secrets = options.secrets ?? new SecretRegistry();
  const credentials = readCredentials(options.env, secrets);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const given = apiNames.filter((api) => options.servers[api]);
  const unreachable = (await Promise.all(given.map((api) => reach(api, options.servers[api]!, Math.min(timeoutMs, 5000))))).filter((found): found is Unreachable => found !== undefined);
  if (unreachable.length > 0) return { servers: options.servers, unreachable, results: [], durationMs: Math.round(performance.now() - start) };
  const run = new Run(options, secrets, credentials);
  try {
    await Promise.all([run.runScenario(), run.runWorkflows()]);
  } finally {
    await run.cleanUp();
  }
  return { servers: options.servers, unreachable: [], results: run.results, durationMs: Math.round(performance.now() - start) };
}
