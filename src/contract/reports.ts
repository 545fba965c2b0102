// What a contract run tells people and machines: a summary table per API with a coverage line per
// operation, a JUnit XML file, a JSON file and GitHub Actions annotations. Each is built as one
// text and redacted whole by the caller before it is written.
import { type ApiName, apiDescription, apiNames } from "./description.js";
import type { CheckKind, CheckResult, ContractRunResult } from "./run.js";

const count = (results: readonly CheckResult[], status: CheckResult["status"]) => results.filter((result) => result.status === status).length;

/** Operations with at least one check that ran (passed or failed), by API. */
function coveredOperations(results: readonly CheckResult[], api: ApiName) {
  return new Set(results.filter((result) => result.status !== "skipped").flatMap((result) => result.operations.filter((operation) => operation.api === api).map(({ operationId }) => operationId)));
}

const kindLabels: Record<Exclude<CheckKind, "cleanup">, string> = {
  documented: "documented",
  behaviour: "behaviour",
  "missing-credentials": "no credentials",
  "malformed-credentials": "malformed credentials",
  rule: "rules",
  workflow: "workflows",
};

/** `createUser: documented 1/1, no credentials 1/1, rules 3/4, workflows 1/1` (passed/run); `not covered` when nothing ran. */
function coverageLine(results: readonly CheckResult[], api: ApiName, operationId: string) {
  const parts = Object.entries(kindLabels).flatMap(([kind, label]) => {
    const ran = results.filter((result) => result.kind === kind && result.status !== "skipped" && result.operations.some((operation) => operation.api === api && operation.operationId === operationId));
    return ran.length > 0 ? [`${label} ${count(ran, "passed")}/${ran.length}`] : [];
  });
  return `    ${operationId}: ${parts.length > 0 ? parts.join(", ") : "not covered"}`;
}

/** In the order of the APIs, then by operation or workflow: checks finish in any order. */
const byApiAndSubject = (a: CheckResult, b: CheckResult) => apiNames.indexOf(a.api) - apiNames.indexOf(b.api) || a.subject.localeCompare(b.subject) || a.name.localeCompare(b.name);

export function summaryText(run: ContractRunResult): string {
  const { results } = run;
  const lines = ["", "Contract checks", ""];
  const rows = apiNames.map((api) => {
    const own = results.filter((result) => result.api === api);
    const operations = apiDescription(api).operations.length;
    return [api, run.servers[api] ?? "(no server)", `${coveredOperations(results, api).size}/${operations}`, String(own.length - count(own, "skipped")), String(count(own, "passed")), String(count(own, "failed")), String(count(own, "skipped"))];
  });
  const header = ["API", "server", "operations covered", "checks run", "passed", "failed", "skipped"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const row = (cells: string[]) => `  ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ")}`.trimEnd();
  lines.push(row(header), row(widths.map((width) => "-".repeat(width))), ...rows.map(row));
  const failed = results.filter((result) => result.status === "failed").sort(byApiAndSubject);
  if (failed.length > 0) {
    lines.push("", "Failed:");
    for (const result of failed) lines.push(`  FAILED ${result.api} ${result.subject}: ${result.name}: ${result.reason}`);
  }
  const skipped = new Map<string, CheckResult[]>();
  for (const result of results.filter(({ status }) => status === "skipped")) skipped.set(result.reason!, [...(skipped.get(result.reason!) ?? []), result]);
  if (skipped.size > 0) {
    lines.push("", "Skipped:");
    for (const [reason, group] of skipped) lines.push(`  ${group.length} skipped: ${reason}`, `      ${group.map(({ api, name }) => `${api} ${name}`).join(", ")}`);
  }
  lines.push("", "Coverage (passed/run by kind of check):");
  for (const api of apiNames) {
    lines.push(`  ${api}`);
    for (const { operationId } of apiDescription(api).operations) lines.push(coverageLine(results, api, operationId));
  }
  const total = { passed: count(results, "passed"), failed: count(results, "failed"), skipped: count(results, "skipped") };
  lines.push("", `Result: ${total.failed > 0 ? "FAIL" : "PASS"}, ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped in ${(run.durationMs / 1000).toFixed(1)} s`);
  return lines.join("\n");
}

const xmlEscape = (text: string) =>
  text.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[character]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

export function junitXml(run: ContractRunResult): string {
  const suites = apiNames.map((api) => {
    const own = run.results.filter((result) => result.api === api).sort(byApiAndSubject);
    const seconds = (ms: number) => (ms / 1000).toFixed(3);
    const cases = own.map((result) => {
      const attributes = `classname="${xmlEscape(`${api}.${result.subject}`)}" name="${xmlEscape(result.name)}" time="${seconds(result.durationMs)}"`;
      if (result.status === "passed") return `    <testcase ${attributes}/>`;
      const element = result.status === "failed" ? "failure" : "skipped";
      return `    <testcase ${attributes}>\n      <${element} message="${xmlEscape(result.reason ?? "")}"/>\n    </testcase>`;
    });
    const time = seconds(own.reduce((sum, result) => sum + result.durationMs, 0));
    return [`  <testsuite name="${api}" tests="${own.length}" failures="${count(own, "failed")}" errors="0" skipped="${count(own, "skipped")}" time="${time}">`, ...cases, "  </testsuite>"].join("\n");
  });
  const failures = count(run.results, "failed");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gini-openapi contract" tests="${run.results.length}" failures="${failures}" errors="0" time="${(run.durationMs / 1000).toFixed(3)}">\n${suites.join("\n")}\n</testsuites>\n`;
}

export function jsonReport(run: ContractRunResult): string {
  const summary = Object.fromEntries(
    apiNames.map((api) => {
      const own = run.results.filter((result) => result.api === api);
      return [api, { server: run.servers[api] ?? null, operations: apiDescription(api).operations.length, operationsCovered: coveredOperations(run.results, api).size, checksRun: own.length - count(own, "skipped"), passed: count(own, "passed"), failed: count(own, "failed"), skipped: count(own, "skipped") }];
    }),
  );
  const passed = count(run.results, "failed") === 0 && run.unreachable.length === 0;
  return `${JSON.stringify({ passed, durationMs: run.durationMs, unreachable: run.unreachable, summary, checks: run.results }, null, 2)}\n`;
}

/** GitHub Actions workflow commands: `%`, CR and LF escaped as the runner expects. */
const escapeData = (text: string) => text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
const escapeProperty = (text: string) => escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");

export function githubAnnotations(run: ContractRunResult): string {
  const lines = run.unreachable.map(({ api, url, reason }) => `::error title=${escapeProperty(`contract: ${api} unreachable`)}::${escapeData(`cannot reach ${url} (${reason})`)}`);
  for (const result of run.results.filter(({ status }) => status === "failed")) {
    lines.push(`::error title=${escapeProperty(`contract: ${result.api} ${result.subject}`)}::${escapeData(`${result.name}: ${result.reason}`)}`);
  }
  const failed = count(run.results, "failed");
  lines.push(`::notice title=contract::${escapeData(`${count(run.results, "passed")} passed, ${failed} failed, ${count(run.results, "skipped")} skipped`)}`);
  return `${lines.join("\n")}\n`;
}
