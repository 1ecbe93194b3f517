import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname, "src") };
// One throwaway stack serves every backend suite; the setup shares it across projects.
const stackSuite = (name: string, include: string[]) => ({
  resolve: { alias },
  test: {
    name,
    include,
    environment: "node",
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    // One file at a time: the backend suites share one database, and tests that count an
    // organisation's deals or swap its active scoring model must not see another file's writes.
    maxWorkers: 1,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["src/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          globals: true,
          setupFiles: ["src/test/setup.ts"],
          // The whole suite shares 2 cores with a stack; a first render that loads lazy chunks
          // (the shell, charts) can pass 5 s there without anything being wrong.
          testTimeout: 30_000,
        },
      },
      { test: { name: "local", include: ["local/**/*.test.ts"], environment: "node" } },
      stackSuite("database", ["supabase/tests/**/*.test.ts"]),
      stackSuite("functions", ["tests/functions/**/*.test.ts"]),
      stackSuite("integration", ["tests/integration/**/*.test.ts"]),
    ],
  },
});
