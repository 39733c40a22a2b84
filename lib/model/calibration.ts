import errorBands from "./error-bands.json";
import measuredGpus from "./measured-gpus.json";

/**
 * Efficiency factors: the fraction of a catalog peak that real software reaches. They are fitted
 * to the published measurements in tests/fixtures/measurements (the calibration half; `npm run
 * eval` reports the error on the other half too) and are physics-level knobs: one per platform
 * and engine, never per GPU or per fixture.
 */
export type Platform = "nvidia" | "amd" | "apple" | "intel";

export interface EngineFactors {
  /** Fraction of peak memory bandwidth reached while streaming weights and KV cache in decode. */
  bandwidth: Record<Platform, number>;
  /** Fixed cost per layer per decode step (kernel launches, synchronisation, sampling), seconds. */
  perLayerSeconds: Record<Platform, number>;
  /** Fraction of the matrix peak reached in prefill. */
  prefill: Record<Platform, number>;
}

const byPlatform = (nvidia: number, amd: number, apple: number, intel: number): Record<Platform, number> => ({ nvidia, amd, apple, intel });

export const ENGINE_FACTORS: Record<string, EngineFactors> = {
  "llama.cpp": {
    bandwidth: byPlatform(0.8, 0.7, 0.8, 0.55),
    perLayerSeconds: byPlatform(25e-6, 45e-6, 60e-6, 60e-6),
    prefill: byPlatform(0.95, 0.6, 0.75, 0.4),
  },
  mlx: {
    bandwidth: byPlatform(0.8, 0.7, 0.85, 0.55),
    perLayerSeconds: byPlatform(25e-6, 45e-6, 45e-6, 60e-6),
    prefill: byPlatform(0.45, 0.35, 0.6, 0.3),
  },
  vllm: {
    bandwidth: byPlatform(0.8, 0.7, 0.7, 0.55),
    perLayerSeconds: byPlatform(15e-6, 30e-6, 60e-6, 60e-6),
    prefill: byPlatform(0.55, 0.4, 0.4, 0.3),
  },
  "tensorrt-llm": {
    bandwidth: byPlatform(0.85, 0.7, 0.7, 0.55),
    perLayerSeconds: byPlatform(10e-6, 30e-6, 60e-6, 60e-6),
    prefill: byPlatform(0.65, 0.4, 0.4, 0.3),
  },
  pytorch: {
    bandwidth: byPlatform(0.7, 0.6, 0.6, 0.5),
    perLayerSeconds: byPlatform(60e-6, 80e-6, 100e-6, 100e-6),
    prefill: byPlatform(0.5, 0.35, 0.35, 0.3),
  },
};

/**
 * Prefill with weight-only quantized (GGUF, int4) weights reaches this fraction of the 16-bit
 * rate: tiles are unpacked before the matrix units see them. llama-bench pp512, 16-bit vs 4-bit
 * weights: RTX 4090 11048 vs 7980 tok/s (Llama 2 7B), M1 Max 517 vs 408 (Llama 3 8B).
 */
export const QUANTIZED_PREFILL_FACTOR = 0.78;

/** Fraction of the matrix peak reached by batched decode once it turns compute-bound. */
export const DECODE_COMPUTE_EFFICIENCY = 0.35;

/**
 * Model-FLOPs utilisation in training (fraction of the dense 16-bit peak). Published large-scale
 * runs reach 0.38–0.55 on A100/H100 (Llama 3 paper, §3.3.4: 38–43% BF16 MFU on H100; torchtitan
 * Llama 3 8B runs report similar); consumer cards and other vendors' software stacks reach less.
 */
export const TRAINING_MFU: Record<Platform, { llm: number; vision: number }> = {
  nvidia: { llm: 0.5, vision: 0.2 },
  amd: { llm: 0.35, vision: 0.15 },
  apple: { llm: 0.25, vision: 0.15 },
  intel: { llm: 0.25, vision: 0.15 },
};

/**
 * Vector operations spent unpacking one GGUF weight (scale, shift, convert, multiply-add) in
 * llama.cpp's matrix-vector kernels (block scales, nibble shifts, conversion, then the multiply-add).
 * It is why 4-bit decode on GPUs with little FP32 per byte of bandwidth runs below what bandwidth
 * alone allows (XiongjieDai's M1 Max figures: q4_K_M 35.7 vs f16 18.8 tok/s, not the 3.3x of the bytes).
 */
export const DEQUANT_FLOPS_PER_WEIGHT = 30;

/** Share of all-reduce traffic that overlaps with compute in data-parallel training. */
export const GRADIENT_COMM_OVERLAP = 0.7;

/** One collective's fixed latency, seconds: NVLink/Infinity Fabric vs PCIe. */
export const COLLECTIVE_LATENCY_SECONDS = { fast: 8e-6, pcie: 25e-6 };

export type MetricFamily = "decode" | "prefill" | "training" | "memory";
const bands = errorBands as Partial<Record<MetricFamily, Partial<Record<Platform | "all", number>>>>;

/** Used only for a metric family with no measurement at all. */
const FALLBACK_BAND = 0.5;

/**
 * Relative error band for a metric on a platform: the 90th-percentile absolute error of the model
 * on that vendor's measurements (lib/model/error-bands.json, written by `npm run eval`), or on all
 * measurements when the vendor has fewer than three.
 */
export function errorBand(family: MetricFamily, platform: Platform): number {
  const entry = bands[family];
  return entry?.[platform] ?? entry?.all ?? FALLBACK_BAND;
}

const bandsByPlatform = new Map<Platform, Readonly<Record<MetricFamily, number>>>();

/** errorBand() of every metric family on one platform, looked up once. */
export function errorBandsFor(platform: Platform): Readonly<Record<MetricFamily, number>> {
  let entry = bandsByPlatform.get(platform);
  if (!entry) {
    entry = { decode: errorBand("decode", platform), prefill: errorBand("prefill", platform), training: errorBand("training", platform), memory: errorBand("memory", platform) };
    bandsByPlatform.set(platform, entry);
  }
  return entry;
}

/** GPUs with at least one published measurement in the validation set (written by `npm run eval`): their figures are "calibrated". */
export const MEASURED_GPUS: ReadonlySet<string> = new Set<string>(measuredGpus);
