// A contract run: every server reached once, then the good request of each operation checked
// against its description, the requests derived from it (credentials missing or malformed, each
// documented rule broken), and the Arazzo workflows; at the end everything the run created is
// deleted, also when a check failed or threw.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { boundedFetch, defaultMaxBodyBytes, defaultTimeoutMs, ExchangeFailure, type FetchFunction, type HttpLimits, LargeBodySlots } from "./bounded-http.js";
import { type CredentialGroup, type Credentials, missingCredentialsReason, readCredentials } from "./credentials.js";
import { type ApiName, apiDescription, apiNames } from "./description.js";
import { type BoundingProxy, type ProxiedExchange, startBoundingProxy } from "./bounding-proxy.js";
import { type ContractRequest, type Created, type ExchangeContext, exchange, noteCreated, parseBody } from "./exchange.js";
import { packageRoot } from "./package-files.js";
import { requestVariants } from "./request-variants.js";
import { type BehaviourStep, isBehaviour, scenario, type ScenarioState, type ScenarioStep } from "./scenario.js";
import { SecretRegistry } from "./secrets.js";
import { redoclyCli, runWorkflow, type WorkflowOutcome, type WorkflowRun, workflowFiles } from "./workflows.js";

export type CheckKind = "documented" | "behaviour" | "missing-credentials" | "malformed-credentials" | "rule" | "workflow" | "cleanup";
type CheckStatus = "passed" | "failed" | "skipped";

interface OperationRef {
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

interface Unreachable {
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
  /** Per request, including reading the whole answer; default 10 s. */
  readonly timeoutMs?: number;
  /** The largest answer body read; default 10 MiB. A larger one fails its check. */
  readonly maxBodyBytes?: number;
  /** `false` skips the Arazzo workflows (they need servers on the network: not with an in-process `fetch`). */
  readonly workflows?: boolean;
  /** How requests are sent; the global `fetch` by default (tests pass an in-process server's). */
  readonly fetch?: FetchFunction;
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
  return scenario.flat().find((step): step is ScenarioStep => step.id === id && !isBehaviour(step))!;
}

const statelessReason = "a stateless mock cannot tell a token it issued from another (--stateless)";
const statelessBehaviourReason = "a stateless mock keeps nothing and takes any credentials (--stateless)";
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

/** Any HTTP answer means the server is there; only a failed connection or no answer at all does not. Its body is never read. */
async function reach(api: ApiName, url: string, limits: HttpLimits): Promise<Unreachable | undefined> {
  const timeoutMs = Math.min(limits.timeoutMs, 5000);
  try {
    const response = await limits.fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => {});
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : "connection failed");
    return { api, url, reason: cause };
  }
}

