import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Applies the committed SQL migrations (prisma/migrations/NNNN_name/migration.sql) on PGlite and
 * PostgreSQL alike: each once, in its own transaction, recorded in `_advisor_migrations`, under a
 * session-level advisory lock so several app nodes starting together apply each exactly once.
 * (`prisma migrate deploy` is unreliable through driver adapters on 6.19: see ARCHITECTURE.md.)
 */
export interface MigrationSession {
  /** Runs one or more statements with the simple query protocol. */
  exec(sql: string): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const LOCK_KEY = 7_262_001;

export function migrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Returns the names of the migrations this call applied. */
export async function applyMigrations(session: MigrationSession, migrations = loadMigrations()): Promise<string[]> {
  await session.exec(`SELECT pg_advisory_lock(${LOCK_KEY})`);
  try {
    await session.exec(
      `CREATE TABLE IF NOT EXISTS "_advisor_migrations" (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const applied = new Map(
      (await session.rows(`SELECT name, checksum FROM "_advisor_migrations"`)).map((row) => [String(row.name), String(row.checksum)]),
    );
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      await session.exec("BEGIN");
      try {
        await session.exec(migration.sql);
        await session.exec(
          `INSERT INTO "_advisor_migrations" (name, checksum) VALUES ('${migration.name.replace(/'/g, "''")}', '${migration.checksum}')`,
        );
        await session.exec("COMMIT");
      } catch (error) {
        await session.exec("ROLLBACK");
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await session.exec(`SELECT pg_advisory_unlock(${LOCK_KEY})`);
  }
}
