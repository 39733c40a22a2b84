import type { CatalogCloudOffer, CatalogGpu } from "../catalog/types";
import { resolveWorkload, type ResolvedWorkload } from "../workload/resolve";
import type { Engine, LlamaCppBackend, Workload } from "../workload/schema";
import { ENGINE_FACTORS, vulkanFactors, type EngineFactors, type Platform } from "./calibration";
import { cheapestCloud, costPerMillionTokens, energyPerMillionTokens, powerKilowatts, purchaseCost } from "./cost";
import { BACKEND_LABEL, defaultEngine, llamaCppBackend } from "./engine";
import { explainCost, explainInference, explainMemory, explainModel, explainPeaks, explainTraining } from "./explain";
import { round } from "./format";
import { hardwareFor, matmulPeak, type Hardware, type PeakChoice } from "./hardware";
import { archFamily, computePrecision, formatSupport, type FormatSupport } from "./support";
import { llmInferenceSpeed, visionInferenceSamplesPerSecond, type SpeedInputs } from "./inference";
import { usableMemoryBytes } from "./memory";
import { gpuLink, type LinkModel } from "./performance";
import { fitsIn, memoryEstimate, minimumGpus, planMemory } from "./plan";
import { confidenceOf, estimateRanges } from "./ranges";
import { trainingSpeed } from "./training";
import { maxContextTokens } from "./context";
import { offloadEstimate, type OffloadEstimate, type OffloadOptions } from "./offload";

/**
 * The estimate, phase by phase: memory plan (plan.ts) → inference speed (inference.ts) or
 * training speed (training.ts) → cost and energy (cost.ts) → ranges (ranges.ts), with the
 * explanation (explain.ts) built from the same functions' outputs. Each formula sits next to its
 * citation in its phase file; this function only wires them together.
 */

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
  /** Longest context (tokens per sequence) that fits this configuration, KV cache or activations included; null for vision/diffusion (context.ts). */
  maxContextTokens: number | null;
  /** One GPU that cannot hold an LLM: llama.cpp partial offload to system memory (offload.ts); null otherwise. */
  offload: OffloadEstimate | null;
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
  /** System memory for partial offload (offload.ts); defaults to DEFAULT_OFFLOAD_OPTIONS. */
  offload?: Partial<OffloadOptions>;
  /**
   * When the engine build ran (YYYY-MM…): set when a published measurement is reproduced, so knobs
   * that changed with engine builds take that era's value (calibration.ts vulkanFactors). Absent:
   * current builds, as every estimate the advisor shows.
   */
  builtOn?: string;
}

/**
 * Why a model that generates no tokens gets no inference speed without published FLOPs per
 * sample: a diffusion model runs its denoiser once per step, an encoder reads its input in one
 * pass; a token decode rate means nothing for either. Kinds absent here decode tokens.
 */
const NO_TOKEN_SPEED: Partial<Record<ResolvedWorkload["model"]["kind"], string>> = {
  diffusion: "Speed unknown: no published FLOPs per denoising step for this model, so memory and fit only (a diffusion model generates no tokens; its speed is denoising steps per second).",
  encoder: "Speed unknown: no published FLOPs per sequence for this encoder, so memory and fit only (an encoder reads its input in one pass and generates no tokens).",
};

export { groupThousands } from "./format";
export { defaultEngine, engineFor, inferenceSplit } from "./engine";
export { minimumGpus } from "./plan";

/**
 * Estimates memory, speed, cost and energy of `workload` on `count` × `gpu`.
 * Accepts a validated workload (defaults applied by workloadSchema) or an already resolved one.
 */
export function estimate(gpu: CatalogGpu, count: number, input: Workload | ResolvedWorkload, context: EstimateContext = {}): Estimate {
  return estimateAt(gpuSetup(gpu, input, context), count);
}

