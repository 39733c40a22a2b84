import { openDatabase, resolveDatabaseTarget } from "../lib/db";

// `npm run db:migrate`: apply pending migrations and exit (npm start and the app also do this on
// first use; this is for migrating a PostgreSQL server before rolling out new app nodes).
async function main(): Promise<void> {
  const target = resolveDatabaseTarget();
  const database = await openDatabase(target);
  await database.close();
  console.log(`migrations up to date: ${target.kind === "pglite" ? `embedded database ${target.location}` : "PostgreSQL"}`);
}

main().catch((error: unknown) => {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
