import type { CatalogGpu } from "../catalog/types";
import type { Precision } from "../workload/schema";
import { ENGINE_FACTORS, GLOBAL_KNOBS, type EngineFactors } from "./calibration";
import { toSignificant } from "./format";
import { isGguf } from "./precision";

/**
 * What lib/model needs of a GPU, in base units (bytes, FLOP/s, W), with every figure that was
 * derived rather than read from the catalog named in `assumptions`.
 */
export interface Hardware {
  slug: string;
  name: string;
  vendor: CatalogGpu["vendor"];
  segment: CatalogGpu["segment"];
  memoryBytes: number;
  bandwidthBytesPerSecond: number;
  fp32Flops: number | null;
  fp16TensorFlops: number | null;
  bf16TensorFlops: number | null;
  fp8TensorFlops: number | null;
  int8TensorOps: number | null;
  fp16VectorFlops: number | null;
  /** NVIDIA Ampere and later: TF32 tensor rate, half the 16-bit rate. */
  tf32TensorFlops: number | null;
  /**
   * GeForce tensor cores run FP16 with FP16 accumulate at twice the FP32-accumulate rate the
   * catalog prints (Turing whitepaper Appendix A, GA102 whitepaper Appendix A, Ada whitepaper
   * Appendix A: RTX 4090 165.2 FP32-accumulate vs 330.3 FP16-accumulate TFLOPS); TITAN RTX,
   * workstation and datacenter parts run both at the same rate.
   */
  fp16AccumulateDoubles: boolean;
  /** Hopper and Blackwell datacenter parts reach their dense tensor peak only through warpgroup (wgmma/tcgen05) instructions. */
  asyncMmaPeak: boolean;
  /**
   * Integer and floating-point instructions issue in parallel: Apple's M3-family GPUs and later
   * ("Explore GPU advancements in M3 and A17 Pro", Apple tech talk 111375: the shader core's ALU
   * pipelines run FP32, FP16 and integer work from different SIMD groups at once), so unpacking a
   * GGUF weight costs the longer of its integer and float streams (precision.ts ggufUnpackCost).
   */
  parallelIntegerPipes: boolean;
  /**
   * Board power per SM, W (NVIDIA Ampere and later: four tensor cores per SM, so SMs = tensor cores ÷ 4;
   * null where the catalog lacks the counts). Under sustained tensor load a board with little power
   * per SM cannot hold its boost clock, which the printed peaks assume.
   */
  wattsPerSm: number | null;
  /** Stacked HBM memory (datacenter parts): twice the bandwidth-latency product of GDDR, so streaming kernels need more bytes in flight. */
  hbm: boolean;
  tdpWatts: number | null;
  interconnect: string | null;
  interconnectBytesPerSecond: number | null;
  launchPriceUsd: number | null;
  /** Apple SoCs cannot be ganged: one per machine. */
  multiGpu: boolean;
  sources: Record<string, string>;
  assumptions: string[];
}

const T = 1e12;
const G = 1e9;

/**
 * Builds the Hardware view of a catalog GPU. Missing peaks are derived where the architecture
 * makes the ratio certain, and named: FP32 scaled per shader core from a sibling of the same
 * architecture that has a published figure; FP16/BF16 tensor = half of FP8 on FP8-capable
 * architectures (Ada, Hopper, Blackwell run FP8 at twice the 16-bit rate); BF16 = FP16.
 */
