import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { followCatalogOnPglite, followCatalogOnPostgres, type CatalogFollower } from "./catalog/feed";
import { catalogFeed } from "./catalog/queries";
import { setDatabaseProbe } from "./db-health";
import { registerDirectQuery } from "./direct-sql";
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

export class DatabaseBusyError extends Error {
  override name = "DatabaseBusyError";
}

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

/** When a process started (clock ticks since boot, Linux /proc), or null where that is unknown. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name start at field 3; starttime is field 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** "<pid> <start time>": the start time tells a live holder from an unrelated process that reuses its pid (a restarted container). */
function lockOwner(pid: number): string {
  return `${pid} ${startTimeOf(pid) ?? ""}`.trim();
}

/** Whether the process a lock file names is still the one that wrote it. */
function ownerAlive(owner: string): { pid: number; alive: boolean } {
  const [pidText, start] = owner.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) return { pid, alive: false };
  const current = start ? startTimeOf(pid) : null;
  return { pid, alive: current == null || current === start };
}

/**
 * PGlite does not lock its data dir, and two processes opening it corrupt it: take a lock file
 * naming this process, replacing a stale one left by a dead process (or by an earlier process
 * whose pid a new one now has).
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  const me = lockOwner(process.pid);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, me);
      fs.closeSync(fd);
      const release = () => {
        try {
          if (fs.readFileSync(lockPath, "utf8") === me) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = fs.readFileSync(lockPath, "utf8");
      if (owner === me) return () => {};
      const holder = ownerAlive(owner);
      if (holder.alive && holder.pid !== process.pid) {
        throw new DatabaseBusyError(
          `The embedded database ${dataDir} is in use by process ${holder.pid} (is the app running?). ` +
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
  registerDirectQuery(prisma, async <T>(sql: string, params: unknown[]) => (await client.query<T>(sql, params)).rows);
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
    // The client-hash salt: made at first start, kept in the database, loaded before any request.
    const { loadClientHashSalt } = await import("./rate-limit");
    await loadClientHashSalt(database.prisma);
  } catch (error) {
    // Close it, or the next getDatabase() opens the same PGlite dir a second time (our own lock lets
    // this pid in) and the leaked handle keeps the process from exiting.
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

/** Opens the process-wide database if need be and asks it one trivial question; throws when it cannot answer. */
export async function pingDatabase(): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$queryRaw`SELECT 1`;
}

// While the database looks down (lib/db-health.ts), this asks it every second whether it is back.
setDatabaseProbe(pingDatabase);

export async function getPrisma(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

export async function closeDatabase(): Promise<void> {
  const current = globalForDb.__advisorDb;
  globalForDb.__advisorDb = undefined;
  if (current) await (await current).close();
}
