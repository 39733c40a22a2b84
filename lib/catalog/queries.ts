import type { CloudOffer, Gpu, PrismaClient } from "../../generated/prisma/client";
import type { Catalog, CatalogCloudOffer, CatalogGpu } from "./types";
import type { GpuSeed } from "./schema";

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

export async function currentCatalogVersion(prisma: PrismaClient): Promise<number> {
  const latest = await prisma.catalogVersion.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return latest?.id ?? 0;
}

// On globalThis: Next.js bundles route handlers and pages separately, each with its own copy of
// this module, and an edit made through one must be seen by the other.
const shared = globalThis as typeof globalThis & {
  __advisorCatalogCache?: WeakMap<PrismaClient, { catalog: Catalog; checkedAt: number }>;
  __advisorCatalogVerifyUntil?: number;
};
const cache = (shared.__advisorCatalogCache ??= new WeakMap());

/**
 * How long a cached catalog is trusted before its version is checked again. 0 (the default)
 * checks on every read, so an edit is visible everywhere at once and a database outage is seen at
 * once; a deployment that prefers throughput may set ADVISOR_CATALOG_CHECK_MS=1000 and accept
 * edits from other nodes showing up to a second late.
 */
const CHECK_INTERVAL_MS = Number(process.env.ADVISOR_CATALOG_CHECK_MS ?? 0);

/**
 * Called when this process changes the catalog: for the next few seconds every read checks the
 * version, so an edit is visible at once on the node that made it (the transaction may still be
 * committing when this runs).
 */
export function catalogChangedHere(): void {
  shared.__advisorCatalogVerifyUntil = Date.now() + 5000;
}

/**
 * The whole catalog (retired entries included, flagged), cached in-process and keyed by the
 * catalog version. The version is checked at most once per CHECK_INTERVAL_MS (one cheap query),
 * so an edit made on another node shows here within that interval; the full read happens only
 * after a change.
 */
export async function loadCatalog(prisma: PrismaClient): Promise<Catalog> {
  const cached = cache.get(prisma);
  const now = Date.now();
  if (cached && now - cached.checkedAt < CHECK_INTERVAL_MS && now > (shared.__advisorCatalogVerifyUntil ?? 0)) return cached.catalog;
  const version = await currentCatalogVersion(prisma);
  if (cached && cached.catalog.version === version) {
    cached.checkedAt = now;
    return cached.catalog;
  }
  const [gpus, offers] = await Promise.all([
    prisma.gpu.findMany({ orderBy: { slug: "asc" } }),
    prisma.cloudOffer.findMany({ where: { retired: false }, include: { gpu: { select: { slug: true } } }, orderBy: { priceUsdPerHour: "asc" } }),
  ]);
  const catalog: Catalog = { version, gpus: gpus.map(toCatalogGpu), cloudOffers: offers.map(toCatalogOffer) };
  cache.set(prisma, { catalog, checkedAt: now });
  return catalog;
}