export function toHardware(gpu: CatalogGpu, catalog: readonly CatalogGpu[] = []): Hardware {
  const assumptions: string[] = [];
  let fp32 = gpu.fp32Tflops ?? null;
  if (fp32 == null && gpu.shaderCores) {
    // Same architecture first; for Apple, whose GPU cores keep 128 FP32 lanes across generations,
    // the newest earlier family with a published figure.
    const sibling =
      catalog.find((g) => g.architecture === gpu.architecture && g.vendor === gpu.vendor && g.fp32Tflops != null && g.shaderCores) ??
      (gpu.vendor === "apple"
        ? catalog
            .filter((g) => g.vendor === "apple" && g.fp32Tflops != null && g.shaderCores)
            .sort((a, b) => (b.releaseYear ?? 0) - (a.releaseYear ?? 0) || (b.fp32Tflops ?? 0) / (b.shaderCores ?? 1) - (a.fp32Tflops ?? 0) / (a.shaderCores ?? 1))[0]
        : undefined);
    if (sibling && sibling.fp32Tflops != null && sibling.shaderCores) {
      fp32 = (sibling.fp32Tflops / sibling.shaderCores) * gpu.shaderCores;
      assumptions.push(
        `FP32 peak not published: ${fp32.toFixed(1)} TFLOPS scaled from the ${sibling.name} (${sibling.fp32Tflops} TFLOPS over ${sibling.shaderCores} cores) by core count.`,
      );
    }
  }
  let fp16t = gpu.fp16TensorTflops ?? gpu.bf16TensorTflops ?? null;
  let bf16t = gpu.bf16TensorTflops ?? gpu.fp16TensorTflops ?? null;
  let fp8t = gpu.fp8TensorTflops ?? null;
  let int8: number | null = gpu.int8TensorTops ?? gpu.fp8TensorTflops ?? null;
  if (fp16t == null && gpu.fp8TensorTflops != null) {
    fp16t = bf16t = gpu.fp8TensorTflops / 2;
    assumptions.push(`16-bit tensor peak not published: taken as half the FP8 figure (${gpu.fp8TensorTflops} TFLOPS).`);
  }
  if (fp16t == null && fp32 != null) {
    // Tensor-to-vector throughput is fixed per architecture and segment (same SM design):
    // scale a sibling's published ratio by this GPU's FP32 peak.
    const sibling = catalog.find(
      (g) => g.vendor === gpu.vendor && g.architecture === gpu.architecture && g.segment === gpu.segment && g.fp16TensorTflops != null && g.fp32Tflops != null,
    );
    if (sibling && sibling.fp16TensorTflops != null && sibling.fp32Tflops != null) {
      const ratio = fp32 / sibling.fp32Tflops;
      fp16t = sibling.fp16TensorTflops * ratio;
      bf16t = sibling.bf16TensorTflops != null ? sibling.bf16TensorTflops * ratio : null;
      fp8t = sibling.fp8TensorTflops != null ? sibling.fp8TensorTflops * ratio : null;
      int8 = sibling.int8TensorTops != null ? sibling.int8TensorTops * ratio : null;
      assumptions.push(
        `Tensor peaks not published: ${fp16t.toFixed(0)} TFLOPS FP16 scaled from the ${sibling.name} (same architecture) by FP32 throughput.`,
      );
    }
  }
  return {
    slug: gpu.slug,
    name: gpu.name,
    vendor: gpu.vendor,
    segment: gpu.segment,
    memoryBytes: gpu.memoryGB * G,
    bandwidthBytesPerSecond: gpu.memoryBandwidthGBps * G,
    fp32Flops: fp32 == null ? null : fp32 * T,
    fp16TensorFlops: fp16t == null ? null : fp16t * T,
    bf16TensorFlops: bf16t == null ? null : bf16t * T,
    fp8TensorFlops: fp8t == null ? null : fp8t * T,
    int8TensorOps: int8 == null ? null : int8 * T,
    fp16VectorFlops: gpu.fp16Tflops == null ? null : gpu.fp16Tflops * T,
    tf32TensorFlops: gpu.vendor === "nvidia" && bf16t != null && gpu.bf16TensorTflops != null ? (bf16t / 2) * T : null,
    fp16AccumulateDoubles: gpu.vendor === "nvidia" && gpu.segment === "consumer" && fp16t != null && !/titan/i.test(gpu.name),
    asyncMmaPeak: gpu.vendor === "nvidia" && gpu.segment === "datacenter" && /hopper|blackwell/i.test(gpu.architecture ?? ""),
    parallelIntegerPipes: gpu.vendor === "apple" && Number(/\bM(\d+)/.exec(gpu.architecture ?? gpu.name)?.[1] ?? 0) >= 3,
    hbm: /hbm/i.test(gpu.memoryType ?? ""),
    wattsPerSm:
      gpu.vendor === "nvidia" && gpu.tdpWatts != null && gpu.tensorCores && /ampere|ada|hopper|blackwell/i.test(gpu.architecture ?? "")
        ? gpu.tdpWatts / (gpu.tensorCores / 4)
        : null,
    tdpWatts: gpu.tdpWatts ?? null,
    interconnect: gpu.interconnect ?? null,
    interconnectBytesPerSecond: gpu.interconnectBandwidthGBps == null ? null : gpu.interconnectBandwidthGBps * G,
    launchPriceUsd: gpu.launchPriceUsd ?? null,
    multiGpu: gpu.segment !== "apple-silicon" && gpu.formFactor !== "soc",
    sources: gpu.sources,
    assumptions,
  };
}

export interface PeakChoice {
  flopsPerSecond: number;
  /** Which catalog figure it is, for "show the math". */
  figure: string;
}

