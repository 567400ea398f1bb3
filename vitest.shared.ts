import { defineConfig } from "vitest/config";

/**
 * Shared by every package: CI runs two packages' suites at once on two
 * cores, so a step that takes 1 s alone can take 10 s there. Timeouts guard
 * against hangs, not slowness; benchmarks live in bench/.
 */
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
