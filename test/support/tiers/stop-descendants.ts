// Setup file of the tiers that start processes: when the test worker ends (normally, or killed by
// a timeout or Ctrl-C), every process below it ends too, although Prism, redis-server or a CLI
// run would otherwise live on with parent PID 1. A test still stops what it starts in its
// `afterAll`; this is the net under it.
import { descendantsOf, kill } from "../processes.js";

const stopDescendants = () => {
  for (const { pid } of descendantsOf(process.pid).reverse()) kill(pid);
};

const installed = Symbol.for("gini-openapi.stop-descendants");
const global = globalThis as { [installed]?: true };
if (!global[installed]) {
  global[installed] = true;
  process.on("exit", stopDescendants);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      stopDescendants();
      process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal]);
    });
  }
}
