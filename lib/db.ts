import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { followCatalogOnPglite, followCatalogOnPostgres, type CatalogFollower } from "./catalog/feed";
import { catalogFeed } from "./catalog/queries";
import { applyMigrations, type MigrationSession } from "./migrate";

/**
 * The database: embedded PGlite by default (no DATABASE_URL, or a file: URL), a PostgreSQL server
 * when DATABASE_URL is postgres://… One schema and one migration history serve both.
 */
export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export class DatabaseBusyError extends Error {}

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** PGlite data directory, or the PostgreSQL connection string. */
  location: string;
}

export function resolveDatabaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", location: url };
  if (url && url.startsWith("file:")) return { kind: "pglite", location: path.resolve(url.slice("file:".length)) };
  if (url) throw new Error("DATABASE_URL must start with postgres://, postgresql:// or file:");
  return { kind: "pglite", location: path.resolve(env.ADVISOR_DATA_DIR ?? path.join(".data", "pglite")) };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite does not lock its data dir, and two processes opening it corrupt it: take a lock file
 * holding our pid, replacing a stale one left by a dead process.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      const release = () => {
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (holder === process.pid) return () => {};
      if (Number.isInteger(holder) && holder > 0 && pidAlive(holder)) {
        throw new DatabaseBusyError(
          `The embedded database ${dataDir} is in use by process ${holder} (is the app running?). ` +
            "Stop it first, or set DATABASE_URL to a PostgreSQL server to share one database between processes.",
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseBusyError(`Could not lock the embedded database ${dataDir}`);
}

async function openPglite(dataDir: string, migrate: boolean): Promise<Database> {
  const release = lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir);
  } catch (error) {
    release();
    throw error;
  }
  if (migrate) {
    const session: MigrationSession = {
      exec: async (sql) => void (await client.exec(sql)),
      rows: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
    };
    await applyMigrations(session);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  let follower: CatalogFollower;
  try {
    follower = await followCatalogOnPglite(client, catalogFeed(prisma));
  } catch (error) {
    await client.close().catch(() => undefined);
    release();
    throw error;
  }
  return {
    prisma,
    kind: "pglite",
    async close() {
      await follower.stop();
      await prisma.$disconnect();
      await client.close();
      release();
    },
  };
}

async function openPostgres(connectionString: string, migrate: boolean): Promise<Database> {
  if (migrate) {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      const session: MigrationSession = {
        exec: async (sql) => void (await client.query(sql)),
        rows: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
      };
      await applyMigrations(session);
    } finally {
      await client.end();
    }
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }) });
  const follower = followCatalogOnPostgres(connectionString, catalogFeed(prisma));
  return {
    prisma,
    kind: "postgres",
    async close() {
      await follower.stop();
      await prisma.$disconnect();
    },
  };
}

/** Opens (and by default migrates) the database named by the target. */
export async function openDatabase(target = resolveDatabaseTarget(), options: { migrate?: boolean } = {}): Promise<Database> {
  const migrate = options.migrate ?? true;
  return target.kind === "pglite" ? openPglite(target.location, migrate) : openPostgres(target.location, migrate);
}

const globalForDb = globalThis as typeof globalThis & { __advisorDb?: Promise<Database> };

/**
 * The process-wide database, opened, migrated and seeded once. Pages, route handlers and the CLI
 * call this; tests open their own with openDatabase().
 */
export function getDatabase(): Promise<Database> {
  if (!globalForDb.__advisorDb) {
    globalForDb.__advisorDb = openAndSeed().catch((error: unknown) => {
      globalForDb.__advisorDb = undefined;
      throw error;
    });
  }
  return globalForDb.__advisorDb;
}

async function openAndSeed(): Promise<Database> {
  const database = await openDatabase();
  try {
    const { seedCatalog } = await import("./catalog/seed");
    await seedCatalog(database.prisma, { mode: "missing" });
    // ADMIN_EMAIL + ADMIN_PASSWORD: create that admin account, or set its password.
    const { bootstrapAdminFromEnv } = await import("./auth/users");
    await bootstrapAdminFromEnv(database.prisma);
  } catch (error) {
    // Close it, or the next getDatabase() opens the same PGlite dir a second time (our own lock lets
    // this pid in) and the leaked handle keeps the process from exiting.
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

export async function getPrisma(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

export async function closeDatabase(): Promise<void> {
  const current = globalForDb.__advisorDb;
  globalForDb.__advisorDb = undefined;
  if (current) await (await current).close();
}
