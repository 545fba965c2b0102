// docs/msw.md's Vitest setup, run as written: the block is written into a folder of its own and
// run by Vitest in a child process, with `gini-openapi`, `gini-openapi/sandbox` (its Node build)
// and `gini-openapi/msw` resolving to the package's sources, as an installed package's would.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSampleFolder } from "../docs/support/sample-runner.js";
import { snippetsOf } from "../docs/support/snippets.js";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
const vitestSetups = snippetsOf("docs/msw.md").filter((snippet) => snippet.source.includes('from "vitest"'));
let samples: Awaited<ReturnType<typeof createSampleFolder>>;

beforeAll(async () => {
  samples = await createSampleFolder("msw-docs");
});
afterAll(() => samples?.remove());

it("docs/msw.md has one Vitest setup; it type-checks and its test passes under Vitest", async () => {
  expect(vitestSetups).toHaveLength(1);
  expect(await samples.typeCheck({ "gini.test.ts": vitestSetups[0]!.source })).toBe("");
  const source = (path: string) => JSON.stringify(join(projectRoot, path));
  await writeFile(
    join(samples.folder, "vitest.config.mts"),
    `export default { test: { include: ["gini.test.ts"] }, resolve: { alias: [
      { find: /^gini-openapi\\/msw$/, replacement: ${source("sandbox/msw.ts")} },
      { find: /^gini-openapi\\/sandbox$/, replacement: ${source("sandbox/index.ts")} },
      { find: /^gini-openapi$/, replacement: ${source("src/index.ts")} },
    ] } };\n`,
  );
  const { stdout } = await promisify(execFile)(join(projectRoot, "node_modules/.bin/vitest"), ["run", "--config", "vitest.config.mts"], {
    cwd: samples.folder,
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(stdout).toMatch(/Tests\s+1 passed \(1\)/);
}, 90_000);
