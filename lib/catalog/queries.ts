import type { CloudOffer, Gpu, PrismaClient } from "../../generated/prisma/client";
import type { Catalog, CatalogCloudOffer, CatalogGpu } from "./types";
import { isOfferStale, type CloudOfferResponse, type GpuSeed } from "./schema";
import { contentChanged } from "../content-generation";

export function toCatalogGpu(row: Gpu): CatalogGpu {
  return {
    slug: row.slug,
    name: row.name,
    vendor: row.vendor as CatalogGpu["vendor"],
    segment: row.segment as CatalogGpu["segment"],
    architecture: row.architecture,
    formFactor: row.formFactor as CatalogGpu["formFactor"],
    releaseYear: row.releaseYear,
    memoryGB: row.memoryGB,
    memoryType: row.memoryType,
    memoryBandwidthGBps: row.memoryBandwidthGBps,
    fp32Tflops: row.fp32Tflops,
    fp16Tflops: row.fp16Tflops,
    fp16TensorTflops: row.fp16TensorTflops,
    bf16TensorTflops: row.bf16TensorTflops,
    fp8TensorTflops: row.fp8TensorTflops,
    int8TensorTops: row.int8TensorTops,
    shaderCores: row.shaderCores,
    tensorCores: row.tensorCores,
    tdpWatts: row.tdpWatts,
    interconnect: row.interconnect,
    interconnectBandwidthGBps: row.interconnectBandwidthGBps,
    launchPriceUsd: row.launchPriceUsd,
    notes: row.notes,
    sources: (row.sources ?? {}) as Record<string, string>,
    retired: row.retired,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The same shape from a seed entry (for offline tools such as `npm run eval`). */
export function seedToCatalogGpu(seed: GpuSeed): CatalogGpu {
  return {
    ...seed,
    releaseYear: seed.releaseYear ?? null,
    memoryType: seed.memoryType ?? null,
    fp32Tflops: seed.fp32Tflops ?? null,
    fp16Tflops: seed.fp16Tflops ?? null,
    fp16TensorTflops: seed.fp16TensorTflops ?? null,
    bf16TensorTflops: seed.bf16TensorTflops ?? null,
    fp8TensorTflops: seed.fp8TensorTflops ?? null,
    int8TensorTops: seed.int8TensorTops ?? null,
    shaderCores: seed.shaderCores ?? null,
    tensorCores: seed.tensorCores ?? null,
    tdpWatts: seed.tdpWatts ?? null,
    interconnect: seed.interconnect ?? null,
    interconnectBandwidthGBps: seed.interconnectBandwidthGBps ?? null,
    launchPriceUsd: seed.launchPriceUsd ?? null,
    notes: seed.notes ?? null,
    retired: false,
    version: 1,
    updatedAt: new Date(0).toISOString(),
  };
}

function toCatalogOffer(row: CloudOffer & { gpu: { slug: string } }): CatalogCloudOffer {
  return {
    id: row.id,
    provider: row.provider,
    instanceType: row.instanceType,
    gpu: row.gpu.slug,
    gpuCount: row.gpuCount,
    priceUsdPerHour: row.priceUsdPerHour,
    spotPriceUsdPerHour: row.spotPriceUsdPerHour,
    region: row.region,
    observedAt: row.observedAt.toISOString().slice(0, 10),
    sourceUrl: row.sourceUrl,
    notes: row.notes,
    version: row.version,
  };
}

/** An offer with its `stale` flag, computed at `now` (not cached with the catalog: an offer goes stale with time alone). */
export function withStaleness(offer: CatalogCloudOffer, now: Date = new Date()): CloudOfferResponse {
  return { ...offer, stale: isOfferStale(offer.observedAt, now) };
}

/**
 * Catalog writers take this transaction-level lock just before numbering a new catalog version and
 * hold it until they commit: two versions can then never commit out of order (a sequence hands out
 * ids in call order, not commit order), so max(id) is the newest committed catalog, which
 * loadCatalog() relies on.
 */
const CATALOG_WRITE_LOCK = 7_262_003;

export async function lockCatalogWrites(tx: Pick<PrismaClient, "$executeRawUnsafe">): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CATALOG_WRITE_LOCK})`);
}

export async function currentCatalogVersion(prisma: PrismaClient): Promise<number> {
  const latest = await prisma.catalogVersion.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return latest?.id ?? 0;
}

/** The channel the 0002_catalog_notify trigger announces every new catalog version on. */
export const CATALOG_CHANNEL = "advisor_catalog";

/**
 * What this process hears of catalog changes through one database client: `live` while it is
 * LISTENing on CATALOG_CHANNEL (set by lib/db.ts), `epoch` bumped on every announcement and every
 * (re)connection. While live, a cached catalog stays valid until the epoch moves.
 */
export interface CatalogFeed {
  live: boolean;
  epoch: number;
}

interface CachedCatalog {
  catalog: Catalog;
  checkedAt: number;
  /** The feed's epoch when the version was last read. */
  epoch: number;
}

// On globalThis: Next.js bundles route handlers and pages separately, each with its own copy of
// this module, and an edit made through one must be seen by the other.
const shared = globalThis as typeof globalThis & {
  __advisorCatalogCache?: WeakMap<PrismaClient, CachedCatalog>;
  __advisorCatalogFeeds?: WeakMap<PrismaClient, CatalogFeed>;
  __advisorCatalogVerifyUntil?: number;
};
const cache = (shared.__advisorCatalogCache ??= new WeakMap());
const feeds = (shared.__advisorCatalogFeeds ??= new WeakMap());

/** The change feed of a client (created not live: reads check the version until lib/db.ts makes it live). */
export function catalogFeed(prisma: PrismaClient): CatalogFeed {
  let feed = feeds.get(prisma);
  if (!feed) feeds.set(prisma, (feed = { live: false, epoch: 0 }));
  return feed;
}

/**
 * For lib/catalog/feed.ts: a change was announced, or the feed (re)connected. Cached catalogs are
 * checked once more, and a pending catalogChangedHere() window ends: this node's own change has
 * either been announced by now or will be, on a connection that is listening.
 */
export function catalogFeedMoved(feed: CatalogFeed): void {
  feed.epoch++;
  contentChanged();
  shared.__advisorCatalogVerifyUntil = 0;
}

/**
 * Without a live feed (a database opened without migrations, or PostgreSQL's listener reconnecting)
 * the version is checked on every read by default; ADVISOR_CATALOG_CHECK_MS=1000 would trust a
 * cached catalog for a second instead.
 */
const CHECK_INTERVAL_MS = Number(process.env.ADVISOR_CATALOG_CHECK_MS ?? 0);

/**
 * Called when this process changes the catalog: every read checks the version until the change is
 * announced (at most 5 s), so an edit is visible at once on the node that made it even before
 * PostgreSQL's notification arrives (the transaction may still be committing when this runs).
 */
export function catalogChangedHere(): void {
  contentChanged();
  shared.__advisorCatalogVerifyUntil = Date.now() + 5000;
}

/**
 * The whole catalog (retired entries included, flagged), cached in-process and keyed by the
 * catalog version. While the client's change feed is live the cache is trusted until a change is
 * announced, so a read costs no query; otherwise the version is checked first (one cheap query).
 * The full read happens only after a change.
 */
export async function loadCatalog(prisma: PrismaClient): Promise<Catalog> {
  const cached = cache.get(prisma);
  const feed = feeds.get(prisma);
  const now = Date.now();
  if (cached && now > (shared.__advisorCatalogVerifyUntil ?? 0)) {
    if (feed?.live && cached.epoch === feed.epoch) return cached.catalog;
    if (now - cached.checkedAt < CHECK_INTERVAL_MS) return cached.catalog;
  }
  // Read before the query: an announcement that lands while it runs makes the next read check again.
  const epoch = feed?.epoch ?? 0;
  const version = await currentCatalogVersion(prisma);
  if (cached && cached.catalog.version === version) {
    cached.checkedAt = now;
    cached.epoch = epoch;
    return cached.catalog;
  }
  const [gpus, offers] = await Promise.all([
    prisma.gpu.findMany({ orderBy: { slug: "asc" } }),
    prisma.cloudOffer.findMany({ where: { retired: false }, include: { gpu: { select: { slug: true } } }, orderBy: { priceUsdPerHour: "asc" } }),
  ]);
  const catalog: Catalog = { version, gpus: gpus.map(toCatalogGpu), cloudOffers: offers.map(toCatalogOffer) };
  cache.set(prisma, { catalog, checkedAt: now, epoch });
  return catalog;
}