/**
 * estimate() of one GPU kind at any count, for recommend(), which scores each GPU at 1, 2, 4 and
 * 8: what does not depend on the count is worked out once (GpuSetup). The calibration knobs are
 * read when the estimator is made, so make a new one after a fit changes them.
 *
 * Example: estimatorFor(rtx4090, workload, context)(2) equals estimate(rtx4090, 2, workload, context).
 */
export function estimatorFor(gpu: CatalogGpu, input: Workload | ResolvedWorkload, context: EstimateContext = {}): (count: number) => Estimate {
  const setup = gpuSetup(gpu, input, context);
  return (count) => estimateAt(setup, count);
}

/** What an estimate of one GPU kind needs that does not depend on the GPU count. */
interface GpuSetup {
  gpu: CatalogGpu;
  workload: ResolvedWorkload;
  context: EstimateContext;
  hw: Hardware;
  powerDrawFraction: number;
  electricityUsdPerKWh: number;
  engine: Engine;
  platform: Platform;
  factors: EngineFactors;
  /** llama.cpp only: the backend estimated, and why it is not the one asked for (if so). */
  backend: LlamaCppBackend | null;
  backendNote: string | null;
  explain: boolean;
  capacity: number;
  minimum: number | null;
  support: FormatSupport;
  peak: PeakChoice | null;
  bandwidth: number;
  link: LinkModel;
  confidence: Confidence;
  /** Estimate.model: one object for every count. */
  modelSummary: Estimate["model"];
}

function gpuSetup(gpu: CatalogGpu, input: Workload | ResolvedWorkload, context: EstimateContext): GpuSetup {
  const workload = typeof input.model === "object" && "activeParameters" in input.model && "assumptions" in input.model ? (input as ResolvedWorkload) : resolveWorkload(input as Workload);
  const catalog = context.catalog ?? [];
  const hw = hardwareFor(gpu, catalog);
  const engine = defaultEngine(workload, hw);
  const platform: Platform = hw.vendor;
  const chosen = engine === "llama.cpp" ? llamaCppBackend(workload, hw) : null;
  const native = ENGINE_FACTORS[engine] ?? ENGINE_FACTORS.pytorch;
  const factors = chosen?.backend === "vulkan" ? vulkanFactors(native, context.builtOn) : native;
  // FP8/FP4 only at full speed where GPU and engine multiply them (support.ts); weight-only runs at 16 bit, unsupported gets no figures.
  const support = formatSupport(workload.precision, archFamily(gpu.architecture, gpu.vendor), engine);
  return {
    gpu,
    workload,
    context,
    hw,
    powerDrawFraction: context.cost?.powerDrawFraction ?? DEFAULT_COST_OPTIONS.powerDrawFraction,
    electricityUsdPerKWh: context.cost?.electricityUsdPerKWh ?? DEFAULT_COST_OPTIONS.electricityUsdPerKWh,
    engine,
    platform,
    factors,
    backend: chosen?.backend ?? null,
    backendNote: chosen?.note ?? null,
    explain: context.explain ?? true,
    capacity: usableMemoryBytes(hw.memoryBytes, hw.vendor),
    minimum: minimumGpus(gpu, workload, catalog),
    support,
    peak: support.level === "unsupported" ? null : matmulPeak(hw, computePrecision(workload.precision, support), engine),
    bandwidth: hw.bandwidthBytesPerSecond * factors.bandwidth[platform] * (hw.hbm ? factors.hbmBandwidth[platform] : 1) * (context.calibration?.bandwidthRatio ?? 1),
    link: gpuLink(hw),
    confidence: confidenceOf(gpu, context.calibration),
    modelSummary: { id: workload.model.id, name: workload.model.name, parameters: workload.model.parameters, activeParameters: workload.model.activeParameters },
  };
}

