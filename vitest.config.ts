import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The tsconfig alias `@/*` → `./*`, for every project (an exact "@/" prefix, so `@prisma/…` is untouched).
const root = fileURLToPath(new URL(".", import.meta.url));
const alias = [{ find: /^@\//, replacement: root }];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          environment: "node",
          include: ["tests/unit/**/*.test.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          environment: "node",
          include: ["tests/integration/**/*.test.ts"],
          // Real databases, child processes and first-use seeding: slow on a 2-core machine.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
