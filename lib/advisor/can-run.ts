import type { Catalog, CatalogGpu } from "../catalog/types";
import { estimate } from "../model/estimate";
import { PRESETS, findPreset } from "../workload/presets";
import { resolveWorkload } from "../workload/resolve";
import { workloadSchema, type Precision } from "../workload/schema";
import { maxContextOf } from "./workload-figures";

/**
 * "What can this GPU run?": for popular open models, the best precision at which one card holds
 * the model for chat (batch 1, the advisor's default 512 + 256 tokens), its decode speed and the
 * longest context that fits; and the largest model one card fine-tunes with LoRA and with QLoRA.
 * All from estimate(), cached per catalog (a new catalog version is a new Catalog object).
 */

/** Models people ask about most, small to large (ids from presets.json). */
export const POPULAR_MODELS = ["llama-3.2-3b", "llama-3.1-8b", "mistral-nemo-12b", "qwen2.5-14b", "gemma-3-27b", "qwen2.5-32b", "mixtral-8x7b", "llama-3.3-70b"] as const;

/** Precisions tried, best quality first: 16-bit, FP8 where the GPU has FP8 tensor cores, then llama.cpp's GGUF quants. */
export function precisionsFor(gpu: CatalogGpu): Precision[] {
  return ["bf16", ...(gpu.fp8TensorTflops != null ? (["fp8"] as const) : []), "q8_0", "q6_k", "q5_k_m", "q4_k_m"];
}

export interface CanRunRow {
  model: string;
  modelName: string;
  parameters: number;
  /** Best precision that fits on one card; null when even 4-bit does not. */
  precision: Precision | null;
  decodeTokensPerSecond: number | null;
  maxContextTokens: number | null;
  perGpuGB: number | null;
  capacityGB: number;
}

export interface FineTuneFit {
  method: "lora" | "qlora";
  /** The largest LLM preset whose fine-tune fits on one card (sequence 2,048 tokens, batch 1, rank 16); null if none. */
  model: string | null;
  modelName: string | null;
  parameters: number | null;
  perGpuGB: number | null;
}

export interface CanRun {
  catalogVersion: number;
  inference: CanRunRow[];
  fineTune: FineTuneFit[];
}

const cache = new WeakMap<Catalog, Map<string, CanRun>>();

export function canRun(catalog: Catalog, gpu: CatalogGpu): CanRun {
  let perGpu = cache.get(catalog);
  if (!perGpu) {
    perGpu = new Map();
    cache.set(catalog, perGpu);
  }
  const hit = perGpu.get(gpu.slug);
  if (hit) return hit;
  const result: CanRun = { catalogVersion: catalog.version, inference: POPULAR_MODELS.map((id) => inferenceRow(catalog, gpu, id)), fineTune: [fineTuneFit(catalog, gpu, "lora"), fineTuneFit(catalog, gpu, "qlora")] };
  perGpu.set(gpu.slug, result);
  return result;
}

function inferenceRow(catalog: Catalog, gpu: CatalogGpu, model: string): CanRunRow {
  const preset = findPreset(model)!;
  let capacityGB = gpu.memoryGB;
  let smallestNeed: number | null = null;
  for (const precision of precisionsFor(gpu)) {
    const workload = resolveWorkload(workloadSchema.parse({ task: "inference", model, precision }));
    const e = estimate(gpu, 1, workload, { catalog: catalog.gpus, cloudOffers: catalog.cloudOffers, explain: false });
    capacityGB = e.memory.capacityGB;
    smallestNeed = e.memory.perGpuGB;
    if (e.fits) {
      return { model, modelName: preset.name, parameters: preset.parameters, precision, decodeTokensPerSecond: e.decodeTokensPerSecond, maxContextTokens: maxContextOf(e), perGpuGB: e.memory.perGpuGB, capacityGB };
    }
  }
  return { model, modelName: preset.name, parameters: preset.parameters, precision: null, decodeTokensPerSecond: null, maxContextTokens: null, perGpuGB: smallestNeed, capacityGB };
}

/** LLM presets, largest first (the search stops at the first that fits). */
const LLMS_LARGEST_FIRST = PRESETS.filter((p) => p.kind === "llm").sort((a, b) => b.parameters - a.parameters);

function fineTuneFit(catalog: Catalog, gpu: CatalogGpu, method: "lora" | "qlora"): FineTuneFit {
  for (const preset of LLMS_LARGEST_FIRST) {
    const workload = resolveWorkload(workloadSchema.parse({ task: "finetune", model: preset.id, method }));
    const e = estimate(gpu, 1, workload, { catalog: catalog.gpus, cloudOffers: catalog.cloudOffers, explain: false });
    if (e.fits) return { method, model: preset.id, modelName: preset.name, parameters: preset.parameters, perGpuGB: e.memory.perGpuGB };
  }
  return { method, model: null, modelName: null, parameters: null, perGpuGB: null };
}