/**
 * The 16-bit matrix peak (BF16 where asked and published, else FP16 tensor, FP16 vector, FP32).
 * A GPU whose FP16 vector rate is below its FP32 rate has no fast FP16 (Pascal GeForce: 1/64
 * rate): frameworks run its 16-bit math in FP32 (PyTorch AMP on a GTX 1080 Ti trains at about the
 * FP32 speed; llama.cpp's CUDA backend uses FP32 below compute capability 7.0 except on P100), so
 * the FP32 rate is its 16-bit peak.
 */
function sixteenBitPeak(hw: Hardware, precision: Precision): PeakChoice | null {
  return hw.bf16TensorFlops != null && precision === "bf16"
    ? { flopsPerSecond: hw.bf16TensorFlops, figure: "bf16TensorTflops" }
    : hw.fp16TensorFlops != null
      ? { flopsPerSecond: hw.fp16TensorFlops, figure: "fp16TensorTflops" }
      : hw.fp16VectorFlops != null && (hw.fp32Flops == null || hw.fp16VectorFlops >= hw.fp32Flops)
        ? { flopsPerSecond: hw.fp16VectorFlops, figure: "fp16Tflops" }
        : hw.fp32Flops != null
          ? { flopsPerSecond: hw.fp32Flops, figure: "fp32Tflops" }
          : null;
}

/**
 * The share of the boost-clock peak a board sustains under matrix load: min(1, (W per SM ÷
 * sustainedWattsPerSm)^clockPowerExponent). Published llama.cpp prefill and PyTorch training
 * rates fall with board power per SM across otherwise similar cards (RTX 6000 Ada at 2.1 W/SM and
 * L40S at 2.5 reach a smaller share of their peaks than an RTX 4090 at 3.5 or an RTX 3080 at 4.7).
 */
export function sustainedClockShare(hw: Hardware): number {
  if (hw.wattsPerSm == null) return 1;
  return Math.min(1, (hw.wattsPerSm / GLOBAL_KNOBS.sustainedWattsPerSm) ** GLOBAL_KNOBS.clockPowerExponent);
}

function sustainedPeak(hw: Hardware, peak: PeakChoice): PeakChoice {
  const share = sustainedClockShare(hw);
  return share >= 1 || peak.figure === "fp32Tflops" ? peak : { flopsPerSecond: peak.flopsPerSecond * share, figure: `${peak.figure} × ${toSignificant(share, 2)} (sustained clock)` };
}

/**
 * The 16-bit GEMM peak for an engine that accumulates in FP16 (llama.cpp's cuBLAS path,
 * CUBLAS_COMPUTE_16F in ggml_cuda_op_mul_mat_cublas): on GeForce tensor cores twice the printed
 * FP32-accumulate figure, elsewhere the same.
 */
export function fp16AccumulatePeak(hw: Hardware, peak: PeakChoice): PeakChoice {
  if (!hw.fp16AccumulateDoubles || peak.figure !== "fp16TensorTflops") return peak;
  return { flopsPerSecond: peak.flopsPerSecond * 2, figure: "fp16TensorTflops × 2 (FP16 accumulate)" };
}

/**
 * The matrix-math peak a workload at `precision` can use on this GPU: tensor/matrix units where
 * the GPU has them for that precision, vector FP16/FP32 otherwise. Weight-only quantized formats
 * compute at the 16-bit rate (their unpacking cost is a separate efficiency factor).
 */
export function matmulPeak(hw: Hardware, precision: Precision, engine: string): PeakChoice | null {
  // Asked for every configuration recommend() scores (training asks twice): remembered per GPU,
  // engine and precision, with the knob values it was worked out under (a fit changes them).
  // The same question as last time (one GPU's counts in a row): no lookup.
  const factors = ENGINE_FACTORS[engine];
  if (lastPeak && lastPeak.hw === hw && lastPeak.engine === engine && lastPeak.precision === precision && knobsUnchanged(lastPeak, factors)) return lastPeak.peak;
  let byEngine = peakMemo.get(hw);
  if (!byEngine) peakMemo.set(hw, (byEngine = new Map()));
  let byPrecision = byEngine.get(engine);
  if (!byPrecision) byEngine.set(engine, (byPrecision = new Map()));
  let memo = byPrecision.get(precision);
  if (!memo || !knobsUnchanged(memo, factors)) {
    memo = {
      hw,
      engine,
      precision,
      peak: computeMatmulPeak(hw, precision, engine),
      factors,
      legacyMma: factors?.legacyMma,
      accumulate: factors?.accumulate,
      sustainedWattsPerSm: GLOBAL_KNOBS.sustainedWattsPerSm,
      clockPowerExponent: GLOBAL_KNOBS.clockPowerExponent,
      legacyMmaFraction: GLOBAL_KNOBS.legacyMmaFraction,
    };
    byPrecision.set(precision, memo);
  }
  lastPeak = memo;
  return memo.peak;
}

