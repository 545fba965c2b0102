import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderedDocument } from "../../scripts/docs/api-page.mjs";
import { codeSamples, sampleUploadFile, signUpEmail } from "../../scripts/docs/code-samples.mjs";
import { demoClient as documentedDemoClient, examplesSandboxConfig } from "../../scripts/docs/examples-sandbox.mjs";
import { loadApiDescriptions } from "../../scripts/docs/operations.mjs";
import { demoClient, startSandbox } from "../../sandbox/index.js";
import { createSampleFolder, pointAt, runShell, runTypeScript, sandboxUrls } from "./support/sample-runner.js";

const apiDescriptions = await loadApiDescriptions();
const operations = apiDescriptions.flatMap((api) =>
  api.operations.map((operation) => {
    const [curl, typeScript] = codeSamples(api.name, api.document, operation);
    return { api, operation, curl: curl!, typeScript: typeScript!, file: `${api.name}-${operation.operationId}.ts` };
  }),
);

describe("the code samples of every operation", () => {
  let samples: Awaited<ReturnType<typeof createSampleFolder>>;

  beforeAll(async () => {
    samples = await createSampleFolder("code-samples");
    // A few bytes that start like a PDF, for the upload samples (`--data-binary @invoice.pdf`).
    await writeFile(join(samples.folder, sampleUploadFile), "%PDF-1.4\n% sample\n");
  });
  afterAll(() => samples?.remove());

  it("uses the credentials of the sandbox's demo client", () => {
    expect(documentedDemoClient).toEqual({ id: demoClient.id, secret: demoClient.secrets[0] });
  });

  it("has a curl and a typed-client sample for each operation of the three APIs, on the operation in the rendered page", () => {
    expect(operations.length).toBeGreaterThanOrEqual(19);
    for (const { api, operation, curl, typeScript } of operations) {
      expect(curl.source, operation.operationId).toMatch(/^curl /);
      expect(typeScript.source, operation.operationId).toContain(`.${operation.method}(${JSON.stringify(operation.path)}`);
      const rendered = renderedDocument(api).paths[operation.path][operation.method.toLowerCase()];
      expect(rendered["x-codeSamples"], operation.operationId).toEqual([curl, typeScript]);
    }
  });

  it("type-checks every TypeScript sample", async () => {
    const output = await samples.typeCheck(Object.fromEntries(operations.map(({ file, typeScript }) => [file, typeScript.source])));
    expect(output).toBe("");
  }, 120_000);

  // Each sample gets its own sandbox with the examples' state, so that no sample depends on another
  // (a deleted document, a created user) and a sign-up finds its email free.
  it.each(operations.map((entry) => [`${entry.api.name} ${entry.operation.operationId}`, entry] as const))(
    "%s: the curl and the TypeScript sample succeed against the sandbox",
    async (_, { api, operation, curl, typeScript, file }) => {
      const config = examplesSandboxConfig(apiDescriptions, { signUpEmail: signUpEmail(api.document, operation) });
      for (const sample of [curl, typeScript]) {
        const sandbox = await startSandbox(config);
        try {
          const source = pointAt(sample.source, sandboxUrls(sandbox));
          const result =
            sample === curl ? await runShell(source, samples.folder) : await (writeFile(join(samples.folder, `run-${file}`), source).then(() => runTypeScript(`run-${file}`, samples.folder)));
          expect(result.ok, `${sample.label} sample of ${operation.operationId} failed:\n${source}\n${result.output}`).toBe(true);
          expect(sandbox.violations).toEqual([]);
        } finally {
          await sandbox.close();
        }
      }
    },
    60_000,
  );
});
