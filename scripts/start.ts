import { spawn } from "node:child_process";
import path from "node:path";
import { SeedValidationError } from "../lib/catalog/seed";
import { closeDatabase, getDatabase, resolveDatabaseTarget } from "../lib/db";

// `npm start`: migrate and seed the database, then serve the built app (PORT overrides 3000).
// Also made here at first start: the client-hash salt (lib/rate-limit.ts), kept in the database.
async function main(): Promise<void> {
  const target = resolveDatabaseTarget();
  const database = await getDatabase();
  const gpus = await database.prisma.gpu.count();
  console.log(`database: ${target.kind === "pglite" ? `embedded (${path.relative(process.cwd(), target.location)})` : "PostgreSQL"}, ${gpus} GPUs`);
  await closeDatabase();
  const port = process.env.PORT ?? "3000";
  const host = process.env.HOST ?? "0.0.0.0";
  // scripts/serve.ts: `next start` plus the trust boundary (the socket address; ADVISOR_TRUSTED_PROXIES).
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/serve.ts"), "-p", port, "-H", host], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error: unknown) => {
  console.error(error instanceof SeedValidationError ? error.message : `could not start: ${(error as Error).message}`);
  process.exit(1);
});
