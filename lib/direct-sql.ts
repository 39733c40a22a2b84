import type { PrismaClient } from "../generated/prisma/client";

/**
 * One parameterised SQL statement, its rows back as objects. The hot writes (quota counting, share
 * snapshots) go through this instead of Prisma's raw queries: on the embedded database the
 * statement then goes straight to PGlite, without the query compiler and driver adapter, which cost
 * ~0.4 ms a statement and ~1.7 ms more to carry a share's 10–30 KB body (docs/performance.md).
 * PGlite runs one statement at a time and waits for an open transaction (Prisma's included) to end,
 * so a direct statement never lands inside someone else's transaction.
 */
export type DirectQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

const direct = new WeakMap<PrismaClient, DirectQuery>();

/** Gives the statements run for this client a faster route to the same database. */
export function registerDirectQuery(prisma: PrismaClient, query: DirectQuery): void {
  direct.set(prisma, query);
}

/** This client's direct route, else its own raw queries (made once per client). */
export function directQuery(prisma: PrismaClient): DirectQuery {
  let query = direct.get(prisma);
  if (!query) direct.set(prisma, (query = <T>(sql: string, params: unknown[]) => prisma.$queryRawUnsafe<T[]>(sql, ...params)));
  return query;
}