function estimateAt(setup: GpuSetup, count: number): Estimate {
  const { gpu, workload, context, hw, powerDrawFraction, electricityUsdPerKWh, engine, platform, factors, backend, backendNote, explain, capacity, minimum, support, peak, bandwidth, link, confidence } = setup;
  const model = workload.model;
  const assumptions = explain ? [...model.assumptions, ...hw.assumptions] : [];
  if (explain && backend) assumptions.push(backendNote ?? `llama.cpp with its ${BACKEND_LABEL[backend]} backend${backend === "vulkan" ? " (its Vulkan shaders reach a fitted share of the vendor backend's bandwidth and prompt rate, as in builds from 2025 on; builds before 2025 decoded at a lower share)" : ""}.`);
  const reasons: string[] = [];
  const math: Record<string, number | string | null> = {};

  // 1. Memory plan (plan.ts).
  const plan = planMemory(workload, hw, count, engine, context.builtOn);
  const fitsMemory = fitsIn(plan, capacity, hw, count);
  const memory = memoryEstimate(plan, capacity);
  const maxContext = maxContextTokens(workload, count, plan.perGpuBytes, capacity, context.builtOn);
  const speedUnknown = workload.task === "inference" && model.flopsPerSample == null ? NO_TOKEN_SPEED[model.kind] : undefined;
  const offload = !fitsMemory && count === 1 && speedUnknown == null ? offloadEstimate(workload, hw, plan, capacity, context.offload) : null;
  if (explain) {
    if (!hw.multiGpu && count > 1) reasons.push(`${hw.name} is a system-on-chip: one per machine, so ${count} cannot be combined.`);
    explainMemory(reasons, assumptions, { gpu, hw, count, workload, plan, memory, capacity, fits: fitsMemory, minimum });
  }

  // 2–3. Speed: inference (inference.ts) or training (training.ts).
  if (explain && support.reason) (support.level === "unsupported" ? reasons : assumptions).push(support.reason);
  const effectiveCount = hw.multiGpu ? count : 1;
  let bottleneck: Bottleneck = fitsMemory ? "memory-bandwidth" : "memory-capacity";
  let prefillTokensPerSecond: number | null = null;
  let decodeTokensPerSecond: number | null = null;
  let throughputTokensPerSecond: number | null = null;
  let timeToFirstTokenSeconds: number | null = null;
  let tokensPerSecond: number | null = null;
  let samplesPerSecond: number | null = null;
  let hours: number | null = null;
  if (explain) explainPeaks(math, gpu, peak, factors.bandwidth[platform], engine);

  if (!peak) {
    if (explain && support.level !== "unsupported") assumptions.push("No compute peak is published for this GPU at this precision, so speed cannot be estimated.");
  } else {
    const inputs: SpeedInputs = {
      workload,
      hw,
      engine,
      platform,
      factors,
      peak,
      bandwidth,
      computeRatio: context.calibration?.computeRatio ?? 1,
      bandwidthRatio: context.calibration?.bandwidthRatio ?? 1,
      effectiveCount,
      link,
      capacity,
      plan,
    };
    if (workload.task === "inference" && model.flopsPerSample != null) {
      samplesPerSecond = round(visionInferenceSamplesPerSecond(inputs, model.flopsPerSample));
      if (explain) math.flopsPerSample = model.flopsPerSample;
      bottleneck = fitsMemory ? "compute" : "memory-capacity";
    } else if (speedUnknown != null) {
      // No tokens to decode: every speed stays null rather than an LLM decode rate. Diffusion inference is compute-bound (arXiv 2511.17031, abstract).
      if (fitsMemory && model.kind === "diffusion") bottleneck = "compute";
      if (explain) reasons.push(speedUnknown);
    } else if (workload.task === "inference") {
      const speed = llmInferenceSpeed(inputs);
      decodeTokensPerSecond = round(speed.decodeTokensPerSecond);
      prefillTokensPerSecond = speed.prefillTokensPerSecond == null ? null : round(speed.prefillTokensPerSecond);
      timeToFirstTokenSeconds = round(speed.timeToFirstTokenSeconds);
      throughputTokensPerSecond = round(speed.throughputTokensPerSecond);
      if (fitsMemory) bottleneck = speed.limit;
      if (explain) explainInference(math, reasons, assumptions, inputs, gpu, speed, bottleneck);
    } else {
      const speed = trainingSpeed(inputs);
      // trainingTokens counts samples for vision models, tokens otherwise (encoders report both rates).
      if (speed.tokensPerSecond != null) {
        tokensPerSecond = round(speed.tokensPerSecond);
        hours = round(workload.trainingTokens / tokensPerSecond / 3600);
      }
      if (speed.samplesPerSecond != null) {
        samplesPerSecond = round(speed.samplesPerSecond);
        if (speed.tokensPerSecond == null) hours = round(workload.trainingTokens / samplesPerSecond / 3600);
      }
      if (fitsMemory) bottleneck = speed.limit;
      if (explain) explainTraining(math, reasons, assumptions, speed, effectiveCount, workload);
    }
  }
  if (explain) explainModel(math, workload);
  // Apple silicon past the GPU's wired limit runs the rest on the CPU (or swaps): never full speed.
  if (offload && hw.vendor === "apple" && decodeTokensPerSecond != null) {
    decodeTokensPerSecond = offload.decodeTokensPerSecond;
    throughputTokensPerSecond = offload.decodeTokensPerSecond == null ? null : round(offload.decodeTokensPerSecond * workload.batchSize);
  }
  if (offload && explain) reasons.push(offload.summary);

  // 4. Cost and energy (cost.ts).
  const cloud = context.cloudOffers ? cheapestCloud(context.cloudOffers, gpu.slug, effectiveCount) : null;
  const powerKW = powerKilowatts(hw, effectiveCount, powerDrawFraction);
  const electricityPerHour = powerKW != null ? powerKW * electricityUsdPerKWh : null;
  const purchase = purchaseCost(hw, effectiveCount, cloud, electricityPerHour);
  const costPerHour = cloud?.priceUsdPerHour ?? null;
  let costPerMillion: number | null = null;
  let costUsd: number | null = null;
  let energyKWh: number | null = null;
  if (workload.task === "inference") {
    const outputRate = throughputTokensPerSecond ?? samplesPerSecond;
    costPerMillion = costPerMillionTokens(costPerHour, outputRate);
    energyKWh = energyPerMillionTokens(powerKW, outputRate);
  } else if (hours != null) {
    costUsd = costPerHour != null ? round(costPerHour * hours) : null;
    energyKWh = powerKW != null ? round(powerKW * hours) : null;
  }
  if (explain) explainCost(math, assumptions, { workload, hw, count, engine, cloud, powerKW, powerDrawFraction, electricityUsdPerKWh, zeroStage: plan.zeroStage });

  // 5. Uncertainty (ranges.ts).
  const ranges = estimateRanges(
    { decodeTokensPerSecond, throughputTokensPerSecond, prefillTokensPerSecond, timeToFirstTokenSeconds, tokensPerSecond, samplesPerSecond, hours, perGpuGB: memory.perGpuGB },
    platform,
    confidence,
    engine,
    workload.task !== "inference",
  );

  return {
    gpu: gpu.slug,
    gpuName: gpu.name,
    count,
    task: workload.task,
    model: setup.modelSummary,
    precision: workload.precision,
    method: workload.method,
    engine,
    parallelism: plan.parallelism,
    fits: fitsMemory,
    minGpusToFit: minimum,
    memory,
    prefillTokensPerSecond,
    decodeTokensPerSecond,
    throughputTokensPerSecond,
    timeToFirstTokenSeconds,
    tokensPerSecond,
    samplesPerSecond,
    hours,
    costPerMillionOutputTokensUsd: costPerMillion,
    costUsd,
    energyKWh,
    costPerHourUsd: costPerHour,
    cloud,
    purchase,
    ranges,
    confidence,
    bottleneck,
    maxContextTokens: maxContext,
    offload,
    math,
    reasons: explain ? reasons.filter(Boolean) : reasons,
    assumptions,
  };
}
