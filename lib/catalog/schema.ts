import { z } from "zod";

/**
 * The catalog's input schemas: the single definition used by the seed files
 * (prisma/catalog/*.json), the admin API and the import tool.
 *
 * Conventions (see prisma/catalog/README.md):
 * - every throughput figure is DENSE (vendor sheets often print "with sparsity": halve those);
 * - tensor FP16/BF16 figures are with FP32 accumulate where the vendor distinguishes;
 * - interconnectBandwidthGBps is the vendor's printed total (bidirectional) figure;
 * - every non-null figure names its source URL in `sources` under the figure's field name.
 */

export const VENDORS = ["nvidia", "amd", "apple", "intel"] as const;
export const SEGMENTS = ["consumer", "workstation", "datacenter", "apple-silicon"] as const;
export const FORM_FACTORS = ["pcie", "sxm", "oam", "soc", "other"] as const;

export const vendorSchema = z.enum(VENDORS);
export const segmentSchema = z.enum(SEGMENTS);
export const formFactorSchema = z.enum(FORM_FACTORS);

const positive = (max: number) => z.number().finite().positive().max(max);
const optionalFigure = (max: number) => positive(max).nullable().optional();
const optionalCount = (max: number) => z.number().int().positive().max(max).nullable().optional();

export const slugSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, "lowercase letters, digits, '-' or '.' only");

export const sourceUrlSchema = z.url({ protocol: /^https?$/ }).max(2000);

/**
 * Hosts a catalog figure may not cite: shops and resellers (their spec tables are copied, often
 * wrong, and change with stock) and news aggregators or spec-database clones (they repeat other
 * pages without a primary source). Cite the vendor's page or whitepaper, TechPowerUp's database,
 * or an established reviewer instead; a figure with none of those is left null.
 */
export const DENIED_SOURCE_HOSTS = [
  // shops, resellers, hardware brokers
  "cputronic.com",
  "zexron.com",
  "itcreations.com",
  "scan.co.uk",
  "y-ic.de",
  "akex.ca",
  "phantasyhobbies.com",
  "saulelectric.com",
  "server-parts.eu",
  "fibermall.com",
  "ebay.com",
  "amazon.com",
  "newegg.com",
  "aliexpress.com",
  // news aggregators, content farms and spec-database clones
  "devdiscourse.com",
  "sportskeeda.com",
  "fpsbench.com",
  "nextvisionframe.com",
  "breakinglatest.news",
  "meterpreter.org",
  "stuff.co.za",
  "applescoop.org",
  "mybroadband.co.za",
  "pcguia.pt",
  "multiplayer.it",
  "elektronika.lt",
  "wheelersnetwork.com",
  "technical.city",
  "topcpu.net",
  "gpu.blog",
  "grokipedia.com",
  "chipversus.com",
  "hmc-tech.com",
  "pcpartdb.com",
] as const;

/** The denied host a URL belongs to (the host itself or any subdomain of it), or null. */
export function deniedSourceHost(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  return DENIED_SOURCE_HOSTS.find((denied) => host === denied || host.endsWith(`.${denied}`)) ?? null;
}

/** Figures that must carry a source when present. */
export const SOURCED_FIGURES = [
  "releaseYear",
  "memoryGB",
  "memoryType",
  "memoryBandwidthGBps",
  "fp32Tflops",
  "fp16Tflops",
  "fp16TensorTflops",
  "bf16TensorTflops",
  "fp8TensorTflops",
  "int8TensorTops",
  "shaderCores",
  "tensorCores",
  "tdpWatts",
  "interconnect",
  "interconnectBandwidthGBps",
  "launchPriceUsd",
] as const;
export type SourcedFigure = (typeof SOURCED_FIGURES)[number];

export const gpuFieldsSchema = z.object({
  slug: slugSchema,
  name: z.string().trim().min(2).max(120),
  vendor: vendorSchema,
  segment: segmentSchema,
  architecture: z.string().trim().min(1).max(60),
  formFactor: formFactorSchema,
  releaseYear: z.number().int().min(2010).max(2030).nullable().optional(),
  memoryGB: positive(4096),
  memoryType: z.string().trim().min(2).max(40).nullable().optional(),
  memoryBandwidthGBps: positive(100_000),
  fp32Tflops: optionalFigure(10_000),
  /** Non-tensor (shader/vector) FP16 throughput; for GPUs without matrix units. */
  fp16Tflops: optionalFigure(10_000),
  fp16TensorTflops: optionalFigure(100_000),
  bf16TensorTflops: optionalFigure(100_000),
  fp8TensorTflops: optionalFigure(100_000),
  int8TensorTops: optionalFigure(100_000),
  /** CUDA cores / stream processors / Xe vector engines / Apple GPU cores. */
  shaderCores: optionalCount(1_000_000),
  /** Tensor cores / AMD matrix or AI accelerators / Intel XMX engines. */
  tensorCores: optionalCount(100_000),
  tdpWatts: optionalFigure(5_000),
  interconnect: z.string().trim().min(2).max(80).nullable().optional(),
  interconnectBandwidthGBps: optionalFigure(100_000),
  launchPriceUsd: optionalFigure(1_000_000),
  notes: z.string().max(2000).nullable().optional(),
  sources: z.record(z.string(), sourceUrlSchema),
});

