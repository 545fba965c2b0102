import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apis } from "../../generated/apis.js";
import { examplesSandboxConfig } from "../../scripts/docs/examples-sandbox.mjs";
import { loadApiDescriptions } from "../../scripts/docs/operations.mjs";
import { startMock } from "../../scripts/mock/start-mock.mjs";
import { startSandbox } from "../../sandbox/index.js";
import { createSampleFolder, pointAt, runShell, runTypeScript, sandboxUrls } from "./support/sample-runner.js";
import { documentationFiles, type Snippet, snippetsOf, type SnippetTarget } from "./support/snippets.js";

const snippets = documentationFiles().flatMap(snippetsOf);
const runnable = snippets.filter((snippet) => snippet.target !== undefined && snippet.target !== "no-run");
const fileOf = (snippet: Snippet) => `${snippet.where.replace(/[^\w]+/g, "-")}.${snippet.language === "typescript" ? "ts" : "sh"}`;

/** Starts what the snippet names, fresh for each snippet; resolves the URLs of its APIs and how to stop it. */
async function startTarget(target: SnippetTarget) {
  if (target === "mock") {
    const mocks = await Promise.all(apis.map(async ({ name }) => ({ name, mock: await startMock({ apiName: name }) })));
    return { urls: Object.fromEntries(mocks.map(({ name, mock }) => [name, mock.url])), violations: () => [], close: () => Promise.all(mocks.map(({ mock }) => mock.close())) };
  }
  // What `npm run sandbox` starts (the demo client), with a cheaper password hash for the test.
  const config = target === "sandbox-examples" ? examplesSandboxConfig(await loadApiDescriptions()) : { passwordHashCost: 1024 };
  const sandbox = await startSandbox(config);
  return { urls: sandboxUrls(sandbox), violations: () => sandbox.violations, close: () => sandbox.close() };
}

describe("the snippets of README.md and docs/*.md", () => {
  let folder: Awaited<ReturnType<typeof createSampleFolder>>;
  beforeAll(async () => {
    folder = await createSampleFolder("snippets");
  });
  afterAll(() => folder?.remove());

  it("each shell or TypeScript block names the server it runs against, or says no-run", () => {
    expect(snippets.filter((snippet) => snippet.target === undefined).map(({ where }) => where)).toEqual([]);
    expect(runnable.length).toBeGreaterThan(0);
  });

  it("the README's first runnable snippet runs against what its first command starts, the sandbox", () => {
    const readme = snippets.filter(({ where }) => where.startsWith("README.md:"));
    expect(readme[0]?.source).toMatch(/^npm ci && npm run sandbox/);
    expect(readme.find((snippet) => snippet.target !== "no-run")?.target).toBe("sandbox");
  });

  it("every runnable TypeScript snippet type-checks", async () => {
    const typeScript = runnable.filter(({ language }) => language === "typescript");
    expect(await folder.typeCheck(Object.fromEntries(typeScript.map((snippet) => [fileOf(snippet), snippet.source])))).toBe("");
  }, 120_000);

  it.each(runnable.map((snippet) => [snippet.where, snippet.target, snippet] as const))("%s runs as written against the %s", async (_, target, snippet) => {
    const server = await startTarget(target!);
    try {
      const source = pointAt(snippet.source, server.urls);
      const file = `run-${fileOf(snippet)}`;
      let result;
      if (snippet.language === "shell") result = await runShell(source, folder.folder);
      else {
        await writeFile(join(folder.folder, file), source);
        result = await runTypeScript(file, folder.folder);
      }
      expect(result.ok, `${snippet.where} failed:\n${source}\n${result.output}`).toBe(true);
      expect(server.violations()).toEqual([]);
    } finally {
      await server.close();
    }
  }, 90_000);
});
