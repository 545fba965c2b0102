// The checklist of docs/development.md ("Adding an operation"), enforced: every operation of the
// compiled registry (generated/*.registry.ts) has a contract scenario step, a sandbox handler,
// a body limit where its body is a file, a docs sample and an Arazzo workflow step. A missing
// item fails here unless `exemptions` names it with the reason.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apis } from "../../generated/apis.js";
import { giniApi } from "../../sandbox/gini-api.js";
import { innodata } from "../../sandbox/innodata.js";
import { userCenter } from "../../sandbox/user-center.js";
import { codeSamples } from "../../scripts/docs/code-samples.mjs";
import { loadApiDescriptions } from "../../scripts/docs/operations.mjs";
import { loadWorkflows, uncoveredOperations } from "../../scripts/check-workflow-coverage.mjs";
import { scenario } from "../../src/contract/scenario.js";

type Item = "contract step" | "sandbox handler" | "body limit" | "docs sample" | "workflow step";

/** Items an operation may lack, each with the reason; keep this list short and every reason true. */
const exemptions: Record<string, Partial<Record<Item, string>>> = {};

const handlers: Record<string, Record<string, unknown>> = { "user-center": userCenter.handlers, "gini-api": giniApi.handlers, innodata: innodata.handlers };
const scenarioOperations = new Set(scenario.flat().map((step) => step.operationId));
const limitKeys = [...(/bodyLimitByOperation[^=]*=\s*\{([^}]*)\}/.exec(readFileSync(new URL("../../sandbox/limits.ts", import.meta.url), "utf8"))?.[1] ?? "").matchAll(/^\s*(\w+):/gm)].map(
  ([, key]) => key!,
);
const isFormOrJson = (mediaType: string) => mediaType === "application/x-www-form-urlencoded" || mediaType === "application/json" || mediaType.endsWith("+json");
const descriptions = await loadApiDescriptions();
const uncoveredByWorkflows = uncoveredOperations(apis, await loadWorkflows()) as Array<{ api: string; operationId: string }>;
const operations = apis.flatMap((api) => api.operations.map((operation) => ({ api: api.name, operation })));

function missing({ api, operation }: (typeof operations)[number]): Item[] {
  const items: Item[] = [];
  if (!scenarioOperations.has(operation.id)) items.push("contract step");
  if (!(operation.id in handlers[api]!)) items.push("sandbox handler");
  // JSON and form bodies share the sandbox's default limit; a file body needs its own.
  const mediaTypes = Object.keys(operation.body?.content ?? {});
  if (mediaTypes.some((mediaType) => !isFormOrJson(mediaType)) && !limitKeys.includes(operation.id)) items.push("body limit");
  const description = descriptions.find((candidate: { name: string }) => candidate.name === api);
  const documented = description?.operations.find((candidate: { operationId: string }) => candidate.operationId === operation.id);
  if (!description || !documented || codeSamples(api, description.document, documented).length !== 2) items.push("docs sample");
  if (uncoveredByWorkflows.some((uncovered) => uncovered.api === api && uncovered.operationId === operation.id)) items.push("workflow step");
  return items.filter((item) => exemptions[operation.id]?.[item] === undefined);
}

describe("adding an operation (docs/development.md)", () => {
  it("finds the operations of all three APIs", () => {
    expect(new Set(operations.map(({ api }) => api))).toEqual(new Set(["user-center", "gini-api", "innodata"]));
  });

  it.each(operations.map((entry) => [`${entry.api} ${entry.operation.id}`, entry] as const))("%s has every item of the checklist", (_name, entry) => {
    expect(missing(entry)).toEqual([]);
  });

  it("names only real operations in the body limits and the exemptions, and exempts only what is missing", () => {
    const ids = operations.map(({ operation }) => operation.id);
    expect(limitKeys.length).toBeGreaterThan(0);
    expect(limitKeys.filter((key) => !ids.includes(key))).toEqual([]);
    for (const [id, items] of Object.entries(exemptions)) {
      expect(ids).toContain(id);
      if (items["contract step"]) expect(scenarioOperations.has(id), `${id} has a contract step now: drop its exemption`).toBe(false);
    }
  });
});
