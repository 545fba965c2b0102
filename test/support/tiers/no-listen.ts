// Setup file of the unit tier: a test there that listens on a socket fails at once and says
// where it belongs (the in-process tier, or a heavier one).
import net from "node:net";
import { afterAll, expect } from "vitest";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function refuse(): never {
  throw new Error(`${expect.getState().testPath} listens on a socket in the unit tier: list it under "in-process" in vitest.config.ts`);
};

// A worker may run a file of another tier next.
afterAll(() => {
  net.Server.prototype.listen = listen;
});
