// Setup file of the fast tiers (unit, in-process): a test there that starts a process fails at
// once and says where it belongs, so `npm run test:fast` stays free of Prism, browsers, packing
// and CLI runs without anyone keeping a list in their head.
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
import { afterAll, expect } from "vitest";

const starters = ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"] as const;
const originals = Object.fromEntries(starters.map((name) => [name, childProcess[name]]));

for (const name of starters) {
  Object.assign(childProcess, {
    [name]: () => {
      throw new Error(`${expect.getState().testPath} starts a process (child_process.${name}) in a fast tier: list it under "processes", "browser" or "package" in vitest.config.ts`);
    },
  });
}
syncBuiltinESMExports();

// A worker may run a file of another tier next.
afterAll(() => {
  Object.assign(childProcess, originals);
  syncBuiltinESMExports();
});
