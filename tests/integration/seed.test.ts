import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "@/lib/catalog/queries";
import { loadSeedCatalog, seedCatalog, SeedValidationError, type SeedCatalog } from "@/lib/catalog/seed";
import { openDatabase, type Database } from "@/lib/db";
import { tempDir, testTargets, type FreshDatabase } from "./helpers/db";

const SHEET = "https://www.example.com/datasheet.pdf";

function sourcedGpu(slug: string, name: string, figures: Record<string, number | string>) {
  return {
    slug,
    name,
    vendor: "nvidia",
    segment: "datacenter",
    architecture: "Test",
    formFactor: "pcie",
    ...figures,
    sources: Object.fromEntries(Object.keys(figures).map((key) => [key, SHEET])),
  };
}

/** Writes a seed directory (gpus/*.json, cloud-offers.json) and returns its path. */
function writeSeedDir(files: Record<string, unknown>): string {
  const dir = tempDir("advisor-seed-");
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), JSON.stringify(content, null, 2));
  }
  return dir;
}

const GOOD_GPUS = [
  sourcedGpu("alpha-48", "Alpha 48GB", { memoryGB: 48, memoryBandwidthGBps: 864, fp16TensorTflops: 181, bf16TensorTflops: 181 }),
  sourcedGpu("beta-24", "Beta 24GB", { memoryGB: 24, memoryBandwidthGBps: 300, tdpWatts: 72 }),
];
const GOOD_OFFER = {
  provider: "Example Cloud",
  instanceType: "a1.large",
  gpu: "alpha-48",
  gpuCount: 1,
  priceUsdPerHour: 1.2,
  region: "eu-west",
  observedAt: "2026-01-15",
  sourceUrl: "https://cloud.example.com/pricing",
};

