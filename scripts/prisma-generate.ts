import { spawnSync } from "node:child_process";
import { prismaBin, prismaCliEnv } from "./prisma-env";

// Wrapped in a timeout: the CLI can print its result and then hang on PGlite.
const result = spawnSync("timeout", ["120", prismaBin(), "generate"], { stdio: ["ignore", "pipe", "inherit"], env: prismaCliEnv() });
const out = result.stdout?.toString() ?? "";
if (!out.includes("Generated Prisma Client")) {
  process.stdout.write(out);
  console.error("prisma generate failed");
  process.exit(1);
}
