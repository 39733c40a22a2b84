import type { CatalogCloudOffer, CatalogGpu } from "../catalog/types";
import { resolveWorkload, type ResolvedWorkload } from "../workload/resolve";
import type { Engine, Workload } from "../workload/schema";
import {
  DECODE_COMPUTE_EFFICIENCY,
  DEQUANT_FLOPS_PER_WEIGHT,
  ENGINE_FACTORS,
  errorBandsFor,
  GRADIENT_COMM_OVERLAP,
  QUANTIZED_PREFILL_FACTOR,
  MEASURED_GPUS,
  TRAINING_MFU,
  type Platform,
} from "./calibration";
import { matmulPeak, toHardware, type Hardware } from "./hardware";
import {
  inferenceActivationBytes,
  kvCacheBytes,
  loraParameters,
  optimizerBytesPerParameter,
  runtimeOverheadBytes,
  trainingActivationBytes,
  usableMemoryBytes,
  weightsBytes,
} from "./memory";
import {
  allReduceSeconds,
  attentionWidth,
  forwardFlopsPerToken,
  gpuLink,
  parametersReadPerStep,
  prefillFlops,
  trainingFlopsPerToken,
} from "./performance";
import { bytesPerWeight, isGguf, isWeightOnlyQuant } from "./precision";

export type Bottleneck = "memory-bandwidth" | "compute" | "interconnect" | "memory-capacity";
export type Confidence = "measured" | "calibrated" | "estimated";

export interface MemoryEstimate {
  weightsGB: number;
  kvCacheGB: number;
  activationsGB: number;
  gradientsGB: number;
  optimizerGB: number;
  overheadGB: number;
  totalGB: number;
  perGpuGB: number;
  capacityGB: number;
}

export interface Range {
  low: number;
  high: number;
}

export interface CloudChoice {
  provider: string;
  instanceType: string;
  instances: number;
  gpusPerInstance: number;
  priceUsdPerHour: number;
  region: string;
  observedAt: string;
  sourceUrl: string;
}

export interface PurchaseCost {
  priceUsd: number;
  electricityUsdPerHour: number | null;
  /** Hours of use after which buying beats renting the cheapest cloud offer. */
  breakEvenHours: number | null;
}

export interface Estimate {
  gpu: string;
  gpuName: string;
  count: number;
  task: ResolvedWorkload["task"];
  model: { id: string; name: string; parameters: number; activeParameters: number };
  precision: ResolvedWorkload["precision"];
  method: ResolvedWorkload["method"];
  engine: Engine;
  parallelism: "tensor" | "pipeline" | "data" | "none";
  fits: boolean;
  minGpusToFit: number | null;
  memory: MemoryEstimate;
  prefillTokensPerSecond: number | null;
  decodeTokensPerSecond: number | null;
  throughputTokensPerSecond: number | null;
  timeToFirstTokenSeconds: number | null;
  costPerMillionOutputTokensUsd: number | null;
  tokensPerSecond: number | null;
  samplesPerSecond: number | null;
  hours: number | null;
  costUsd: number | null;
  energyKWh: number | null;
  costPerHourUsd: number | null;
  cloud: CloudChoice | null;
  purchase: PurchaseCost | null;
  ranges: Record<string, Range>;
  confidence: Confidence;
  bottleneck: Bottleneck;
  /** Formula inputs, for "show the math". */
  math: Record<string, number | string | null>;
  reasons: string[];
  assumptions: string[];
}

export interface CostOptions {
  electricityUsdPerKWh: number;
  /** Fraction of board power drawn while working. */
  powerDrawFraction: number;
}

export const DEFAULT_COST_OPTIONS: CostOptions = { electricityUsdPerKWh: 0.15, powerDrawFraction: 0.8 };

/** A visitor's own measurements as ratios to the catalog peak (from the browser benchmark). */
export interface Calibration {
  bandwidthRatio?: number;
  computeRatio?: number;
}

export interface EstimateContext {
  catalog?: readonly CatalogGpu[];
  cloudOffers?: readonly CatalogCloudOffer[];
  cost?: Partial<CostOptions>;
  calibration?: Calibration;
  /**
   * false: figures only, with `math`, `reasons` and `assumptions` left empty. recommend() ranks
   * hundreds of configurations and explains only the picks; building the sentences is most of an
   * estimate's cost. Default true.
   */
  explain?: boolean;
}