describe.each(testTargets())("catalog seeding on $name", ({ create }) => {
  let db: FreshDatabase;
  let database: Database;
  beforeAll(async () => {
    db = await create();
    database = await openDatabase(db.target);
  });
  afterAll(async () => {
    await database?.close();
    await db?.destroy();
  });

  it("rejects a seed dir with one bad entry, naming file, GPU and field, and writes nothing", async () => {
    const bad = sourcedGpu("gamma-16", "Gamma 16GB", { memoryGB: 16, memoryBandwidthGBps: 288, tdpWatts: 70 });
    delete (bad.sources as Record<string, string>).tdpWatts;
    const dir = writeSeedDir({ "gpus/good.json": GOOD_GPUS, "gpus/more.json": [bad], "cloud-offers.json": [GOOD_OFFER] });
    let error: unknown;
    try {
      await seedCatalog(database.prisma, { mode: "missing", catalog: loadSeedCatalog(dir) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).problems).toEqual([`${path.join("gpus", "more.json")}: GPU "gamma-16": sources.tdpWatts: tdpWatts has a value but no source URL`]);
    expect((error as Error).message).toContain("nothing was written");
    expect(await database.prisma.gpu.count()).toBe(0);
    expect(await database.prisma.catalogVersion.count()).toBe(0);
  });

  it("names every problem: bad JSON, an offer for an unknown GPU, a duplicate slug", () => {
    const dir = writeSeedDir({
      "gpus/a.json": GOOD_GPUS,
      "gpus/b.json": [GOOD_GPUS[0]],
      "cloud-offers.json": [{ ...GOOD_OFFER, gpu: "no-such-gpu" }],
    });
    fs.writeFileSync(path.join(dir, "gpus", "c.json"), "[{ not json");
    expect(() => loadSeedCatalog(dir)).toThrow(SeedValidationError);
    const problems = (() => {
      try {
        loadSeedCatalog(dir);
        return [];
      } catch (error) {
        return (error as SeedValidationError).problems;
      }
    })();
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe(`${path.join("gpus", "b.json")}: GPU "alpha-48": slug: duplicate of the entry in ${path.join("gpus", "a.json")}`);
    expect(problems[1]).toMatch(/^.*c\.json: /);
    expect(problems[2]).toBe(`cloud-offers.json: offer #1: gpu: unknown GPU slug "no-such-gpu"`);
  });

  it("rolls the whole seed back when a write fails part-way", async () => {
    const catalog: SeedCatalog = loadSeedCatalog(writeSeedDir({ "gpus/good.json": GOOD_GPUS, "cloud-offers.json": [GOOD_OFFER] }));
    // Two offers with the same (provider, instance type, region) clash on the unique key after the GPUs are written.
    const clashing: SeedCatalog = { ...catalog, cloudOffers: [catalog.cloudOffers[0], { ...catalog.cloudOffers[0], gpu: "beta-24" }] };
    await expect(seedCatalog(database.prisma, { mode: "missing", catalog: clashing })).rejects.toThrow();
    expect(await database.prisma.gpu.count()).toBe(0);
    expect(await database.prisma.cloudOffer.count()).toBe(0);
    expect(await database.prisma.catalogVersion.count()).toBe(0);
  });

  it("seeds once; a second run creates nothing and keeps the catalog version", async () => {
    const catalog = loadSeedCatalog(writeSeedDir({ "gpus/good.json": GOOD_GPUS, "cloud-offers.json": [GOOD_OFFER] }));
    const first = await seedCatalog(database.prisma, { mode: "missing", catalog });
    expect(first).toMatchObject({ gpusCreated: 2, gpusUpdated: 0, offersCreated: 1, offersUpdated: 0 });
    expect(first.catalogVersion).toBeGreaterThan(0);
    const second = await seedCatalog(database.prisma, { mode: "missing", catalog });
    expect(second).toEqual({ gpusCreated: 0, gpusUpdated: 0, offersCreated: 0, offersUpdated: 0, catalogVersion: first.catalogVersion });
    const synced = await seedCatalog(database.prisma, { mode: "sync", catalog });
    expect(synced).toEqual(second);
  });

  it("loadCatalog returns the seeded GPUs with their sources and offers", async () => {
    const loaded = await loadCatalog(database.prisma);
    expect(loaded.gpus.map((g) => g.slug)).toEqual(["alpha-48", "beta-24"]);
    const alpha = loaded.gpus[0];
    expect(alpha).toMatchObject({ name: "Alpha 48GB", memoryGB: 48, memoryBandwidthGBps: 864, fp16TensorTflops: 181, fp8TensorTflops: null, retired: false, version: 1 });
    expect(alpha.sources).toEqual({ memoryGB: SHEET, memoryBandwidthGBps: SHEET, fp16TensorTflops: SHEET, bf16TensorTflops: SHEET });
    expect(loaded.cloudOffers).toEqual([
      expect.objectContaining({ provider: "Example Cloud", gpu: "alpha-48", priceUsdPerHour: 1.2, observedAt: "2026-01-15", spotPriceUsdPerHour: null }),
    ]);
  });

  it("sync mode overwrites a changed figure, bumps its version and the catalog version", async () => {
    const before = await loadCatalog(database.prisma);
    const changed = GOOD_GPUS.map((g) => (g.slug === "beta-24" ? { ...g, memoryBandwidthGBps: 320 } : g));
    const catalog = loadSeedCatalog(writeSeedDir({ "gpus/good.json": changed, "cloud-offers.json": [GOOD_OFFER] }));
    const missing = await seedCatalog(database.prisma, { mode: "missing", catalog });
    expect(missing.gpusUpdated).toBe(0);
    const synced = await seedCatalog(database.prisma, { mode: "sync", catalog });
    expect(synced).toMatchObject({ gpusCreated: 0, gpusUpdated: 1, offersUpdated: 0 });
    expect(synced.catalogVersion).toBeGreaterThan(before.version);
    const after = await loadCatalog(database.prisma);
    expect(after.version).toBe(synced.catalogVersion);
    expect(after.gpus.find((g) => g.slug === "beta-24")).toMatchObject({ memoryBandwidthGBps: 320, version: 2 });
  });
});

describe.each(testTargets().filter((t) => t.name === "postgres"))("concurrent start-up on $name", ({ create }) => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("two nodes seeding a fresh database together both succeed and write the catalog once", async () => {
    const catalog = loadSeedCatalog(writeSeedDir({ "gpus/good.json": GOOD_GPUS, "cloud-offers.json": [GOOD_OFFER] }));
    const nodes = await Promise.all([openDatabase(db.target), openDatabase(db.target), openDatabase(db.target)]);
    try {
      const results = await Promise.all(nodes.map((node) => seedCatalog(node.prisma, { mode: "missing", catalog })));
      expect(results.map((r) => r.gpusCreated).sort()).toEqual([0, 0, 2]);
      expect(new Set(results.map((r) => r.catalogVersion)).size).toBe(1);
      expect(await nodes[0].prisma.gpu.count()).toBe(2);
      expect(await nodes[0].prisma.cloudOffer.count()).toBe(1);
      expect(await nodes[0].prisma.catalogVersion.count()).toBe(1);
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });
});

describe.each(testTargets())("the committed catalog on $name", ({ create }) => {
  let db: FreshDatabase;
  let database: Database;
  beforeAll(async () => {
    db = await create();
    database = await openDatabase(db.target);
  });
  afterAll(async () => {
    await database?.close();
    await db?.destroy();
  });

  it("validates, seeds, and seeds again without changes", async () => {
    const catalog = loadSeedCatalog();
    expect(catalog.gpus.length).toBeGreaterThan(0);
    const first = await seedCatalog(database.prisma, { mode: "missing", catalog });
    expect(first).toMatchObject({ gpusCreated: catalog.gpus.length, offersCreated: catalog.cloudOffers.length });
    const second = await seedCatalog(database.prisma, { mode: "missing" });
    expect(second).toEqual({ gpusCreated: 0, gpusUpdated: 0, offersCreated: 0, offersUpdated: 0, catalogVersion: first.catalogVersion });
    const synced = await seedCatalog(database.prisma, { mode: "sync", catalog });
    expect(synced).toEqual(second);
    const loaded = await loadCatalog(database.prisma);
    expect(loaded.version).toBe(first.catalogVersion);
    expect(loaded.gpus).toHaveLength(catalog.gpus.length);
    for (const gpu of loaded.gpus) expect(gpu.sources.memoryGB, gpu.slug).toMatch(/^https?:\/\//);
  });
});
