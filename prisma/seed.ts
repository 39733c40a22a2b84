import { closeDatabase, getDatabase } from "../lib/db";
import { seedCatalog, SeedValidationError } from "../lib/catalog/seed";

// `npm run db:seed`: bring the database in line with the seed files (overwrites differing rows).
async function main(): Promise<void> {
  const { prisma } = await getDatabase();
  const result = await seedCatalog(prisma, { mode: "sync" });
  console.log(JSON.stringify(result));
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof SeedValidationError ? error.message : `seed failed: ${(error as Error).message}`);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
