import type { CatalogGpu } from "../catalog/types";
import type { Precision } from "../workload/schema";
import { isWeightOnlyQuant } from "./precision";

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
    const sibling = catalog.find((g) => g.architecture === gpu.architecture && g.vendor === gpu.vendor && g.fp32Tflops != null && g.shaderCores);
    if (sibling && sibling.fp32Tflops != null && sibling.shaderCores) {
      fp32 = (sibling.fp32Tflops / sibling.shaderCores) * gpu.shaderCores;
      assumptions.push(
        `FP32 peak not published: ${fp32.toFixed(1)} TFLOPS scaled from the ${sibling.name} (${sibling.fp32Tflops} TFLOPS over ${sibling.shaderCores} cores) by core count.`,
      );
    }
  }
  let fp16t = gpu.fp16TensorTflops ?? gpu.bf16TensorTflops ?? null;
  let bf16t = gpu.bf16TensorTflops ?? gpu.fp16TensorTflops ?? null;
  if (fp16t == null && gpu.fp8TensorTflops != null) {
    fp16t = bf16t = gpu.fp8TensorTflops / 2;
    assumptions.push(`16-bit tensor peak not published: taken as half the FP8 figure (${gpu.fp8TensorTflops} TFLOPS).`);
  }
  const int8 = gpu.int8TensorTops ?? gpu.fp8TensorTflops ?? null;
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
    fp8TensorFlops: gpu.fp8TensorTflops == null ? null : gpu.fp8TensorTflops * T,
    int8TensorOps: int8 == null ? null : int8 * T,
    fp16VectorFlops: gpu.fp16Tflops == null ? null : gpu.fp16Tflops * T,
    tf32TensorFlops: gpu.vendor === "nvidia" && bf16t != null && gpu.bf16TensorTflops != null ? (bf16t / 2) * T : null,
    tdpWatts: gpu.tdpWatts ?? null,
    interconnect: gpu.interconnect ?? null,
    interconnectBytesPerSecond: gpu.interconnectBandwidthGBps == null ? null : gpu.interconnectBandwidthGBps * G,
    launchPriceUsd: gpu.launchPriceUsd ?? null,
    multiGpu: gpu.segment !== "apple-silicon",
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
 * The matrix-math peak a workload at `precision` can use on this GPU: tensor/matrix units where
 * the GPU has them for that precision, vector FP16/FP32 otherwise. Weight-only quantized formats
 * compute in 16 bit (llama.cpp uses int8 dot products on GPUs with int8 tensor units).
 */
export function matmulPeak(hw: Hardware, precision: Precision, engine: string): PeakChoice | null {
  const sixteenBit = (): PeakChoice | null =>
    hw.bf16TensorFlops != null && precision === "bf16"
      ? { flopsPerSecond: hw.bf16TensorFlops, figure: "bf16TensorTflops" }
      : hw.fp16TensorFlops != null
        ? { flopsPerSecond: hw.fp16TensorFlops, figure: "fp16TensorTflops" }
        : hw.fp16VectorFlops != null
          ? { flopsPerSecond: hw.fp16VectorFlops, figure: "fp16Tflops" }
          : hw.fp32Flops != null
            ? { flopsPerSecond: hw.fp32Flops, figure: "fp32Tflops" }
            : null;
  switch (precision) {
    case "fp32":
      // PyTorch runs fp32 convolutions (and matmuls when allowed) as TF32 on NVIDIA tensor cores
      // from Ampere on, at half the 16-bit tensor rate (A100 whitepaper: TF32 156 vs FP16 312 TFLOPS).
      if (engine === "pytorch" && hw.tf32TensorFlops != null) return { flopsPerSecond: hw.tf32TensorFlops, figure: "bf16TensorTflops ÷ 2 (TF32)" };
      return hw.fp32Flops != null ? { flopsPerSecond: hw.fp32Flops, figure: "fp32Tflops" } : null;
    case "fp8":
      return hw.fp8TensorFlops != null ? { flopsPerSecond: hw.fp8TensorFlops, figure: "fp8TensorTflops" } : sixteenBit();
    case "int8":
      return hw.int8TensorOps != null ? { flopsPerSecond: hw.int8TensorOps, figure: "int8TensorTops" } : sixteenBit();
    default:
      if (isWeightOnlyQuant(precision) && engine === "llama.cpp" && hw.int8TensorOps != null && hw.vendor === "nvidia") {
        return { flopsPerSecond: hw.int8TensorOps, figure: "int8TensorTops" };
      }
      return sixteenBit();
  }
}
