// The check at the end of every run (test/support/leftover-processes.ts): a run that leaves a
// process of this checkout behind fails, names the process and kills it.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { listProcesses } from "../support/processes.js";

const checkout = fileURLToPath(new URL("../../", import.meta.url));

it("fails a run that leaves a process behind, lists it and kills it", async () => {
  const scope = await mkdtemp(join(tmpdir(), "leftover-scope-"));
  const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = execFile(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--config", "test/fixtures/tiers/vitest.leak.config.ts"], { cwd: checkout, env: { ...process.env, LEFTOVER_PROCESSES_SCOPE: scope } }, (error, stdout, stderr) =>
      resolve({ code: error ? (child.exitCode ?? 1) : 0, output: stdout + stderr }),
    );
  });
  await rm(scope, { recursive: true, force: true });
  expect(run.code, run.output).toBe(1);
  const listed = /(\d+) \(parent \d+\): \S*node -e setTimeout/.exec(run.output);
  expect(run.output).toContain("1 process(es) of this checkout outlived the tests (now killed)");
  expect(listed, run.output).not.toBeNull();
  await expect.poll(() => listProcesses().some(({ pid }) => pid === Number(listed![1]))).toBe(false);
});
