import type { Catalog, CatalogGpu } from "../catalog/types";
import { estimate } from "../model/estimate";
import { kvCacheBytes, weightsBytes } from "../model/memory";
import { MODEL_KINDS, PRESETS, type ModelPreset } from "../workload/presets";
import { resolveModel, resolveWorkload } from "../workload/resolve";
import { workloadSchema, type Precision } from "../workload/schema";
import { precisionsFor } from "./can-run";
import { maxContextOf } from "./workload-figures";

/**
 * The model pages (/models, /models/[id]): what a preset is, the memory it needs per precision,
 * and which GPUs run it best for one user. Memory is the arithmetic of lib/model/memory.ts; every
 * speed comes from estimate(), cached per catalog (a new catalog version is a new Catalog object).
 */

export const KIND_LABELS: Record<ModelPreset["kind"], string> = {
  llm: "Language models",
  encoder: "Encoders",
  "encoder-decoder": "Encoder-decoders",
  vision: "Vision",
  diffusion: "Diffusion",
};

/** Presets of each kind (in MODEL_KINDS order), matching `q` in the id or name when given; empty kinds are left out. */
export function modelsByKind(q?: string, kind?: string): { kind: ModelPreset["kind"]; models: ModelPreset[] }[] {
  const needle = q?.trim().toLowerCase() ?? "";
  return MODEL_KINDS.filter((k) => !kind || k === kind)
    .map((k) => ({
      kind: k,
      models: PRESETS.filter((p) => p.kind === k && (!needle || p.id.includes(needle) || p.name.toLowerCase().includes(needle))).sort((a, b) => a.parameters - b.parameters),
    }))
    .filter((group) => group.models.length > 0);
}

/** Models that generate token by token and keep a KV cache (not the vision/diffusion presets sized by FLOP per sample). */
export function hasKvCache(preset: ModelPreset): boolean {
  return preset.flopsPerSample == null && (preset.kind === "llm" || preset.kind === "encoder-decoder");
}

/** Precisions a model page lists: 16-bit, FP8 and llama.cpp's GGUF quants for generative models; fp32, 16-bit and int8 otherwise. */
export function pagePrecisions(preset: ModelPreset): Precision[] {
  return hasKvCache(preset) ? ["bf16", "fp8", "q8_0", "q6_k", "q5_k_m", "q4_k_m"] : ["fp32", "bf16", "int8"];
}

const STANDARD_CONTEXTS = [4_096, 32_768, 131_072];

/** Context lengths to show KV cache at: 4K, 32K and 128K tokens below the model's limit, then the limit itself. */
export function pageContexts(preset: ModelPreset): number[] {
  if (!hasKvCache(preset)) return [];
  const limit = preset.maxContext;
  if (limit == null) return STANDARD_CONTEXTS;
  return [...STANDARD_CONTEXTS.filter((t) => t < limit), limit];
}

export interface PrecisionMemory {
  precision: Precision;
  weightsBytes: number;
  /** KV cache for one sequence at each of `contexts` tokens (same order); empty for models without one. */
  kvBytes: number[];
}

/**
 * Weights (parameters × bytes per weight) and one sequence's KV cache at each page context, per precision.
 * Llama 3.1 8B at bf16: 8.03e9 × 2 B = 16.1 GB of weights; KV at 131,072 tokens:
 * 2 × 32 layers × 8 KV heads × 128 × 131,072 × 2 B = 17.2 GB.
 */
export function memoryByPrecision(preset: ModelPreset): { contexts: number[]; rows: PrecisionMemory[] } {
  const spec = resolveModel(preset.id);
  const contexts = pageContexts(preset);
  return {
    contexts,
    rows: pagePrecisions(preset).map((precision) => ({
      precision,
      weightsBytes: weightsBytes(preset.parameters, precision),
      kvBytes: contexts.map((tokens) => kvCacheBytes(spec, tokens, 1, precision)),
    })),
  };
}

export type PickRole = "cheapest" | "fastest" | "mac" | "used";

