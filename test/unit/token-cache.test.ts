import { describe, expect, it } from "vitest";
import type { AccessToken } from "../../src/flows/access-token.js";
import { singleFlight } from "../../src/flows/single-flight.js";
import { createTokenCache } from "../../src/flows/token-cache.js";
import { createClock } from "./support/anonymous-setup.js";

function counted(lifetimeSeconds = 3600) {
  const clock = createClock();
  let fetches = 0;
  const cache = createTokenCache({
    now: clock.now,
    refreshMargin: 60,
    fetchToken: async () => {
      fetches += 1;
      return { value: `token-${fetches}`, expiresAt: clock.now() + lifetimeSeconds * 1000 };
    },
  });
  return { cache, clock, fetches: () => fetches };
}

describe("token cache", () => {
  it("a 401 for a token that was already replaced does not discard its replacement", async () => {
    const { cache, fetches } = counted();
    const first = await cache.get();
    cache.invalidate(first.value);
    const second = await cache.get();
    cache.invalidate(first.value);
    expect(await cache.get()).toBe(second);
    expect(fetches()).toBe(2);
  });

  it("invalidating the cached token makes the next get fetch, once for all waiting callers", async () => {
    const { cache, fetches } = counted();
    const first = await cache.get();
    cache.invalidate(first.value);
    const tokens = await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(new Set(tokens.map((token: AccessToken) => token.value))).toEqual(new Set(["token-2"]));
    expect(fetches()).toBe(2);
  });
});

describe("single flight", () => {
  it("shares one run among concurrent callers and starts a new one after it settles, even after a failure", async () => {
    let runs = 0;
    const run = singleFlight(async () => {
      runs += 1;
      if (runs === 1) throw new Error("first run fails");
      return runs;
    });
    const failed = await Promise.allSettled([run(), run()]);
    expect(failed.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(await Promise.all([run(), run()])).toEqual([2, 2]);
    expect(runs).toBe(2);
  });
});
