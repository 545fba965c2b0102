import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildDocs, examplesConfigFile } from "../../scripts/docs/build.mjs";
import { examplesSandboxConfig } from "../../scripts/docs/examples-sandbox.mjs";
import { loadApiDescriptions } from "../../scripts/docs/operations.mjs";

let outputDirectory: string;
let built: Awaited<ReturnType<typeof buildDocs>>;
beforeAll(async () => {
  outputDirectory = await mkdtemp(join(tmpdir(), "docs-build-"));
  built = await buildDocs(outputDirectory);
}, 60_000);
afterAll(() => rm(outputDirectory, { recursive: true, force: true }));

it("builds the whole site within the 5 MB budget (Redoc's site was 7.5 MB)", () => {
  expect(built.bytes).toBeGreaterThan(1_000_000); // the Scalar bundle is in it
  expect(built.bytes).toBeLessThanOrEqual(5_000_000);
});

it("has a page per API, per guide and the index, and the examples' sandbox configuration the samples name", async () => {
  expect(built.pages).toEqual(expect.arrayContaining(["index.html", "user-center.html", "gini-api.html", "innodata.html", "guides/sandbox.html", "guides/auth-flows.html"]));
  const config = JSON.parse(await readFile(join(outputDirectory, examplesConfigFile), "utf8"));
  expect(config).toEqual(examplesSandboxConfig(await loadApiDescriptions()));
});
