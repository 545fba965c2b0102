import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Contract tests start Prism processes; give them room on a 2-core machine.
    testTimeout: 20_000,
    hookTimeout: 90_000,
  },
});
