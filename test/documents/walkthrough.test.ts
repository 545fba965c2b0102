// docs/documents.md's walkthrough runs as written against the sandbox: the test takes the first
// TypeScript block under "Upload, wait, read extractions, send feedback", changes only where it
// imports the package from and the sandbox port (a free one here), and runs it.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type Sandbox, startSandbox } from "../../sandbox/index.js";

const heading = "## Upload, wait, read extractions, send feedback";
const documentedGiniApi = "http://127.0.0.1:4011";

let sandbox: Sandbox;
let workDir: string;
beforeAll(async () => {
  // The default configuration: the demo client the walkthrough names.
  sandbox = await startSandbox({ passwordHashCost: 1024 });
  workDir = await mkdtemp(join(tmpdir(), "documents-walkthrough-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(workDir, { recursive: true, force: true });
  expect(sandbox.violations).toEqual([]);
});

async function walkthrough(): Promise<string> {
  const markdown = await readFile(new URL("../../docs/documents.md", import.meta.url), "utf8");
  const section = markdown.slice(markdown.indexOf(heading));
  const code = /```ts[^\n]*\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error(`no ts block under "${heading}"`);
  return code;
}

it("the walkthrough uploads two pages, reads the extractions, sends feedback and cleans up against the sandbox", async () => {
  const code = await walkthrough();
  expect(code).toContain(`from "gini-openapi"`);
  expect(code).toContain(documentedGiniApi);
  const runnable = code
    .replace(`from "gini-openapi"`, `from ${JSON.stringify(fileURLToPath(new URL("../../src/index.ts", import.meta.url)))}`)
    .replace(documentedGiniApi, sandbox.urls.giniApi);
  const file = join(workDir, "walkthrough.ts");
  await writeFile(file, runnable);

  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void lines.push(parts.join(" ")));
  try {
    await import(file);
  } finally {
    log.mockRestore();
  }
  expect(lines).toContain("progress: uploading");
  expect(lines).toContain("progress: reading-extractions");
  expect(lines.find((line) => line.startsWith("amount to pay:"))).toMatch(/^amount to pay: \d+\.\d{2}:[A-Z]{3}$/);
  const documentId = lines.find((line) => line.startsWith("done:"))?.slice("done: ".length);
  expect(documentId).toMatch(/^[0-9a-f-]{36}$/);
  // Cleaned up: the walkthrough user has no documents left.
  const response = await fetch(`${sandbox.urls.giniApi}/documents`, {
    headers: { Authorization: `Basic ${btoa("sandbox-client:sandbox-secret")}`, "X-User-Identifier": "walkthrough-user", Accept: "application/vnd.gini.v1+json" },
  });
  expect(((await response.json()) as { documents: unknown[] }).documents).toEqual([]);
});
