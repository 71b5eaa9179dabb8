import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // PGlite instances are memory-hungry; two workers match the two cores of CI.
    maxWorkers: 2,
  },
});