export interface GpuPick {
  role: PickRole;
  gpu: string;
  gpuName: string;
  /** Best precision that fits on one card for one user; null when even 4-bit does not. */
  precision: Precision | null;
  speed: number | null;
  speedUnit: "tokens/s" | "samples/s";
  maxContextTokens: number | null;
  perGpuGB: number | null;
  capacityGB: number;
  launchPriceUsd: number | null;
}

/** Macs people buy for local models, smallest memory first (Mac mini M4, M4 Pro, M4 Max, M3 Ultra). */
export const MACS = ["apple-m4-10c", "apple-m4-pro-20c", "apple-m4-max-40c", "apple-m3-ultra-80c"] as const;
/** Used consumer cards people buy for local models, smallest memory first. */
export const USED_CARDS = ["rtx-3060-12gb", "rtx-3090"] as const;

const cache = new WeakMap<Catalog, Map<string, GpuPick[]>>();

/**
 * A handful of GPUs for one user of this model (batch 1, the advisor's 512 + 256 tokens), each at the
 * best precision that fits on one card: the cheapest by launch price, the fastest decode, a Mac and
 * a used consumer card (the first of each list that fits, else the largest, marked as not fitting).
 */
export function bestGpus(catalog: Catalog, modelId: string): GpuPick[] {
  let perModel = cache.get(catalog);
  if (!perModel) {
    perModel = new Map();
    cache.set(catalog, perModel);
  }
  const hit = perModel.get(modelId);
  if (hit) return hit;
  const live = catalog.gpus.filter((g) => !g.retired);
  const figures = new Map(live.map((gpu) => [gpu.slug, bestFit(catalog, gpu, modelId)]));
  const fitting = live.filter((g) => figures.get(g.slug)!.precision != null);
  const picks: GpuPick[] = [];
  const priced = fitting.filter((g) => g.launchPriceUsd != null).sort((a, b) => a.launchPriceUsd! - b.launchPriceUsd!);
  if (priced[0]) picks.push({ ...figures.get(priced[0].slug)!, role: "cheapest" });
  const fastest = [...fitting].sort((a, b) => (figures.get(b.slug)!.speed ?? 0) - (figures.get(a.slug)!.speed ?? 0))[0];
  // No "fastest" where no speed is known (a diffusion model or encoder without published FLOPs per sample).
  if (fastest && figures.get(fastest.slug)!.speed != null) picks.push({ ...figures.get(fastest.slug)!, role: "fastest" });
  for (const [role, list] of [["mac", MACS], ["used", USED_CARDS]] as const) {
    const known = list.map((slug) => figures.get(slug)).filter((f) => f !== undefined);
    const pick = known.find((f) => f.precision != null) ?? known[known.length - 1];
    if (pick) picks.push({ ...pick, role });
  }
  perModel.set(modelId, picks);
  return picks;
}

function bestFit(catalog: Catalog, gpu: CatalogGpu, model: string): Omit<GpuPick, "role"> {
  let last: ReturnType<typeof estimate> | null = null;
  for (const precision of precisionsFor(gpu)) {
    const workload = resolveWorkload(workloadSchema.parse({ task: "inference", model, precision }));
    const e = estimate(gpu, 1, workload, { catalog: catalog.gpus, cloudOffers: catalog.cloudOffers, explain: false });
    last = e;
    if (e.fits) return figuresOf(gpu, precision, e);
  }
  return { ...figuresOf(gpu, null, last!), speed: null, maxContextTokens: null };
}

function figuresOf(gpu: CatalogGpu, precision: Precision | null, e: ReturnType<typeof estimate>): Omit<GpuPick, "role"> {
  const samples = e.decodeTokensPerSecond == null && e.samplesPerSecond != null;
  return {
    gpu: gpu.slug,
    gpuName: gpu.name,
    precision,
    speed: samples ? e.samplesPerSecond : e.decodeTokensPerSecond,
    speedUnit: samples ? "samples/s" : "tokens/s",
    maxContextTokens: maxContextOf(e),
    perGpuGB: e.memory.perGpuGB,
    capacityGB: e.memory.capacityGB,
    launchPriceUsd: gpu.launchPriceUsd ?? null,
  };
}
