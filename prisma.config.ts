import path from "node:path";
import { defineConfig } from "prisma/config";

// The Prisma CLI is used only for `generate` and `migrate diff`; migrations are applied by
// lib/db/migrate.ts. The adapter entry stops the CLI from downloading a schema engine offline.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    return new PrismaPGlite(new PGlite());
  },
});