/** Sparse-looking duplicates: a tensor figure that is exactly twice its neighbour usually means a with-sparsity figure slipped in. */
function sparseLooking(a: number | null | undefined, b: number | null | undefined): boolean {
  return a != null && b != null && Math.abs(a - 2 * b) / a < 0.005;
}

export const gpuSeedSchema = gpuFieldsSchema.superRefine((gpu, ctx) => {
  for (const field of SOURCED_FIGURES) {
    const value = gpu[field];
    if (value != null && !gpu.sources[field]) {
      ctx.addIssue({ code: "custom", path: ["sources", field], message: `${field} has a value but no source URL` });
    }
  }
  for (const [key, url] of Object.entries(gpu.sources)) {
    if (!(SOURCED_FIGURES as readonly string[]).includes(key)) {
      ctx.addIssue({ code: "custom", path: ["sources", key], message: `unknown figure "${key}"` });
    }
    const denied = deniedSourceHost(url);
    if (denied) {
      ctx.addIssue({ code: "custom", path: ["sources", key], message: `${denied} is a shop or aggregator: cite the vendor, TechPowerUp or an established reviewer` });
    }
  }
  // bf16 and fp16 tensor rates are equal on every architecture in the catalog; a 2x gap is a sparsity figure.
  if (sparseLooking(gpu.bf16TensorTflops, gpu.fp16TensorTflops) || sparseLooking(gpu.fp16TensorTflops, gpu.bf16TensorTflops)) {
    ctx.addIssue({ code: "custom", path: ["bf16TensorTflops"], message: "bf16 and fp16 tensor figures differ by 2x: one looks like a with-sparsity figure" });
  }
  // Dense tensor FP16 below FP32 shader rate is possible on some GPUs, but fp8 (or int8) at 4x fp16 is the sparse signature.
  if (gpu.fp16TensorTflops != null && gpu.fp8TensorTflops != null && gpu.fp8TensorTflops > 2.05 * gpu.fp16TensorTflops) {
    ctx.addIssue({ code: "custom", path: ["fp8TensorTflops"], message: "fp8 is more than 2x fp16: looks like a with-sparsity figure" });
  }
});

export type GpuSeed = z.infer<typeof gpuSeedSchema>;

export const cloudOfferSeedSchema = z.object({
  provider: z.string().trim().min(2).max(60),
  instanceType: z.string().trim().min(1).max(80),
  gpu: slugSchema,
  gpuCount: z.number().int().min(1).max(64),
  priceUsdPerHour: positive(10_000),
  spotPriceUsdPerHour: positive(10_000).nullable().optional(),
  region: z.string().trim().min(1).max(60),
  observedAt: z.iso.date(),
  sourceUrl: sourceUrlSchema,
  notes: z.string().max(2000).nullable().optional(),
});

export type CloudOfferSeed = z.infer<typeof cloudOfferSeedSchema>;

/** A cloud price read more than this many days ago is flagged stale (prices move; the figure may be out of date). */
export const STALE_OFFER_DAYS = 90;

/** Whether an offer observed on `observedAt` (YYYY-MM-DD, UTC) is older than STALE_OFFER_DAYS at `now`. */
export function isOfferStale(observedAt: string, now: Date = new Date()): boolean {
  const observed = Date.parse(`${observedAt}T00:00:00Z`);
  if (Number.isNaN(observed)) return true;
  return now.getTime() - observed > STALE_OFFER_DAYS * 86_400_000;
}

/** A cloud offer as the API returns it: the seed fields plus its id, version and `stale` (computed per request from observedAt). */
export const cloudOfferResponseSchema = cloudOfferSeedSchema.extend({
  id: z.number().int(),
  spotPriceUsdPerHour: z.number().nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
  stale: z.boolean().describe(`true when observedAt is more than ${STALE_OFFER_DAYS} days before the request: the price may be out of date`),
});

export type CloudOfferResponse = z.infer<typeof cloudOfferResponseSchema>;
