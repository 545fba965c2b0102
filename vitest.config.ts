// The tests in tiers by what they need, so that the edit loop runs the fast ones only
// (`npm run test:fast`: unit + in-process) and `npm test` runs them all. A file's tier is set
// here, not by its folder. The fast tiers refuse to start a process (and the unit tier to listen
// on a socket): a file in the wrong tier fails at once, naming the tier it belongs to. Files
// that no list below names are unit tests, or in-process tests under test/sandbox/ and test/documents/.
import { defineConfig } from "vitest/config";

/** Child processes and servers outside this process: Prism, redis-server, the CLI, tsx, esbuild. */
const processes = [
  "test/contract/contract-command.test.ts",
  "test/contract/flows.test.ts",
  "test/contract/gini-api.test.ts",
  "test/contract/innodata.test.ts",
  "test/contract/seed-requests.test.ts",
  "test/contract/start.test.ts",
  "test/contract/user-center.test.ts",
  "test/docs/build.test.ts",
  "test/docs/code-samples.test.ts",
  "test/docs/snippets.test.ts",
  "test/sandbox/contract-suite.test.ts",
  "test/sandbox/cors.test.ts",
  "test/sandbox/crash.test.ts",
  "test/sandbox/hostile.test.ts",
  "test/sandbox/mock-restart.test.ts",
  "test/sandbox/start.test.ts",
  "test/unit/contract-command.test.ts",
  "test/unit/processes.test.ts",
  "test/unit/redis-credential-store.test.ts",
  "test/workflows/arazzo.test.ts",
  "test/tiers/leftover-processes.test.ts",
  "test/contract/proof-of-power.test.ts",
  "test/contract/hostile-servers.test.ts",
  "test/contract/run-processes.test.ts",
  "test/contract/memory-bound.test.ts",
  "test/docs/serve.test.ts",
  "test/generators/matrix.test.ts",
  "test/mock/gateway.test.ts",
  "test/sandbox/msw-docs.test.ts",
  "test/sandbox/react-native.test.ts",
];

/** Chromium (playwright-core), and the runtimes a published build must run on. */
const browser = ["test/docs/site.test.ts", "test/runtime/runtimes.test.ts", "test/sandbox/runtimes.test.ts", "test/sandbox/msw-browser.test.ts", "test/unit/browser.test.ts"];

/** `npm pack` and an installed tarball. */
const packageTests = ["test/contract/packed-package.test.ts", "test/sandbox/installed-package.test.ts"];

/** Servers in the test's own process, on port 0: the sandbox, fake Gini APIs. */
const inProcess = ["test/sandbox/**/*.test.ts", "test/documents/**/*.test.ts", "test/payments/**/*.test.ts", "test/unit/faults.test.ts"];

const heavy = [...processes, ...browser, ...packageTests];
const stopDescendants = ["test/support/tiers/stop-descendants.ts"];
const noChildProcesses = "test/support/tiers/no-child-processes.ts";

export default defineConfig({
  test: {
    // Once for the whole run (projects do not inherit it: they do not extend this config).
    globalSetup: ["test/support/leftover-processes.ts"],
    projects: [
      { test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...inProcess, ...heavy], setupFiles: [noChildProcesses, "test/support/tiers/no-listen.ts"], testTimeout: 20_000 } },
      { test: { name: "in-process", include: inProcess, exclude: heavy, setupFiles: [noChildProcesses], testTimeout: 20_000 } },
      // Prism and the CLI start in seconds on a quiet machine and in many on a loaded one.
      { test: { name: "processes", include: processes, setupFiles: stopDescendants, testTimeout: 60_000, hookTimeout: 120_000 } },
      { test: { name: "browser", include: browser, setupFiles: stopDescendants, testTimeout: 60_000, hookTimeout: 120_000 } },
      { test: { name: "package", include: packageTests, setupFiles: stopDescendants, testTimeout: 120_000, hookTimeout: 240_000 } },
    ],
  },
});
