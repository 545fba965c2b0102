// The contract suite's own proof of power: it runs against fake staging servers, the in-process
// sandbox behind a middleware with ONE realistic defect each (support/defects.ts), and must fail
// on every one naming the operation; against servers with only changes a server may make
// (support/tolerated-changes.ts) it must pass. Prints the list and the score.
import { describe, expect, it } from "vitest";
import { type CheckResult, runContract } from "../../src/contract/run.js";
import { defects } from "./support/defects.js";
import { type Middleware, startStaging } from "./support/staging.js";
import { tolerated } from "./support/tolerated-changes.js";

async function failuresAgainst(middleware: Middleware): Promise<CheckResult[]> {
  const staging = await startStaging(middleware);
  try {
    const { results } = await runContract({ servers: staging.servers, env: staging.env, fetch: staging.fetch, workflows: false });
    return results.filter(({ status }) => status === "failed");
  } finally {
    await staging.close();
  }
}

describe("the contract suite's power", () => {
  it("fails on every defect, naming its operation, and on no tolerated change", async () => {
    const [caught, alarms] = await Promise.all([
      Promise.all(defects.map(async (defect) => ({ defect, failures: await failuresAgainst(defect.middleware()) }))),
      Promise.all(tolerated.map(async (change) => ({ change, failures: await failuresAgainst(change.middleware) }))),
    ]);
    const lines = ["Defects (each must fail the suite, naming the operation):"];
    const missed: string[] = [];
    for (const { defect, failures } of caught) {
      const naming = failures.filter(({ subject }) => defect.operations.includes(subject));
      if (naming.length === 0) missed.push(defect.name);
      const shown = naming[0] ? `${naming[0].subject}: ${naming[0].name}: ${naming[0].reason}` : `MISSED (${failures.length} unrelated failures)`;
      lines.push(`  ${naming.length > 0 ? "caught" : "MISSED"}  ${defect.api}: ${defect.name}  ->  ${shown.slice(0, 220)}`);
    }
    lines.push("Tolerated changes (none may fail the suite):");
    for (const { change, failures } of alarms) lines.push(`  ${failures.length === 0 ? "passed" : "FALSE ALARM"}  ${change.name}${failures[0] ? `  ->  ${failures[0].subject}: ${failures[0].reason}` : ""}`);
    const falseAlarms = alarms.filter(({ failures }) => failures.length > 0);
    lines.push(`Score: ${caught.length - missed.length}/${caught.length} defects caught, ${falseAlarms.length}/${alarms.length} false alarms`);
    console.log(lines.join("\n"));
    expect(missed).toEqual([]);
    expect(falseAlarms.map(({ change, failures }) => ({ change: change.name, failures: failures.map(({ subject, name, reason }) => `${subject}: ${name}: ${reason}`) }))).toEqual([]);
    expect(new Set(defects.map(({ api }) => api)).size).toBe(3);
    expect(defects.length).toBeGreaterThanOrEqual(25);
  }, 120_000);
});
