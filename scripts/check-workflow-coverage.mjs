// Fails when an operation of the three APIs is used by no step of the Arazzo workflows, so that
// a new operation cannot be added without a workflow that drives it against the mocks.
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseYaml } from "@redocly/openapi-core";
import { apis } from "../generated/apis.js";

const projectRoot = fileURLToPath(new URL("../", import.meta.url));

/** The Arazzo documents that redocly.yaml lists next to the descriptions. */
export async function workflowFiles() {
  return apis.flatMap((api) => api.workflows.map((workflow) => workflow.path)).sort();
}

/**
 * `{ api, operationId }` of every step of one Arazzo document. A step names its operation as
 * `$sourceDescriptions.<name>.<operationId>`, or bare when the document has one source.
 */
export function stepOperations(arazzoPath, arazzoDocument) {
  const apiOfSource = new Map(
    arazzoDocument.sourceDescriptions.map(({ name, url }) => {
      const root = relative(projectRoot, resolve(projectRoot, dirname(arazzoPath), url));
      return [name, apis.find((api) => api.descriptionPath === root)?.name];
    }),
  );
  const onlySource = arazzoDocument.sourceDescriptions.length === 1 ? arazzoDocument.sourceDescriptions[0].name : undefined;
  return arazzoDocument.workflows
    .flatMap((workflow) => workflow.steps)
    .filter((step) => step.operationId !== undefined)
    .map(({ operationId }) => {
      const qualified = /^\$sourceDescriptions\.([^.]+)\.(.+)$/.exec(operationId);
      const source = qualified ? qualified[1] : onlySource;
      return { api: apiOfSource.get(source), operationId: qualified ? qualified[2] : operationId };
    });
}

/** The operations of `registries` (`{ name, operations }`, as generated/apis.ts lists them) that no step of `workflows` (`{ path, document }`) uses. */
export function uncoveredOperations(registries, workflows) {
  const used = new Set(
    workflows.flatMap(({ path, document }) => stepOperations(path, document)).map(({ api, operationId }) => `${api} ${operationId}`),
  );
  return registries.flatMap(({ name, operations }) =>
    operations.filter(({ id }) => !used.has(`${name} ${id}`)).map(({ id }) => ({ api: name, operationId: id })),
  );
}

export async function loadApiDocuments() {
  return Promise.all(
    apis.map(async ({ name, documentPath }) => ({
      api: name,
      document: JSON.parse(await readFile(join(projectRoot, documentPath), "utf8")),
    })),
  );
}

/** @returns {Promise<{ path: string, document: { workflows: { workflowId: string, steps: { operationId?: string }[] }[] } }[]>} */
export async function loadWorkflows() {
  return Promise.all(
    (await workflowFiles()).map(async (path) => ({ path, document: parseYaml(await readFile(join(projectRoot, path), "utf8")) })),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const uncovered = uncoveredOperations(apis, await loadWorkflows());
  for (const { api, operationId } of uncovered) console.error(`${api}: operation ${operationId} is used by no Arazzo workflow step`);
  if (uncovered.length > 0) process.exit(1);
  console.log("Every operation of the three APIs is used by at least one Arazzo workflow step.");
}