const GB = 1e9;
/** Five significant figures (outputs stay readable and stable across platforms). */
const round = (x: number): number => {
  const a = x < 0 ? -x : x;
  if (a === 0 || a === Infinity || Number.isNaN(a)) return x;
  // Comparisons instead of log10/pow: this runs ~30 times per estimate.
  if (a >= 1e5) {
    const step = 10 ** (Math.floor(Math.log10(a)) - 4);
    return Math.round(x / step) * step;
  }
  const scale = a >= 1e4 ? 1 : a >= 1e3 ? 10 : a >= 100 ? 100 : a >= 10 ? 1e3 : a >= 1 ? 1e4 : a >= 0.1 ? 1e5 : a >= 0.01 ? 1e6 : 10 ** (4 - Math.floor(Math.log10(a)));
  return Math.round(x * scale) / scale;
};
/** Three significant figures, for sentences. */
const fmt = (x: number) => {
  const n = Number(x.toPrecision(3));
  return n >= 1000 ? groupThousands(n) : String(n);
};

/** A whole number with thousands separators ("12,345"), without Intl (toLocaleString costs microseconds on the model's hot paths). */
export function groupThousands(x: number): string {
  return String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const hardwareCache = new WeakMap<CatalogGpu, Hardware>();

/** Hardware views are pure functions of an (immutable) catalog entry: computed once per entry. */
function hardwareFor(gpu: CatalogGpu, catalog: readonly CatalogGpu[]): Hardware {
  let hw = hardwareCache.get(gpu);
  if (!hw) {
    hw = toHardware(gpu, catalog);
    hardwareCache.set(gpu, hw);
  }
  return hw;
}

/** value × (1 ± band), the band widened by `scale` for uncalibrated GPUs; no range for a missing value. */
function addRange(ranges: Record<string, Range>, scale: number, key: string, value: number | null, band: number): void {
  if (value != null) ranges[key] = { low: round(value * (1 - Math.min(0.9, band * scale))), high: round(value * (1 + band * scale)) };
}

function platformOf(hw: Hardware): Platform {
  return hw.vendor;
}

/** The engine people would use on this GPU when none is named. */
export function defaultEngine(workload: ResolvedWorkload, hw: Hardware): Engine {
  if (workload.engine) return workload.engine;
  if (workload.task !== "inference" || workload.model.flopsPerSample != null) return "pytorch";
  if (isGguf(workload.precision)) return "llama.cpp";
  if (hw.vendor === "apple") return workload.precision === "int4" ? "mlx" : "llama.cpp";
  if (hw.vendor === "intel") return "pytorch";
  return "vllm";
}

/** How inference spreads over several GPUs: llama.cpp and MLX split layers (pipeline), servers split tensors. */
export function inferenceSplit(workload: ResolvedWorkload, engine: Engine): "tensor" | "pipeline" {
  return workload.parallelism ?? (engine === "llama.cpp" || engine === "mlx" ? "pipeline" : "tensor");
}

/** The engine that would run `workload` on `gpu` (the user's, or the usual one for that hardware). */
export function engineFor(gpu: CatalogGpu, workload: ResolvedWorkload, catalog: readonly CatalogGpu[] = []): Engine {
  return defaultEngine(workload, hardwareFor(gpu, catalog));
}

interface MemoryPlan {
  totalBytes: number;
  perGpuBytes: number;
  parts: { weights: number; kv: number; activations: number; gradients: number; optimizer: number; overhead: number };
  parallelism: Estimate["parallelism"];
  /** Training over several GPUs: the ZeRO/FSDP stage (null otherwise). */
  zeroStage: number | null;
}

function planMemory(workload: ResolvedWorkload, hw: Hardware, count: number, engine: Engine): MemoryPlan {
  const model = workload.model;
  const overheadPerGpu = runtimeOverheadBytes(engine, hw.vendor);
  if (workload.task === "inference") {
    const weights = weightsBytes(model.parameters, workload.precision);
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
  // Training and fine-tuning.
  const mixed = workload.precision !== "fp32";
  const frozen = workload.method !== "full";
  const baseBytes = weightsBytes(model.parameters, workload.method === "qlora" ? "int4" : workload.precision === "fp32" ? "fp32" : workload.precision);
  const adapter = frozen ? loraParameters(model, workload.loraRank) : 0;
  const trained = frozen ? adapter : model.parameters;
  const gradBytesPer = mixed ? 2 : 4;
  const weights = baseBytes + adapter * 4;
  const gradients = trained * (frozen ? 4 : gradBytesPer);
  const optimizer = trained * optimizerBytesPerParameter(workload.optimizer, mixed && !frozen);
  const sequencesPerGpu = Math.ceil(workload.batchSize / count);
  const activationsPerGpu = trainingActivationBytes(model, sequencesPerGpu, workload.sequenceLength, workload.gradientCheckpointing);
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

const offersBySlug = new WeakMap<readonly CatalogCloudOffer[], Map<string, CatalogCloudOffer[]>>();

/** The offers of one GPU, indexed once per (immutable) offer list. */
function offersFor(offers: readonly CatalogCloudOffer[], slug: string): readonly CatalogCloudOffer[] {
  let index = offersBySlug.get(offers);
  if (!index) {
    index = new Map();
    for (const offer of offers) {
      const list = index.get(offer.gpu);
      if (list) list.push(offer);
      else index.set(offer.gpu, [offer]);
    }
    offersBySlug.set(offers, index);
  }
  return index.get(slug) ?? [];
}

function cheapestCloud(offers: readonly CatalogCloudOffer[], slug: string, count: number): CloudChoice | null {
  let best: CloudChoice | null = null;
  for (const offer of offersFor(offers, slug)) {
    const instances = Math.ceil(count / offer.gpuCount);
    const price = instances * offer.priceUsdPerHour;
    if (!best || price < best.priceUsdPerHour) {
      best = {
        provider: offer.provider,
        instanceType: offer.instanceType,
        instances,
        gpusPerInstance: offer.gpuCount,
        priceUsdPerHour: price,
        region: offer.region,
        observedAt: offer.observedAt,
        sourceUrl: offer.sourceUrl,
      };
    }
  }
  return best;
}

/** Smallest GPU count (up to 1024) whose per-GPU memory fits; null if none does. */
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

/**
 * Estimates memory, speed, cost and energy of `workload` on `count` × `gpu`.
 * Accepts a validated workload (defaults applied by workloadSchema) or an already resolved one.
 */
export function estimate(gpu: CatalogGpu, count: number, input: Workload | ResolvedWorkload, context: EstimateContext = {}): Estimate {
  const workload = typeof input.model === "object" && "activeParameters" in input.model && "assumptions" in input.model ? (input as ResolvedWorkload) : resolveWorkload(input as Workload);
  const hw = hardwareFor(gpu, context.catalog ?? []);
  const powerDrawFraction = context.cost?.powerDrawFraction ?? DEFAULT_COST_OPTIONS.powerDrawFraction;
  const electricityUsdPerKWh = context.cost?.electricityUsdPerKWh ?? DEFAULT_COST_OPTIONS.electricityUsdPerKWh;
  const engine = defaultEngine(workload, hw);
  const model = workload.model;
  const platform = platformOf(hw);
  const factors = ENGINE_FACTORS[engine] ?? ENGINE_FACTORS.pytorch;
  const explain = context.explain ?? true;
  const assumptions = explain ? [...model.assumptions, ...hw.assumptions] : [];
  const reasons: string[] = [];
  const math: Record<string, number | string | null> = {};

  const capacity = usableMemoryBytes(hw.memoryBytes, hw.vendor);
  const plan = planMemory(workload, hw, count, engine);
  const fitsMemory = plan.perGpuBytes <= capacity && (hw.multiGpu || count === 1);
  const minimum = minimumGpus(gpu, workload, context.catalog ?? []);
  if (explain && !hw.multiGpu && count > 1) reasons.push(`${hw.name} is a system-on-chip: one per machine, so ${count} cannot be combined.`);
  const memory: MemoryEstimate = {
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
  if (explain) {
    if (hw.vendor === "apple") assumptions.push(`Apple unified memory: about ${Math.round((capacity / hw.memoryBytes) * 100)}% of ${gpu.memoryGB} GB is usable by the GPU (macOS working-set limit).`);
    if (!fitsMemory && hw.multiGpu) {
      reasons.push(
        minimum == null
          ? `Does not fit: needs ${fmt(memory.perGpuGB)} GB per GPU against ${fmt(memory.capacityGB)} GB, and no practical number of these GPUs fits it.`
          : `Does not fit on ${count}: needs ${fmt(memory.perGpuGB)} GB per GPU against ${fmt(memory.capacityGB)} GB usable; needs at least ${minimum}.`,
      );
    } else if (count > 1 && minimum != null && minimum > 1) {
      const largest = workload.task === "inference" ? `${fmt(memory.weightsGB)} GB of ${workload.precision} weights` : `${fmt(memory.totalGB)} GB of weights, gradients, optimizer state and activations`;
      reasons.push(`Needs ${minimum} GPUs: ${largest} exceed one ${gpu.memoryGB} GB card.`);
    } else if (fitsMemory) {
      reasons.push(`Fits: ${fmt(memory.perGpuGB)} GB per GPU of ${fmt(memory.capacityGB)} GB usable (${Math.round((plan.perGpuBytes / capacity) * 100)}% full).`);
    }
  }

  const peak = matmulPeak(hw, workload.precision, engine);
  const bandwidthRatio = context.calibration?.bandwidthRatio ?? 1;
  const computeRatio = context.calibration?.computeRatio ?? 1;
  const bandwidth = hw.bandwidthBytesPerSecond * factors.bandwidth[platform] * bandwidthRatio;
  const link = gpuLink(hw);
  let bottleneck: Bottleneck = fitsMemory ? "memory-bandwidth" : "memory-capacity";
  const result: Pick<
    Estimate,
    | "prefillTokensPerSecond"
    | "decodeTokensPerSecond"
    | "throughputTokensPerSecond"
    | "timeToFirstTokenSeconds"
    | "tokensPerSecond"
    | "samplesPerSecond"
    | "hours"
  > = {
    prefillTokensPerSecond: null,
    decodeTokensPerSecond: null,
    throughputTokensPerSecond: null,
    timeToFirstTokenSeconds: null,
    tokensPerSecond: null,
    samplesPerSecond: null,
    hours: null,
  };
  const effectiveCount = hw.multiGpu ? count : 1;
  if (explain) {
    math.peakFigure = peak?.figure ?? null;
    math.peakTflops = peak ? round(peak.flopsPerSecond / 1e12) : null;
    math.memoryBandwidthGBps = gpu.memoryBandwidthGBps;
    math.bandwidthEfficiency = factors.bandwidth[platform];
    math.engine = engine;
  }

  if (!peak) {
    if (explain) assumptions.push("No compute peak is published for this GPU at this precision, so speed cannot be estimated.");
  } else if (workload.task === "inference" && model.flopsPerSample != null) {
    const flops = model.flopsPerSample;
    const rate = (effectiveCount * peak.flopsPerSecond * factors.prefill[platform] * computeRatio) / flops;
    result.samplesPerSecond = round(rate);
    if (explain) math.flopsPerSample = flops;
    bottleneck = fitsMemory ? "compute" : "memory-capacity";
  } else if (workload.task === "inference") {
    // Continuous-batching servers (vLLM, TensorRT-LLM) run as many sequences as the KV cache
    // leaves room for and queue the rest; a single-stream engine runs the batch as asked.
    const kvPerSequence = kvCacheBytes(model, workload.promptTokens + workload.outputTokens, 1, workload.precision);
    const roomForKv = capacity * (hw.multiGpu ? effectiveCount : 1) - (plan.totalBytes - plan.parts.kv);
    const servingBatch = engine === "vllm" || engine === "tensorrt-llm" ? Math.max(1, Math.min(workload.batchSize, Math.floor(roomForKv / Math.max(1, kvPerSequence)))) : workload.batchSize;
    if (explain && servingBatch < workload.batchSize) {
      assumptions.push(`Only ${servingBatch} of ${workload.batchSize} sequences fit in memory at once; ${engine} queues the rest, so throughput is computed at batch ${servingBatch}.`);
    }
    const batch = servingBatch;
    const tensorParallel = plan.parallelism === "tensor";
    const parallelCount = tensorParallel ? effectiveCount : 1;
    const weightBytesRead = parametersReadPerStep(model, batch) * bytesPerWeight(workload.precision);
    const averageContext = workload.promptTokens + workload.outputTokens / 2;
    const kvBytesRead = kvCacheBytes(model, averageContext, batch, workload.precision);
    const memorySeconds = (weightBytesRead + kvBytesRead) / (bandwidth * parallelCount);
    const stepFlops = forwardFlopsPerToken(model, averageContext) * batch;
    const computeSeconds = stepFlops / (parallelCount * peak.flopsPerSecond * DECODE_COMPUTE_EFFICIENCY * computeRatio);
    const overheadSeconds = model.layers * factors.perLayerSeconds[platform];
    // GGUF weights are unpacked in shader code on every pass over them (matrix-vector kernels):
    // DEQUANT_FLOPS_PER_WEIGHT vector operations per weight read, at the FP32 vector peak; a third
    // ceiling beside memory and matrix compute (the kernel is bound by whichever is slowest).
    const dequantSeconds = isGguf(workload.precision) && hw.fp32Flops != null ? (parametersReadPerStep(model, batch) * DEQUANT_FLOPS_PER_WEIGHT) / (parallelCount * hw.fp32Flops) : 0;
    const commSeconds = tensorParallel && effectiveCount > 1 ? 2 * model.layers * allReduceSeconds(batch * model.hiddenSize * 2, effectiveCount, link) : 0;
    const stepSeconds = Math.max(memorySeconds, computeSeconds, dequantSeconds) + overheadSeconds + commSeconds;
    result.decodeTokensPerSecond = round(1 / stepSeconds);
    const prefillEfficiency = factors.prefill[platform] * (isWeightOnlyQuant(workload.precision) ? QUANTIZED_PREFILL_FACTOR : 1);
    const prefillCompute = prefillFlops(model, Math.max(1, workload.promptTokens)) / (parallelCount * peak.flopsPerSecond * prefillEfficiency * computeRatio);
    const weightPassSeconds = weightsBytes(model.parameters, workload.precision) / (bandwidth * parallelCount);
    const prefillSeconds = prefillCompute + weightPassSeconds + overheadSeconds;
    result.prefillTokensPerSecond = workload.promptTokens > 0 ? round(workload.promptTokens / prefillSeconds) : null;
    result.timeToFirstTokenSeconds = round(prefillSeconds + stepSeconds);
    // End-to-end serving throughput: the batch's prompts are prefilled, then outputTokens steps
    // produce one token per sequence each (what TensorRT-LLM and vLLM throughput benchmarks time).
    const batchSeconds = batch * prefillCompute + weightPassSeconds + workload.outputTokens * stepSeconds;
    result.throughputTokensPerSecond = workload.outputTokens > 0 ? round((batch * workload.outputTokens) / batchSeconds) : round(batch / stepSeconds);
    if (fitsMemory) {
      bottleneck =
        commSeconds > Math.max(memorySeconds, computeSeconds, dequantSeconds) ? "interconnect" : Math.max(computeSeconds, dequantSeconds) > memorySeconds ? "compute" : "memory-bandwidth";
    }
    if (explain) {
      Object.assign(math, {
        bytesPerDecodeStepGB: round((weightBytesRead + kvBytesRead) / GB),
        weightBytesPerStepGB: round(weightBytesRead / GB),
        kvBytesPerStepGB: round(kvBytesRead / GB),
        flopsPerDecodeStep: stepFlops,
        decodeMemorySeconds: memorySeconds,
        decodeComputeSeconds: computeSeconds,
        dequantSecondsPerStep: dequantSeconds,
        perStepOverheadSeconds: overheadSeconds,
        interconnectSecondsPerStep: commSeconds,
        prefillFlops: prefillFlops(model, workload.promptTokens),
        prefillEfficiency,
        decodeComputeEfficiency: DECODE_COMPUTE_EFFICIENCY,
        parallelGpus: parallelCount,
      });
      reasons.push(
        bottleneck === "memory-bandwidth"
          ? `Decode is memory-bandwidth-bound: each token streams ${fmt((weightBytesRead + kvBytesRead) / GB)} GB of weights and KV cache at ${gpu.memoryBandwidthGBps} GB/s${parallelCount > 1 ? ` on each of ${parallelCount} GPUs` : ""}.`
          : bottleneck === "compute"
            ? dequantSeconds > computeSeconds
              ? `Decode is bound by unpacking ${workload.precision} weights (${fmt(dequantSeconds * 1000)} ms per token at ${fmt((hw.fp32Flops ?? 0) / 1e12)} TFLOPS FP32), more than by memory bandwidth.`
              : `At batch ${batch} decode is compute-bound: ${fmt(stepFlops / 1e12)} TFLOP per step against ${math.peakTflops} TFLOPS peak.`
            : bottleneck === "interconnect"
              ? `Tensor-parallel all-reduces over ${link.label} dominate each decode step.`
              : reasons.length === 0
                ? "Does not fit in memory."
                : "",
      );
      if (plan.parallelism === "pipeline") assumptions.push(`${engine} splits layers across the ${effectiveCount} GPUs (pipeline): more memory, no faster per token.`);
      if (plan.parallelism === "tensor") assumptions.push(`Tensor parallel over ${effectiveCount} GPUs via ${link.label}: 2 all-reduces per layer per token.`);
    }
  } else {
    const frozen = workload.method !== "full";
    const mfu = TRAINING_MFU[platform][model.flopsPerSample != null ? "vision" : "llm"] * (workload.method === "qlora" ? 0.7 : 1);
    const peakTraining = matmulPeak(hw, workload.precision === "fp32" ? "fp32" : "bf16", "pytorch") ?? peak;
    const trainedParams = frozen ? loraParameters(model, workload.loraRank) : model.parameters;
    const gradientBytes = trainedParams * 2;
    if (model.flopsPerSample != null) {
      const computeSeconds = (3 * model.flopsPerSample) / (effectiveCount * peakTraining.flopsPerSecond * mfu * computeRatio);
      const commSeconds = allReduceSeconds(gradientBytes, effectiveCount, link) / Math.max(1, workload.batchSize);
      const perSample = Math.max(computeSeconds, commSeconds * (1 - GRADIENT_COMM_OVERLAP) + computeSeconds);
      result.samplesPerSecond = round(1 / perSample);
      result.hours = round(workload.trainingTokens / result.samplesPerSecond / 3600);
      if (explain) math.flopsPerSample = 3 * model.flopsPerSample;
      if (fitsMemory) bottleneck = "compute";
    } else {
      const flopsPerToken = trainingFlopsPerToken(model, workload.sequenceLength, frozen, workload.gradientCheckpointing);
      const stepTokens = workload.batchSize * workload.sequenceLength;
      const computeSeconds = (stepTokens * flopsPerToken) / (effectiveCount * peakTraining.flopsPerSecond * mfu * computeRatio);
      const commSeconds = allReduceSeconds(gradientBytes, effectiveCount, link);
      const stepSeconds = computeSeconds + Math.max(0, commSeconds - GRADIENT_COMM_OVERLAP * computeSeconds);
      result.tokensPerSecond = round(stepTokens / stepSeconds);
      result.hours = round(workload.trainingTokens / result.tokensPerSecond / 3600);
      if (fitsMemory) bottleneck = commSeconds > computeSeconds ? "interconnect" : "compute";
      if (explain) {
        Object.assign(math, { trainingFlopsPerToken: flopsPerToken, stepTokens, stepComputeSeconds: computeSeconds, gradientAllReduceSeconds: commSeconds });
        reasons.push(
          `Training runs at ${Math.round(mfu * 100)}% model-FLOPs utilisation of ${fmt(peakTraining.flopsPerSecond / 1e12)} TFLOPS${effectiveCount > 1 ? ` × ${effectiveCount} GPUs` : ""}: ${(flopsPerToken / 1e9).toFixed(1)} GFLOP per token${frozen ? " (frozen base: no weight gradients)" : ""}.`,
        );
      }
    }
    if (explain) {
      math.mfu = mfu;
      math.trainingPeakFigure = peakTraining.figure;
      math.trainingPeakTflops = round(peakTraining.flopsPerSecond / 1e12);
      math.trainedParameters = trainedParams;
    }
  }
  if (explain) math.attentionWidth = model.flopsPerSample == null ? attentionWidth(model) : null;

  // Cost and energy.
  const cloud = cheapestCloud(context.cloudOffers ?? [], gpu.slug, effectiveCount);
  const powerKW = hw.tdpWatts != null ? (hw.tdpWatts * effectiveCount * powerDrawFraction) / 1000 : null;
  const electricityPerHour = powerKW != null ? powerKW * electricityUsdPerKWh : null;
  const purchase: PurchaseCost | null =
    hw.launchPriceUsd != null
      ? {
          priceUsd: hw.launchPriceUsd * effectiveCount,
          electricityUsdPerHour: electricityPerHour == null ? null : round(electricityPerHour),
          breakEvenHours:
            cloud && electricityPerHour != null && cloud.priceUsdPerHour > electricityPerHour
              ? round((hw.launchPriceUsd * effectiveCount) / (cloud.priceUsdPerHour - electricityPerHour))
              : null,
        }
      : null;
  const costPerHour = cloud?.priceUsdPerHour ?? null;
  let costPerMillion: number | null = null;
  let costUsd: number | null = null;
  let energyKWh: number | null = null;
  if (workload.task === "inference") {
    const outputRate = result.throughputTokensPerSecond ?? result.samplesPerSecond;
    if (costPerHour != null && outputRate) costPerMillion = round((costPerHour / (outputRate * 3600)) * 1e6);
    if (powerKW != null && outputRate) energyKWh = round((powerKW * 1e6) / (outputRate * 3600));
    if (explain) math.energyKWhPer = "million output tokens";
  } else if (result.hours != null) {
    costUsd = costPerHour != null ? round(costPerHour * result.hours) : null;
    energyKWh = powerKW != null ? round(powerKW * result.hours) : null;
  }
  if (explain) {
    if (cloud) assumptions.push(`Cloud price: ${cloud.instances} × ${cloud.provider} ${cloud.instanceType} (${cloud.gpusPerInstance} GPU${cloud.gpusPerInstance > 1 ? "s" : ""} each) at $${(cloud.priceUsdPerHour / cloud.instances).toFixed(2)}/h, ${cloud.region}, observed ${cloud.observedAt}.`);
    if (powerKW != null) assumptions.push(`Energy: ${Math.round(powerDrawFraction * 100)}% of ${hw.tdpWatts} W board power per GPU at $${electricityUsdPerKWh}/kWh.`);
    if (plan.zeroStage != null) {
      assumptions.push(
        workload.method !== "full"
          ? `Data parallel over ${count} GPUs, base weights replicated (ZeRO stage ${plan.zeroStage}).`
          : `Sharded data parallel over ${count} GPUs (ZeRO/FSDP stage ${plan.zeroStage}).`,
      );
    }
    assumptions.push(`Engine: ${engine}; efficiency factors fitted to published measurements (docs/accuracy.md).`);
  }

  // Uncertainty.
  const confidence: Confidence = context.calibration ? "measured" : MEASURED_GPUS.has(gpu.slug) ? "calibrated" : "estimated";
  const bandScale = confidence === "estimated" ? 1.25 : 1;
  const ranges: Record<string, Range> = {};
  const band = errorBandsFor(platform);
  addRange(ranges, bandScale, "decodeTokensPerSecond", result.decodeTokensPerSecond, band.decode);
  addRange(ranges, bandScale, "throughputTokensPerSecond", result.throughputTokensPerSecond, band.decode);
  addRange(ranges, bandScale, "prefillTokensPerSecond", result.prefillTokensPerSecond, band.prefill);
  addRange(ranges, bandScale, "timeToFirstTokenSeconds", result.timeToFirstTokenSeconds, band.prefill);
  addRange(ranges, bandScale, "tokensPerSecond", result.tokensPerSecond, band.training);
  addRange(ranges, bandScale, "samplesPerSecond", result.samplesPerSecond, band.training);
  addRange(ranges, bandScale, "hours", result.hours, band.training);
  addRange(ranges, bandScale, "perGpuGB", memory.perGpuGB, band.memory);

  return {
    gpu: gpu.slug,
    gpuName: gpu.name,
    count,
    task: workload.task,
    model: { id: model.id, name: model.name, parameters: model.parameters, activeParameters: model.activeParameters },
    precision: workload.precision,
    method: workload.method,
    engine,
    parallelism: plan.parallelism,
    fits: fitsMemory,
    minGpusToFit: minimum,
    memory,
    prefillTokensPerSecond: result.prefillTokensPerSecond,
    decodeTokensPerSecond: result.decodeTokensPerSecond,
    throughputTokensPerSecond: result.throughputTokensPerSecond,
    timeToFirstTokenSeconds: result.timeToFirstTokenSeconds,
    tokensPerSecond: result.tokensPerSecond,
    samplesPerSecond: result.samplesPerSecond,
    hours: result.hours,
    costPerMillionOutputTokensUsd: costPerMillion,
    costUsd,
    energyKWh,
    costPerHourUsd: costPerHour,
    cloud,
    purchase,
    ranges,
    confidence,
    bottleneck,
    math,
    reasons: reasons.filter(Boolean),
    assumptions,
  };
}
