import type { CatalogGpu } from "../catalog/types";
import type { ResolvedWorkload } from "../workload/resolve";
import type { Engine } from "../workload/schema";
import { defaultEngine, inferenceSplit } from "./engine";
import type { MemoryEstimate } from "./estimate";
import { GB, round } from "./format";
import { hardwareFor, type Hardware } from "./hardware";
import {
  inferenceActivationBytes,
  kvCacheBytes,
  loraParameters,
  optimizerBytesPerParameter,
  runtimeOverheadBytes,
  sixteenBitEmbeddingParameters,
  storedActivationBytes,
  usableMemoryBytes,
  weightsBytes,
} from "./memory";
import { fp4WeightsBytes, isFp4 } from "./precision";

/**
 * Phase 1, the memory plan: what each GPU holds (weights, KV cache, activations, gradients,
 * optimizer state, runtime overhead) and whether it fits. The byte formulas are in memory.ts
 * (EleutherAI's "Transformer Math 101", Korthikanti et al. 2022); this file adds how they are
 * split over `count` GPUs.
 */
export interface MemoryPlan {
  totalBytes: number;
  perGpuBytes: number;
  parts: { weights: number; kv: number; activations: number; gradients: number; optimizer: number; overhead: number };
  parallelism: "tensor" | "pipeline" | "data" | "none";
  /** Training over several GPUs: the ZeRO/FSDP stage (null otherwise). */
  zeroStage: number | null;
}

/**
 * Inference: weights and KV cache are split across GPUs (tensor or pipeline parallel alike), each
 * GPU keeps its own activation buffers and runtime context.
 * per GPU = (weights + KV) ÷ n + activations + overhead.
 */
function planInferenceMemory(workload: ResolvedWorkload, count: number, engine: Engine, overheadPerGpu: number): MemoryPlan {
  const model = workload.model;
  // 4-bit float checkpoints keep vocabulary (and, in MoE models, non-expert) weights in 16 bit (precision.ts).
  const weights = isFp4(workload.precision) ? fp4WeightsBytes(model, workload.precision) : weightsBytes(model.parameters, workload.precision);
  const context = workload.promptTokens + workload.outputTokens;
  const kv = model.flopsPerSample != null ? 0 : kvCacheBytes(model, context, workload.batchSize, workload.precision);
  const activations = model.flopsPerSample != null ? workload.batchSize * model.flopsPerSample * 0.002 : inferenceActivationBytes(model, workload.batchSize, workload.promptTokens);
  const parallelism = count === 1 ? "none" : inferenceSplit(workload, engine);
  const perGpu = (weights + kv) / count + activations + overheadPerGpu;
  return {
    totalBytes: weights + kv + activations * count + overheadPerGpu * count,
    perGpuBytes: perGpu,
    parts: { weights, kv, activations: activations * count, gradients: 0, optimizer: 0, overhead: overheadPerGpu * count },
    parallelism,
    zeroStage: null,
  };
}

/**
 * Training and fine-tuning (Transformer Math 101): weights (QLoRA: the 4-bit base) + fp32 adapter,
 * gradients and optimizer state of the trained parameters only, activations per GPU for its share
 * of the batch. ZeRO (Rajbhandari et al. 2020, https://arxiv.org/abs/1910.02054) stage 1 shards the
 * optimizer state, stage 2 also the gradients, stage 3 also the weights; multi-GPU full training
 * defaults to stage 3 (FSDP), LoRA to plain data parallel.
 */
