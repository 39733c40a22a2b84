import fs from "node:fs";
import path from "node:path";
import type { z } from "zod";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import { catalogChangedHere, lockCatalogWrites } from "./queries";
import { cloudOfferSeedSchema, gpuSeedSchema, type CloudOfferSeed, type GpuSeed } from "./schema";

/** Seed files: prisma/catalog/gpus/*.json (arrays of GPUs) and prisma/catalog/cloud-offers.json. */
export function catalogDir(): string {
  return path.join(process.cwd(), "prisma", "catalog");
}

export class SeedValidationError extends Error {
  constructor(public readonly problems: string[]) {
    super(`catalog seed rejected, nothing was written:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export interface SeedCatalog {
  gpus: GpuSeed[];
  cloudOffers: CloudOfferSeed[];
}

function readJsonArray(file: string, problems: string[]): unknown[] {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    if (Array.isArray(parsed)) return parsed;
    problems.push(`${file}: expected a JSON array`);
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
  }
  return [];
}

function describeIssues(file: string, label: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${file}: ${label}: ${issue.path.join(".") || "(entry)"}: ${issue.message}`);
}

/** Reads and validates every seed file; throws SeedValidationError naming file, entry and field. */
export function loadSeedCatalog(dir = catalogDir()): SeedCatalog {
  const problems: string[] = [];
  const gpus: GpuSeed[] = [];
  const gpuDir = path.join(dir, "gpus");
  const gpuFiles = fs.existsSync(gpuDir) ? fs.readdirSync(gpuDir).filter((f) => f.endsWith(".json")).sort() : [];
  const seenSlugs = new Map<string, string>();
  for (const name of gpuFiles) {
    const file = path.join("gpus", name);
    readJsonArray(path.join(gpuDir, name), problems).forEach((raw, index) => {
      const slug = (raw as { slug?: unknown })?.slug;
      const label = typeof slug === "string" ? `GPU "${slug}"` : `entry #${index + 1}`;
      const result = gpuSeedSchema.safeParse(raw);
      if (!result.success) {
        problems.push(...describeIssues(file, label, result.error));
        return;
      }
      const other = seenSlugs.get(result.data.slug);
      if (other) problems.push(`${file}: ${label}: slug: duplicate of the entry in ${other}`);
      seenSlugs.set(result.data.slug, file);
      gpus.push(result.data);
    });
  }
  const cloudOffers: CloudOfferSeed[] = [];
  const offersFile = path.join(dir, "cloud-offers.json");
  if (fs.existsSync(offersFile)) {
    readJsonArray(offersFile, problems).forEach((raw, index) => {
      const label = `offer #${index + 1}`;
      const result = cloudOfferSeedSchema.safeParse(raw);
      if (!result.success) {
        problems.push(...describeIssues("cloud-offers.json", label, result.error));
        return;
      }
      if (!seenSlugs.has(result.data.gpu)) problems.push(`cloud-offers.json: ${label}: gpu: unknown GPU slug "${result.data.gpu}"`);
      cloudOffers.push(result.data);
    });
  }
  if (problems.length > 0) throw new SeedValidationError(problems);
  return { gpus, cloudOffers };
}

function gpuData(gpu: GpuSeed): Prisma.GpuCreateInput {
  return {
    slug: gpu.slug,
    name: gpu.name,
    vendor: gpu.vendor,
    segment: gpu.segment,
    architecture: gpu.architecture,
    formFactor: gpu.formFactor,
    releaseYear: gpu.releaseYear ?? null,
    memoryGB: gpu.memoryGB,
    memoryType: gpu.memoryType ?? null,
    memoryBandwidthGBps: gpu.memoryBandwidthGBps,
    fp32Tflops: gpu.fp32Tflops ?? null,
    fp16Tflops: gpu.fp16Tflops ?? null,
    fp16TensorTflops: gpu.fp16TensorTflops ?? null,
    bf16TensorTflops: gpu.bf16TensorTflops ?? null,
    fp8TensorTflops: gpu.fp8TensorTflops ?? null,
    int8TensorTops: gpu.int8TensorTops ?? null,
    shaderCores: gpu.shaderCores ?? null,
    tensorCores: gpu.tensorCores ?? null,
    tdpWatts: gpu.tdpWatts ?? null,
    interconnect: gpu.interconnect ?? null,
    interconnectBandwidthGBps: gpu.interconnectBandwidthGBps ?? null,
    launchPriceUsd: gpu.launchPriceUsd ?? null,
    notes: gpu.notes ?? null,
    sources: gpu.sources,
  };
}

export interface SeedResult {
  gpusCreated: number;
  gpusUpdated: number;
  offersCreated: number;
  offersUpdated: number;
  catalogVersion: number;
}

/**
 * Loads the seed files into the database in one transaction. Idempotent: running it twice leaves
 * the same rows and bumps the catalog version only when something changed.
 * mode "missing" (at start-up) only adds entries the database lacks, so admin edits survive
 * restarts; mode "sync" (npm run db:seed) also overwrites rows whose figures differ from the files.
 */
export async function seedCatalog(
  prisma: PrismaClient,
  options: { mode: "missing" | "sync"; catalog?: SeedCatalog } = { mode: "missing" },
): Promise<SeedResult> {
  const catalog = options.catalog ?? loadSeedCatalog();
  return prisma.$transaction(
    async (tx) => {
      // The catalog write lock, as every catalog writer takes it before touching rows. It also makes
      // several app nodes starting on one fresh database take turns: otherwise each would insert the
      // same slugs and all but one would fail on the unique key; the later ones find the rows there.
      await lockCatalogWrites(tx);
      const result: SeedResult = { gpusCreated: 0, gpusUpdated: 0, offersCreated: 0, offersUpdated: 0, catalogVersion: 0 };
      const existing = new Map((await tx.gpu.findMany()).map((row) => [row.slug, row]));
      const idBySlug = new Map<string, number>();
      for (const gpu of catalog.gpus) {
        const data = gpuData(gpu);
        const row = existing.get(gpu.slug);
        if (!row) {
          idBySlug.set(gpu.slug, (await tx.gpu.create({ data })).id);
          result.gpusCreated++;
          continue;
        }
        idBySlug.set(gpu.slug, row.id);
        if (options.mode === "sync" && differs(row as unknown as Record<string, unknown>, data as Record<string, unknown>)) {
          await tx.gpu.update({ where: { id: row.id }, data: { ...data, version: { increment: 1 } } });
          result.gpusUpdated++;
        }
      }
      const offers = await tx.cloudOffer.findMany();
      const offerKey = (o: { provider: string; instanceType: string; region: string }) => `${o.provider}\u0000${o.instanceType}\u0000${o.region}`;
      const offerByKey = new Map(offers.map((o) => [offerKey(o), o]));
      for (const offer of catalog.cloudOffers) {
        const gpuId = idBySlug.get(offer.gpu);
        if (gpuId === undefined) continue;
        const data = {
          provider: offer.provider,
          instanceType: offer.instanceType,
          gpuId,
          gpuCount: offer.gpuCount,
          priceUsdPerHour: offer.priceUsdPerHour,
          spotPriceUsdPerHour: offer.spotPriceUsdPerHour ?? null,
          region: offer.region,
          observedAt: new Date(`${offer.observedAt}T00:00:00Z`),
          sourceUrl: offer.sourceUrl,
          notes: offer.notes ?? null,
        };
        const row = offerByKey.get(offerKey(offer));
        if (!row) {
          await tx.cloudOffer.create({ data });
          result.offersCreated++;
        } else if (options.mode === "sync" && differs(row as unknown as Record<string, unknown>, data)) {
          await tx.cloudOffer.update({ where: { id: row.id }, data: { ...data, version: { increment: 1 } } });
          result.offersUpdated++;
        }
      }
      const changed = result.gpusCreated + result.gpusUpdated + result.offersCreated + result.offersUpdated;
      const latest = await tx.catalogVersion.findFirst({ orderBy: { id: "desc" } });
      if (changed > 0 || !latest) {
        catalogChangedHere();
        const version = await tx.catalogVersion.create({
          data: {
            reason: `seed: ${result.gpusCreated} GPUs added, ${result.gpusUpdated} updated; ${result.offersCreated} offers added, ${result.offersUpdated} updated`,
          },
        });
        result.catalogVersion = version.id;
      } else {
        result.catalogVersion = latest.id;
      }
      return result;
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

function comparable(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  // jsonb stores object keys in its own order (shortest first), so compare `sources` key-sorted.
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  }
  return JSON.stringify(value ?? null);
}

function differs(row: Record<string, unknown>, data: Record<string, unknown>): boolean {
  return Object.keys(data).some((key) => comparable(row[key]) !== comparable(data[key]));
}
