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

const cache = new WeakMap<PrismaClient, Catalog>();

/**
 * The whole catalog (retired entries included, flagged), cached in-process and keyed by the
 * catalog version: one cheap query per call, the full read only after a change (from any node).
 */
export async function loadCatalog(prisma: PrismaClient): Promise<Catalog> {
  const version = await currentCatalogVersion(prisma);
  const cached = cache.get(prisma);
  if (cached && cached.version === version) return cached;
  const [gpus, offers] = await Promise.all([
    prisma.gpu.findMany({ orderBy: { slug: "asc" } }),
    prisma.cloudOffer.findMany({ where: { retired: false }, include: { gpu: { select: { slug: true } } }, orderBy: { priceUsdPerHour: "asc" } }),
  ]);
  const catalog: Catalog = { version, gpus: gpus.map(toCatalogGpu), cloudOffers: offers.map(toCatalogOffer) };
  cache.set(prisma, catalog);
  return catalog;
}