function planTrainingMemory(workload: ResolvedWorkload, count: number, overheadPerGpu: number, builtOn?: string): MemoryPlan {
  const model = workload.model;
  const mixed = workload.precision !== "fp32";
  const frozen = workload.method !== "full";
  // QLoRA quantizes the linear layers; the embedding and LM head stay in 16 bit.
  const sixteenBit = workload.method === "qlora" ? sixteenBitEmbeddingParameters(model) : 0;
  const baseBytes =
    workload.method === "qlora"
      ? weightsBytes(model.parameters - sixteenBit, "int4") + weightsBytes(sixteenBit, "bf16")
      : weightsBytes(model.parameters, workload.precision === "fp32" ? "fp32" : workload.precision);
  const adapter = frozen ? loraParameters(model, workload.loraRank) : 0;
  const trained = frozen ? adapter : model.parameters;
  const gradBytesPer = mixed ? 2 : 4;
  const weights = baseBytes + adapter * 4;
  const gradients = trained * (frozen ? 4 : gradBytesPer);
  const optimizer = trained * optimizerBytesPerParameter(workload.optimizer, mixed && !frozen);
  const sequencesPerGpu = Math.ceil(workload.batchSize / count);
  const activationsPerGpu = storedActivationBytes(workload, sequencesPerGpu, workload.sequenceLength, builtOn);
  const stage = count === 1 ? 0 : (workload.zeroStage ?? (frozen ? 0 : 3));
  const perGpu =
    (stage >= 3 ? weights / count : weights) +
    (stage >= 2 ? gradients / count : gradients) +
    (stage >= 1 ? optimizer / count : optimizer) +
    activationsPerGpu +
    overheadPerGpu;
  return {
    totalBytes: weights + gradients + optimizer + activationsPerGpu * count + overheadPerGpu * count,
    perGpuBytes: perGpu,
    parts: { weights, kv: 0, activations: activationsPerGpu * count, gradients, optimizer, overhead: overheadPerGpu * count },
    parallelism: count === 1 ? "none" : "data",
    zeroStage: count === 1 ? null : stage,
  };
}

/** The memory plan of `workload` on `count` GPUs of this kind. */
export function planMemory(workload: ResolvedWorkload, hw: Hardware, count: number, engine: Engine, builtOn?: string): MemoryPlan {
  const overheadPerGpu = runtimeOverheadBytes(engine, hw.vendor);
  return workload.task === "inference" ? planInferenceMemory(workload, count, engine, overheadPerGpu) : planTrainingMemory(workload, count, overheadPerGpu, builtOn);
}

/** Fits when each GPU's share is within its usable memory (an SoC cannot be combined with another). */
export function fitsIn(plan: MemoryPlan, capacity: number, hw: Hardware, count: number): boolean {
  return plan.perGpuBytes <= capacity && (hw.multiGpu || count === 1);
}

/** The plan in GB, as reported. */
export function memoryEstimate(plan: MemoryPlan, capacity: number): MemoryEstimate {
  return {
    weightsGB: round(plan.parts.weights / GB),
    kvCacheGB: round(plan.parts.kv / GB),
    activationsGB: round(plan.parts.activations / GB),
    gradientsGB: round(plan.parts.gradients / GB),
    optimizerGB: round(plan.parts.optimizer / GB),
    overheadGB: round(plan.parts.overhead / GB),
    totalGB: round(plan.totalBytes / GB),
    perGpuGB: round(plan.perGpuBytes / GB),
    capacityGB: round(capacity / GB),
  };
}

/** Smallest GPU count (1…8, then doubling to 1024) whose per-GPU memory fits; null if none does. */
function minGpusToFit(workload: ResolvedWorkload, hw: Hardware, engine: Engine, capacity: number): number | null {
  const limit = hw.multiGpu ? 1024 : 1;
  for (let n = 1; n <= limit; n = n < 8 ? n + 1 : n * 2) {
    if (planMemory(workload, hw, n, engine).perGpuBytes <= capacity) return n;
  }
  return null;
}

// recommend() asks for several counts of one GPU with one resolved workload: search once.
const minimumCache = new WeakMap<ResolvedWorkload, Map<string, number | null>>();

/** The smallest number of `gpu` that holds the workload (null: none up to 1024, or an SoC that needs more than one). */
export function minimumGpus(gpu: CatalogGpu, input: ResolvedWorkload, catalog: readonly CatalogGpu[] = []): number | null {
  let perGpu = minimumCache.get(input);
  if (!perGpu) {
    perGpu = new Map();
    minimumCache.set(input, perGpu);
  }
  const cached = perGpu.get(gpu.slug);
  if (cached !== undefined) return cached;
  const hw = hardwareFor(gpu, catalog);
  const minimum = minGpusToFit(input, hw, defaultEngine(input, hw), usableMemoryBytes(hw.memoryBytes, hw.vendor));
  perGpu.set(gpu.slug, minimum);
  return minimum;
}
