// The report of `npm run contract`: where each API was tested, which credentials were there (by
// name only), the tests that failed or were skipped, every response mismatch by operation, and
// the workflows.
import { apis } from "../../generated/apis.js";
import { credentialVariables } from "./credentials.mjs";

/** The tests of a vitest JSON report by outcome: `{ passed, failed: [{ name, message }], skipped: [name] }`. */
export function testOutcomes(vitestReport) {
  const results = vitestReport.testResults.flatMap((file) =>
    file.assertionResults.map((test) => ({ ...test, file: file.name })),
  );
  const fileErrors = vitestReport.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0);
  return {
    passed: results.filter(({ status }) => status === "passed").length,
    failed: [
      ...results.filter(({ status }) => status === "failed").map(({ fullName, failureMessages }) => ({ name: fullName, message: failureMessages[0] ?? "" })),
      ...fileErrors.map(({ name, message }) => ({ name, message })),
    ],
    skipped: results.filter(({ status }) => status === "skipped" || status === "pending").map(({ fullName }) => fullName),
  };
}

/** Mismatches (one JSON object a line) grouped by API and operation, with how often each was seen. */
export function mismatchesByOperation(logText) {
  const groups = new Map();
  for (const line of logText.split("\n").filter(Boolean)) {
    const { api, operationId, method, path, status, problems } = JSON.parse(line);
    const key = `${api} ${operationId}`;
    const group = groups.get(key) ?? { api, operationId, findings: new Map() };
    for (const problem of problems) {
      const finding = `${method} ${path} → ${status}: ${problem}`;
      group.findings.set(finding, (group.findings.get(finding) ?? 0) + 1);
    }
    groups.set(key, group);
  }
  return [...groups.values()];
}

const firstLine = (text) => text.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";

export function formatReport({ servers, env, outcomes, mismatches, workflows }) {
  const lines = ["", "Contract report", ""];
  for (const { name } of apis) lines.push(`  ${name.padEnd(12)} ${servers[name] ? `server ${servers[name]}` : "mock (Prism, started for this run)"}`);
  const variables = Object.values(credentialVariables).flat();
  lines.push("", `  credentials: ${variables.map((name) => `${name} ${env[name] ? "set" : "not set"}`).join(", ")}`);
  lines.push("", `Tests: ${outcomes.passed} passed, ${outcomes.failed.length} failed, ${outcomes.skipped.length} skipped`);
  for (const { name, message } of outcomes.failed) lines.push(`  FAILED  ${name}`, `          ${firstLine(message)}`);
  for (const name of outcomes.skipped) lines.push(`  skipped ${name}`);
  lines.push("", mismatches.length === 0 ? "Responses: every response matches the descriptions" : "Responses that the descriptions do not document, by operation:");
  for (const { api, operationId, findings } of mismatches) {
    lines.push(`  ${api} ${operationId}`);
    for (const [finding, count] of findings) lines.push(`    ${finding}${count > 1 ? ` (${count}×)` : ""}`);
  }
  lines.push("", workflows.skipReason ? `Workflows: skipped (${workflows.skipReason})` : `Workflows (redocly respect against the mocks): ${workflows.results.filter(({ status }) => status === "success").length} of ${workflows.results.length} passed`);
  for (const { file, workflowId, status } of workflows.results ?? []) if (status !== "success") lines.push(`  FAILED  ${file} ${workflowId}`);
  return lines.join("\n");
}

export const reportPassed = ({ outcomes, mismatches, workflows }) => outcomes.failed.length === 0 && mismatches.length === 0 && (workflows.skipReason !== undefined || workflows.passed);