function httpLimits(options: ContractRunOptions): HttpLimits {
  return {
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? defaultMaxBodyBytes,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    largeBodies: new LargeBodySlots(),
    ...(options.signal && { signal: options.signal }),
  };
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
      ...httpLimits(options),
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
        if (problems.length === 0 && !this.options.stateless) problems.push(...(step.readBack?.(answer, this.state) ?? []));
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
          // A refusal is an answer too: its status, media type and body must be the documented ones;
          // but a stateless mock (Prism) refuses a broken rule with its own 422, so there only the 4xx counts.
          const problems = this.options.stateless && variant.kind === "rule" ? [] : answer.problems;
          if (!variant.accepts(answer.status)) return [`answered ${answer.status}, expected ${variant.expected}`, ...problems].join("; ");
          return problems.length > 0 ? `answered ${answer.status}: ${problems.join("; ")}` : undefined;
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

  async runBehaviour(step: BehaviourStep) {
    if (this.options.signal?.aborted) return;
    const base = { api: step.api, subject: step.operationId, operations: [{ api: step.api, operationId: step.operationId }], kind: "behaviour" as const, name: `behaviour: ${step.id}` };
    const unusable = step.uses.find((used) => !this.passedSteps.has(used));
    const skip = this.skipReason(step.api, step.needs) ?? (this.options.stateless ? statelessBehaviourReason : undefined) ?? (unusable && `needs step ${unusable}, which did not pass`);
    if (skip) return this.record({ ...base, status: "skipped", reason: skip, durationMs: 0 });
    const { reason, durationMs } = await this.timed(async () => {
      const problems = await step.behaviour((request) => exchange(this.context, request), this.state);
      return problems.length > 0 ? problems.join("; ") : undefined;
    });
    // A behaviour step may be what later steps wait for (the document processed).
    if (!reason) this.passedSteps.add(step.id);
    this.record({ ...base, status: reason ? "failed" : "passed", durationMs, ...(reason && { reason }) });
  }

  async runScenario() {
    await Promise.all(scenario.map(async (sequence) => {
      for (const step of sequence) await (isBehaviour(step) ? this.runBehaviour(step) : this.runStep(step));
    }));
  }

  /** A scenario step outside the checks (for a workflow's user, for cleanup): its answer must be the documented one. */
  async runQuietly(step: ScenarioStep, state: ScenarioState, context: ExchangeContext = this.context) {
    const answer = await exchange(context, step.request(state));
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
        (this.options.workflows === false ? "the workflows are not run (workflows: false)" : undefined) ??
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
    const proxies: { api: ApiName; proxy: BoundingProxy }[] = [];
    const label = `${run.files.join(", ")}${run.workflowIds ? ` (${run.workflowIds.join(", ")})` : ""}`;
    const { reason, durationMs } = await this.timed(async () => {
      const inputs = { ...run.inputs, ...(run.ownUser && (await this.workflowUser())) };
      // The passwords are secrets; the user's ID and email stay readable in the report.
      for (const [name, value] of Object.entries(inputs)) if (/password/i.test(name)) this.secrets.register(value);
      for (const api of new Set(run.files.flatMap(sources))) proxies.push({ api, proxy: await startBoundingProxy(this.options.servers[api]!, this.context) });
      const servers = Object.fromEntries(proxies.map(({ api, proxy }) => [api, `${proxy.url}${apiDescription(api).basePath}`]));
      outcomes = await runWorkflow(cli, { ...run, inputs }, servers, this.options.env, { timeoutMs: this.context.timeoutMs, answersCheckedByRun: true, ...(this.options.signal && { signal: this.options.signal }) });
      return undefined;
    }).finally(() => Promise.all(proxies.map(({ proxy }) => proxy.close())));
    if (reason) {
      for (const file of run.files) this.record({ api: apiOfFile(file), subject: "workflows", kind: "workflow", name: label, operations: [], status: "failed", reason, durationMs });
      return;
    }
    for (const outcome of outcomes) {
      const operations = outcome.steps.flatMap((step) => {
        const found = proxies.find(({ proxy }) => step.url.startsWith(proxy.url));
        const operation = found && apiDescription(found.api).operationFor(step.method, new URL(step.url).pathname.slice(apiDescription(found.api).basePath.length));
        return operation ? [{ api: found.api, operationId: operation.operationId }] : [];
      });
      const failed = !outcome.passed;
      const result = { api: apiOfFile(outcome.file), subject: `workflow ${outcome.workflowId}`, kind: "workflow" as const, name: outcome.file, operations, durationMs };
      this.record({ ...result, status: failed ? "failed" : "passed", ...(failed && { reason: outcome.failures.join("; ") || "the workflow failed" }) });
    }
    for (const { api, proxy } of proxies) this.checkWorkflowAnswers(api, proxy.exchanges, label);
  }

  /**
   * Every answer a workflow received, checked as the run's own answers are (status, media type,
   * body schema, with the same tolerance), one check per operation; what it created is deleted at the end.
   */
  checkWorkflowAnswers(apiName: ApiName, exchanges: readonly ProxiedExchange[], label: string) {
    const api = apiDescription(apiName);
    const problems = new Map<string, Set<string>>();
    // First every credential the workflows sent, so that an answer echoing a later one is seen too.
    for (const { requestHeaders } of exchanges) if (requestHeaders.authorization) this.secrets.registerAuthorization(requestHeaders.authorization);
    for (const sent of exchanges) {
      const path = new URL(sent.target, "http://proxy.invalid").pathname.slice(api.basePath.length);
      const operation = api.operationFor(sent.method, path);
      if (!operation) continue;
      const found = problems.get(operation.operationId) ?? new Set<string>();
      problems.set(operation.operationId, found);
      if (sent.status === undefined) {
        found.add(sent.failure!);
        continue;
      }
      const body = parseBody(sent.headers!["content-type"], sent.text!);
      if (operation.handsOutCredentials) this.secrets.registerStrings(body);
      noteCreated(this.context, apiName, sent.requestHeaders, { status: sent.status, headers: sent.headers! });
      const answer = { status: sent.status, headers: sent.headers!, body };
      const departures = [...api.responseProblems(operation.operationId, answer), ...this.secrets.leaks({ headers: answer.headers, text: sent.text! }, operation.handsOutCredentials)];
      for (const problem of departures) found.add(`answered ${sent.status}: ${problem}`);
    }
    for (const [operationId, found] of problems) {
      const reason = [...found].join("; ");
      this.record({ api: apiName, subject: operationId, kind: "workflow", name: `answers in workflows (${label})`, operations: [{ api: apiName, operationId }], status: reason ? "failed" : "passed", durationMs: 0, ...(reason && { reason }) });
    }
  }

  /** Deletes what the run created: without the run's signal, so that an interrupted run cleans up too. */
  async cleanUp() {
    const { signal: _interrupt, ...unstoppable } = this.context;
    const token = async () => {
      if (this.state.values.clientToken || !this.credentials.giniClient) return this.state.values.clientToken;
      await this.runQuietly(scenarioStep("getClientToken"), this.state, unstoppable);
      return this.state.values.clientToken;
    };
    const deleteOne = async (created: Created) => {
        const { reason, durationMs } = await this.timed(async () => {
          const headers = created.headers.Authorization ? created.headers : { Authorization: `Bearer ${await token()}` };
          const url = `${this.options.servers[created.api]}${apiDescription(created.api).basePath}${created.path}`;
          const leftBehind = `; left on the server: ${created.api} ${created.path}`;
          try {
            const { status } = await boundedFetch(url, { method: "DELETE", headers }, unstoppable);
            if (status >= 300 && status < 400) return `deleting what the run created answered ${status}, a redirect, which is never followed${leftBehind}`;
            return (status >= 200 && status < 300) || status === 404 ? undefined : `deleting what the run created answered ${status}${leftBehind}`;
          } catch (error) {
            return `${error instanceof ExchangeFailure ? error.message : "deleting what the run created failed"}${leftBehind}`;
          }
        });
        const subject = created.deleteOperation.operationId;
        this.record({ api: created.api, subject: "cleanup", kind: "cleanup", name: `cleanup: ${subject} ${created.path}`, operations: [], status: reason ? "failed" : "passed", durationMs, ...(reason && { reason }) });
    };
    // Newest first, one at a time per API: a composite document goes before the partial documents it is made of.
    const newestFirst = [...this.created.values()].reverse();
    await Promise.all(apiNames.map(async (api) => {
      for (const created of newestFirst.filter((item) => item.api === api)) await deleteOne(created);
    }));
  }
}

export async function runContract(options: ContractRunOptions): Promise<ContractRunResult> {
  const start = performance.now();
  const secrets = options.secrets ?? new SecretRegistry();
  const credentials = readCredentials(options.env, secrets);
  const limits = httpLimits(options);
  const given = apiNames.filter((api) => options.servers[api]);
  const unreachable = (await Promise.all(given.map((api) => reach(api, options.servers[api]!, limits)))).filter((found): found is Unreachable => found !== undefined);
  if (unreachable.length > 0) return { servers: options.servers, unreachable, results: [], durationMs: Math.round(performance.now() - start) };
  const run = new Run(options, secrets, credentials);
  try {
    await Promise.all([run.runScenario(), run.runWorkflows()]);
  } finally {
    await run.cleanUp();
  }
  return { servers: options.servers, unreachable: [], results: run.results, durationMs: Math.round(performance.now() - start) };
}