/**
 * The knobs matmulPeak() reads still have the values `memo` was worked out under. These are all
 * the knobs computeMatmulPeak() and sustainedClockShare() read: one they come to read must be
 * added here and to PeakMemo, or a fit would not reach remembered peaks.
 */
function knobsUnchanged(memo: PeakMemo, factors: EngineFactors | undefined): boolean {
  return (
    memo.factors === factors &&
    memo.legacyMma === factors?.legacyMma &&
    memo.accumulate === factors?.accumulate &&
    memo.sustainedWattsPerSm === GLOBAL_KNOBS.sustainedWattsPerSm &&
    memo.clockPowerExponent === GLOBAL_KNOBS.clockPowerExponent &&
    memo.legacyMmaFraction === GLOBAL_KNOBS.legacyMmaFraction
  );
}

interface PeakMemo {
  hw: Hardware;
  engine: string;
  precision: Precision;
  peak: PeakChoice | null;
  factors: EngineFactors | undefined;
  legacyMma: boolean | undefined;
  accumulate: EngineFactors["accumulate"] | undefined;
  sustainedWattsPerSm: number;
  clockPowerExponent: number;
  legacyMmaFraction: number;
}

const peakMemo = new WeakMap<Hardware, Map<string, Map<Precision, PeakMemo>>>();
let lastPeak: PeakMemo | null = null;

function computeMatmulPeak(hw: Hardware, precision: Precision, engine: string): PeakChoice | null {
  // llama.cpp multiplies GGUF prompts on AMD GPUs in its MMQ kernels (HIP: integer dot products on
  // the vector units) or in Vulkan shaders without cooperative matrices (llama-bench logs "matrix
  // cores: none" under RADV): the matrix cores sit idle, so the FP32 vector rate is the ceiling.
  if (engine === "llama.cpp" && hw.vendor === "amd" && isGguf(precision) && hw.fp32Flops != null) {
    return { flopsPerSecond: hw.fp32Flops, figure: "fp32Tflops (GGUF prompt kernels on AMD use the vector units)" };
  }
  const base = baseMatmulPeak(hw, precision, engine);
  const factors = ENGINE_FACTORS[engine];
  if (!base || !factors) return base;
  const peak = sustainedPeak(hw, base);
  if (factors.legacyMma && hw.asyncMmaPeak && peak.figure !== "fp32Tflops") {
    return { flopsPerSecond: peak.flopsPerSecond * GLOBAL_KNOBS.legacyMmaFraction, figure: `${peak.figure} × ${toSignificant(GLOBAL_KNOBS.legacyMmaFraction, 2)} (mma.sync without wgmma)` };
  }
  return factors.accumulate === "fp16" ? fp16AccumulatePeak(hw, peak) : peak;
}

function baseMatmulPeak(hw: Hardware, precision: Precision, engine: string): PeakChoice | null {
  switch (precision) {
    case "fp32":
      // PyTorch runs fp32 convolutions (and matmuls when allowed) as TF32 on NVIDIA tensor cores
      // from Ampere on, at half the 16-bit tensor rate (A100 whitepaper: TF32 156 vs FP16 312 TFLOPS).
      if (engine === "pytorch" && hw.tf32TensorFlops != null) return { flopsPerSecond: hw.tf32TensorFlops, figure: "bf16TensorTflops ÷ 2 (TF32)" };
      return hw.fp32Flops != null ? { flopsPerSecond: hw.fp32Flops, figure: "fp32Tflops" } : null;
    case "fp8":
      return hw.fp8TensorFlops != null ? { flopsPerSecond: hw.fp8TensorFlops, figure: "fp8TensorTflops" } : sixteenBitPeak(hw, precision);
    case "int8":
      return hw.int8TensorOps != null ? { flopsPerSecond: hw.int8TensorOps, figure: "int8TensorTops" } : sixteenBitPeak(hw, precision);
    default:
      return sixteenBitPeak(hw, precision);
  }
}

const hardwareCache = new WeakMap<CatalogGpu, Hardware>();

/** Hardware views are pure functions of an (immutable) catalog entry: computed once per entry. */
export function hardwareFor(gpu: CatalogGpu, catalog: readonly CatalogGpu[]): Hardware {
  let hw = hardwareCache.get(gpu);
  if (!hw) {
    hw = toHardware(gpu, catalog);
    hardwareCache.set(gpu, hw);
  }
  return hw;
}
