import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db";
import { applyMigrations, loadMigrations, type Migration } from "@/lib/migrate";
import { testTargets, type FreshDatabase } from "./helpers/db";

const ALL = loadMigrations().map((m) => m.name);

describe.each(testTargets())("migrations on $name", ({ name, create }) => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await create();
  });
  afterEach(async () => {
    await db.destroy();
  });

  it("applies every migration to a fresh database once, in order, and nothing on a second run", async () => {
    expect(ALL.slice(0, 2)).toEqual(["0001_init", "0002_catalog_notify"]);
    const session = await db.session();
    try {
      expect(await applyMigrations(session)).toEqual(ALL);
      expect(await applyMigrations(session)).toEqual([]);
      const recorded = await session.rows(`SELECT name FROM "_advisor_migrations" ORDER BY name`);
      expect(recorded.map((row) => row.name)).toEqual(ALL);
      const tables = await session.rows(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
      expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(["Gpu", "CloudOffer", "CatalogVersion", "AuditEntry", "Recommendation"]));
      // Share documents are gzipped already: stored out of line without a second compression (0007).
      const storage = await session.rows(`SELECT attstorage FROM pg_attribute WHERE attrelid = '"Recommendation"'::regclass AND attname = 'document'`);
      expect(storage.map((row) => row.attstorage)).toEqual(["e"]);
    } finally {
      await session.close();
    }
  });

  it("openDatabase() migrates, and the Prisma client sees an empty catalog", async () => {
    const database = await openDatabase(db.target);
    try {
      expect(database.kind).toBe(name);
      expect(await database.prisma.gpu.count()).toBe(0);
      expect(await database.prisma.catalogVersion.count()).toBe(0);
    } finally {
      await database.close();
    }
    const reopened = await openDatabase(db.target);
    await reopened.close();
    const session = await db.session();
    try {
      expect(await session.rows(`SELECT name FROM "_advisor_migrations"`)).toHaveLength(ALL.length);
    } finally {
      await session.close();
    }
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const session = await db.session();
    try {
      const [init] = loadMigrations();
      await applyMigrations(session, [init]);
      const edited: Migration = { ...init, sql: `${init.sql}\n-- edited`, checksum: "0".repeat(64) };
      await expect(applyMigrations(session, [edited])).rejects.toThrow(/0001_init was changed after it was applied/);
    } finally {
      await session.close();
    }
  });

  it("rolls a failing migration back whole and does not record it", async () => {
    const session = await db.session();
    try {
      const [init] = loadMigrations();
      const broken: Migration = {
        name: "0002_broken",
        sql: `CREATE TABLE "Half" (id int); SELECT * FROM "NoSuchTable";`,
        checksum: "1".repeat(64),
      };
      await expect(applyMigrations(session, [init, broken])).rejects.toThrow(/migration 0002_broken failed/);
      const recorded = await session.rows(`SELECT name FROM "_advisor_migrations" ORDER BY name`);
      expect(recorded.map((row) => row.name)).toEqual(["0001_init"]);
      expect(await session.rows(`SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`)).toHaveLength(0);
    } finally {
      await session.close();
    }
  });

  // Several app nodes share one server; PGlite is one process by design (see locking.test.ts).
  if (name !== "postgres") return;

  it("two nodes starting together migrate exactly once", async () => {
    const [a, b] = await Promise.all([db.session(), db.session()]);
    try {
      const applied = await Promise.all([applyMigrations(a), applyMigrations(b)]);
      expect(applied.flat()).toEqual(ALL);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("two concurrent openDatabase() calls against one database both succeed", async () => {
    const opened = await Promise.all([openDatabase(db.target), openDatabase(db.target), openDatabase(db.target)]);
    try {
      for (const database of opened) expect(await database.prisma.gpu.count()).toBe(0);
    } finally {
      await Promise.all(opened.map((database) => database.close()));
    }
    const session = await db.session();
    try {
      expect(await session.rows(`SELECT name FROM "_advisor_migrations"`)).toHaveLength(ALL.length);
    } finally {
      await session.close();
    }
  });
});
