import { z } from "zod";
import { slugSchema } from "../catalog/schema";

/** Backends a browser run can report (gpu.js modes; "cpu" means no GPU was used). */
export const BENCHMARK_BACKENDS = ["webgpu", "webgl2", "webgl", "webasm", "cpu"] as const;
export const GPU_BACKENDS: readonly string[] = ["webgpu", "webgl2", "webgl"];

/** A browser benchmark run submitted to the community results: POST /api/v1/benchmarks. */
export const benchmarkSubmissionSchema = z
  .object({
    renderer: z.string().trim().min(1).max(300),
    /** The catalog GPU the visitor confirmed or picked; null when none. */
    matchedGpu: slugSchema.nullable(),
    backend: z.enum(BENCHMARK_BACKENDS),
    matmulGflops: z.number().finite().positive().max(1e6),
    bandwidthGBps: z.number().finite().positive().max(1e5).nullable(),
    maxAbsError: z.number().finite().nonnegative(),
    durationMs: z.number().finite().positive().max(600_000),
  })
  .strict();

export type BenchmarkSubmission = z.infer<typeof benchmarkSubmissionSchema>;

/** Bounds a genuine run stays inside. */
export const PLAUSIBILITY = {
  /** A measured figure above this multiple of the catalog peak is a measurement error or a forgery. */
  peakMultiple: 1.2,
  /** A run whose results were this wrong should have been reported as a failure, not submitted. */
  maxAbsError: 1e-2,
} as const;

export interface PlausibilityIssue {
  path: keyof BenchmarkSubmission;
  message: string;
}

/**
 * Checks a well-formed submission against the matched GPU's catalog peaks. Returns the first
 * problem, naming the field, or null. A GPU without a published FP32 peak bounds bandwidth only.
 */
export function implausibility(
  run: BenchmarkSubmission,
  gpu: { name: string; fp32Tflops?: number | null; memoryBandwidthGBps: number } | null,
): PlausibilityIssue | null {
  if (run.maxAbsError > PLAUSIBILITY.maxAbsError) {
    return { path: "maxAbsError", message: `max error ${run.maxAbsError} is over ${PLAUSIBILITY.maxAbsError}: the kernels gave wrong results` };
  }
  if (!gpu) return null;
  if (gpu.fp32Tflops != null) {
    const limit = gpu.fp32Tflops * 1000 * PLAUSIBILITY.peakMultiple;
    if (run.matmulGflops > limit) {
      return { path: "matmulGflops", message: `${run.matmulGflops} GFLOPS is over ${PLAUSIBILITY.peakMultiple}× the ${gpu.name}'s FP32 peak (${gpu.fp32Tflops * 1000} GFLOPS)` };
    }
  }
  const bandwidthLimit = gpu.memoryBandwidthGBps * PLAUSIBILITY.peakMultiple;
  if (run.bandwidthGBps != null && run.bandwidthGBps > bandwidthLimit) {
    return { path: "bandwidthGBps", message: `${run.bandwidthGBps} GB/s is over ${PLAUSIBILITY.peakMultiple}× the ${gpu.name}'s memory bandwidth (${gpu.memoryBandwidthGBps} GB/s)` };
  }
  return null;
}
