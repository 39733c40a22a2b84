import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { closeDatabase, type DatabaseTarget } from "@/lib/db";
import type { MigrationSession } from "@/lib/migrate";

/**
 * The databases the integration tests run against: the embedded PGlite always, and a PostgreSQL
 * server when TEST_DATABASE_URL names one (a fresh database is created on it per call, then dropped).
 *
 *   describe.each(testTargets())("seeding on $name", ({ create }) => { … });
 */
export interface TestTarget {
  name: "pglite" | "postgres";
  /** Makes a fresh, empty database. */
  create(): Promise<FreshDatabase>;
}

export interface FreshDatabase {
  target: DatabaseTarget;
  /** Environment variables that point lib/db's getDatabase() at this database. */
  env: Record<string, string>;
  /** A raw migration session on this database (the caller must close it). */
  session(): Promise<MigrationSession & { close(): Promise<void> }>;
  /** Drops the database (PostgreSQL) or deletes its directory (PGlite). */
  destroy(): Promise<void>;
}

export function tempDir(prefix = "advisor-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function freshPglite(): FreshDatabase {
  const dir = tempDir();
  const location = path.join(dir, "pglite");
  return {
    target: { kind: "pglite", location },
    env: { ADVISOR_DATA_DIR: location },
    async session() {
      const client = await PGlite.create(location);
      return {
        exec: async (sql) => void (await client.exec(sql)),
        rows: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
        close: () => client.close(),
      };
    },
    async destroy() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freshPostgres(serverUrl: string): Promise<FreshDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await withServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const location = url.toString();
  return {
    target: { kind: "postgres", location },
    env: { DATABASE_URL: location },
    async session() {
      const client = new pg.Client({ connectionString: location });
      await client.connect();
      return {
        exec: async (sql) => void (await client.query(sql)),
        rows: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
        close: () => client.end(),
      };
    },
    async destroy() {
      await withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export function testTargets(): TestTarget[] {
  const targets: TestTarget[] = [{ name: "pglite", create: async () => freshPglite() }];
  const serverUrl = process.env.TEST_DATABASE_URL?.trim();
  if (serverUrl) targets.push({ name: "postgres", create: () => freshPostgres(serverUrl) });
  return targets;
}

/**
 * Points lib/db's process-wide database at `env` for the duration of a suite: getDatabase()
 * resolves its target from DATABASE_URL / ADVISOR_DATA_DIR when first called.
 */
export function useDatabaseEnv(env: Record<string, string>): () => void {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, ADVISOR_DATA_DIR: process.env.ADVISOR_DATA_DIR };
  delete process.env.DATABASE_URL;
  delete process.env.ADVISOR_DATA_DIR;
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** The tsx binary, run directly (npx would add npm's own warnings to stderr). */
export const TSX = path.resolve("node_modules/.bin/tsx");

/** `node --import tsx`: one process (the tsx binary runs the script in a second one), so its pid is the script's. */
export const NODE_TSX = [process.execPath, "--import", "tsx"] as const;

/**
 * For the enclosing describe block: a fresh database that the process-wide getDatabase() opens,
 * migrates and seeds on first use, so route handlers can be called directly as under `next start`.
 */
export function withFreshAppDatabase(create: () => Promise<FreshDatabase>): void {
  let db: FreshDatabase | undefined;
  let restoreEnv: (() => void) | undefined;
  beforeAll(async () => {
    db = await create();
    restoreEnv = useDatabaseEnv(db.env);
  });
  afterAll(async () => {
    await closeDatabase();
    restoreEnv?.();
    await db?.destroy();
  });
}
