import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "@/lib/db";
import { catalogFeed, loadCatalog } from "@/lib/catalog/queries";
import { contentChangesHeard, contentGeneration } from "@/lib/content-generation";
import { seedCatalog } from "@/lib/catalog/seed";
import { newCatalogVersion } from "@/lib/admin/catalog-version";
import { testTargets, type FreshDatabase } from "./helpers/db";

/**
 * loadCatalog() trusts its cache while the database announces catalog changes (the
 * 0002_catalog_notify trigger, LISTENed to by lib/catalog/feed.ts), so a read costs no query;
 * whoever writes a new version, every node drops its cache.
 */
describe.each(testTargets())("the catalog change feed on $name", ({ name, create }) => {
  let fresh: FreshDatabase;
  let db: Database;

  beforeEach(async () => {
    fresh = await create();
    db = await openDatabase(fresh.target);
    await seedCatalog(db.prisma, { mode: "missing" });
    await vi.waitFor(() => expect(catalogFeed(db.prisma).live).toBe(true), { timeout: 5000 });
  });
  afterEach(async () => {
    await db.close();
    await fresh.destroy();
  });

  /** A new catalog version written behind the app's back (another node, a psql session), optionally with the trigger off. */
  async function writeVersion(reason: string, options: { bandwidth: number; announce: boolean }): Promise<number> {
    return db.prisma.$transaction(async (tx) => {
      if (!options.announce) await tx.$executeRawUnsafe(`ALTER TABLE "CatalogVersion" DISABLE TRIGGER "CatalogVersion_notify"`);
      await tx.gpu.update({ where: { slug: "rtx-4090" }, data: { memoryBandwidthGBps: options.bandwidth } });
      const { id } = await tx.catalogVersion.create({ data: { reason } });
      if (!options.announce) await tx.$executeRawUnsafe(`ALTER TABLE "CatalogVersion" ENABLE TRIGGER "CatalogVersion_notify"`);
      return id;
    });
  }
  const bandwidthOf = async () => (await loadCatalog(db.prisma)).gpus.find((g) => g.slug === "rtx-4090")!.memoryBandwidthGBps;

  it("a version written by anyone reaches loadCatalog", async () => {
    const before = await loadCatalog(db.prisma);
    const version = await writeVersion("feed test", { bandwidth: 1234, announce: true });
    expect(version).toBeGreaterThan(before.version);
    if (name === "pglite") {
      // One session in this process: the notification is handled as the insert commits.
      expect((await loadCatalog(db.prisma)).version).toBe(version);
    } else {
      await vi.waitFor(async () => expect((await loadCatalog(db.prisma)).version).toBe(version), { timeout: 2000, interval: 10 });
    }
    expect(await bandwidthOf()).toBe(1234);
  });

  it("an announced version moves the content generation, so scripts/serve.ts drops every cached page", async () => {
    expect(contentChangesHeard()).toBe(true);
    const generation = contentGeneration();
    await writeVersion("page cache", { bandwidth: 1111, announce: true });
    await vi.waitFor(() => expect(contentGeneration()).toBeGreaterThan(generation), { timeout: 2000, interval: 10 });
  });

  it("while the feed is live, a cached read asks the database nothing", async () => {
    const feed = catalogFeed(db.prisma);
    // A change nobody announces is not seen: proof that the read did not query the version. (The
    // seed's own announcement may still be on its way on PostgreSQL: try again if the epoch moved.)
    for (let attempt = 1; ; attempt++) {
      const epoch = feed.epoch;
      const before = await loadCatalog(db.prisma);
      await writeVersion(`silent ${attempt}`, { bandwidth: 990 + attempt, announce: false });
      const after = await loadCatalog(db.prisma);
      if (feed.epoch !== epoch && attempt < 5) continue;
      expect(feed.epoch).toBe(epoch);
      expect(after.version).toBe(before.version);
      expect(await bandwidthOf()).not.toBe(990 + attempt);
      break;
    }
    // The next announced change brings both.
    const version = await writeVersion("announced", { bandwidth: 1001, announce: true });
    await vi.waitFor(async () => expect((await loadCatalog(db.prisma)).version).toBe(version), { timeout: 2000, interval: 10 });
    expect(await bandwidthOf()).toBe(1001);
  });

  it("a database without the trigger never goes live, and every read checks the version", async () => {
    await db.prisma.$executeRawUnsafe(`DROP TRIGGER "CatalogVersion_notify" ON "CatalogVersion"`);
    await db.close();
    db = await openDatabase(fresh.target, { migrate: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(catalogFeed(db.prisma).live).toBe(false);
    const before = await loadCatalog(db.prisma);
    const { id } = await db.prisma.catalogVersion.create({ data: { reason: "no trigger" } });
    expect(id).toBeGreaterThan(before.version);
    expect((await loadCatalog(db.prisma)).version).toBe(id);
  });

  it("numbers catalog versions in commit order: a writer that numbers later commits later", async () => {
    // A takes a version number, then works for a while before committing; B starts meanwhile.
    // Without the catalog write lock B would commit first with the higher number, and a reader in
    // between would take A's still-invisible change for part of "version B".
    const committed: string[] = [];
    let numbered!: () => void;
    const aNumbered = new Promise<void>((resolve) => (numbered = resolve));
    const a = db.prisma
      .$transaction(
        async (tx) => {
          const version = await newCatalogVersion(tx, "A");
          numbered();
          await new Promise((resolve) => setTimeout(resolve, 300));
          return version;
        },
        { timeout: 10_000 },
      )
      .then((version) => (committed.push("A"), version));
    await aNumbered;
    const b = db.prisma.$transaction((tx) => newCatalogVersion(tx, "B"), { timeout: 10_000, maxWait: 10_000 }).then((version) => (committed.push("B"), version));
    const [va, vb] = await Promise.all([a, b]);
    expect(vb).toBeGreaterThan(va);
    expect(committed).toEqual(["A", "B"]);
  });

  if (name !== "postgres") return;

  it("PostgreSQL: when the listening connection drops, reads check again until it is back", async () => {
    const feed = catalogFeed(db.prisma);
    const before = await loadCatalog(db.prisma);
    await db.prisma.$executeRawUnsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN advisor_catalog'`);
    await vi.waitFor(() => expect(feed.live).toBe(false), { timeout: 2000, interval: 10 });
    // Not live: an unannounced change is seen, because the read checks the version.
    await writeVersion("while reconnecting", { bandwidth: 777, announce: false });
    const during = await loadCatalog(db.prisma);
    expect(during.version).toBeGreaterThan(before.version);
    expect(await bandwidthOf()).toBe(777);
    // It reconnects by itself (every second) and is trusted again.
    await vi.waitFor(() => expect(feed.live).toBe(true), { timeout: 5000, interval: 50 });
    const version = await writeVersion("after reconnecting", { bandwidth: 778, announce: true });
    await vi.waitFor(async () => expect((await loadCatalog(db.prisma)).version).toBe(version), { timeout: 2000, interval: 10 });
  });
});
