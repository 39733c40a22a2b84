import { describe, expect, it } from "vitest";
import { advisorHref, BROWSER_REFERENCE_FRACTION, calibrate } from "@/lib/benchmark/calibration";
import { benchmarkSubmissionSchema, implausibility, type BenchmarkSubmission } from "@/lib/benchmark/schema";

// RTX 4090 catalog peaks: 82.6 FP32 TFLOPS, 1008 GB/s.
const rtx4090 = { slug: "rtx-4090", name: "GeForce RTX 4090", fp32Tflops: 82.6, memoryBandwidthGBps: 1008 };

describe("calibration from a browser run", () => {
  it("uses the documented typical browser fractions", () => {
    expect(BROWSER_REFERENCE_FRACTION).toEqual({ compute: 0.05, bandwidth: 0.5 });
  });

  it("gives ratio 1 to a GPU exactly as fast as typical in a browser", () => {
    // 4130 / 82,600 = 0.05 of peak; 504 / 1008 = 0.5 of peak.
    const c = calibrate({ matmulGflops: 4130, bandwidthGBps: 504 }, rtx4090);
    expect(c.computeFraction).toBeCloseTo(0.05, 12);
    expect(c.bandwidthFraction).toBeCloseTo(0.5, 12);
    expect(c.computeRatio).toBeCloseTo(1, 12);
    expect(c.bandwidthRatio).toBeCloseTo(1, 12);
  });

  it("halves for half the typical fraction and clamps to [0.25, 2]", () => {
    // 2065 / 82,600 = 0.025 → 0.5; 252 / 1008 = 0.25 → 0.5.
    const half = calibrate({ matmulGflops: 2065, bandwidthGBps: 252 }, rtx4090);
    expect(half.computeRatio).toBeCloseTo(0.5, 12);
    expect(half.bandwidthRatio).toBeCloseTo(0.5, 12);
    // A software renderer (0.3 GFLOPS, 2 GB/s) clamps low; 20,000 GFLOPS (0.24 of peak) and 1200 GB/s (1.19) clamp high.
    expect(calibrate({ matmulGflops: 0.3, bandwidthGBps: 2 }, rtx4090)).toMatchObject({ computeRatio: 0.25, bandwidthRatio: 0.25 });
    expect(calibrate({ matmulGflops: 20_000, bandwidthGBps: 1200 }, rtx4090)).toMatchObject({ computeRatio: 2, bandwidthRatio: 2 });
  });

  it("leaves compute alone when the catalog has no FP32 peak or the run failed", () => {
    const c = calibrate({ matmulGflops: 300, bandwidthGBps: null }, { slug: "apple-m3-10c", fp32Tflops: null, memoryBandwidthGBps: 100 });
    expect(c).toEqual({ slug: "apple-m3-10c", computeRatio: 1, bandwidthRatio: 1, computeFraction: null, bandwidthFraction: null });
  });

  it("links to the advisor with my=<slug>,<bandwidthRatio>,<computeRatio>", () => {
    expect(advisorHref({ slug: "rtx-4090", bandwidthRatio: 0.5, computeRatio: 2 / 3, computeFraction: null, bandwidthFraction: null })).toBe(
      "/advisor?my=rtx-4090,0.5,0.667",
    );
  });
});

const valid: BenchmarkSubmission = {
  renderer: "ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 Direct3D11 vs_5_0 ps_5_0, D3D11)",
  matchedGpu: "rtx-4090",
  backend: "webgl2",
  matmulGflops: 4000,
  bandwidthGBps: 600,
  maxAbsError: 3e-6,
  durationMs: 9000,
};

describe("submission validation", () => {
  it("accepts a well-formed run and rejects unknown fields, bad backends and non-positive figures", () => {
    expect(benchmarkSubmissionSchema.safeParse(valid).success).toBe(true);
    expect(benchmarkSubmissionSchema.safeParse({ ...valid, matchedGpu: null, bandwidthGBps: null }).success).toBe(true);
    expect(benchmarkSubmissionSchema.safeParse({ ...valid, ip: "1.2.3.4" }).success).toBe(false);
    expect(benchmarkSubmissionSchema.safeParse({ ...valid, backend: "cuda" }).success).toBe(false);
    expect(benchmarkSubmissionSchema.safeParse({ ...valid, matmulGflops: 0 }).success).toBe(false);
    expect(benchmarkSubmissionSchema.safeParse({ ...valid, matchedGpu: "RTX 4090" }).success).toBe(false);
  });

  it("bounds figures by 1.2× the matched GPU's catalog peaks and errors by 1e-2", () => {
    // 1.2 × 82,600 = 99,120 GFLOPS; 1.2 × 1008 = 1209.6 GB/s.
    expect(implausibility({ ...valid, matmulGflops: 99_120 }, rtx4090)).toBeNull();
    expect(implausibility({ ...valid, matmulGflops: 99_121 }, rtx4090)?.path).toBe("matmulGflops");
    expect(implausibility({ ...valid, bandwidthGBps: 1209 }, rtx4090)).toBeNull();
    expect(implausibility({ ...valid, bandwidthGBps: 1210 }, rtx4090)?.path).toBe("bandwidthGBps");
    expect(implausibility({ ...valid, maxAbsError: 0.011 }, rtx4090)?.path).toBe("maxAbsError");
    expect(implausibility({ ...valid, maxAbsError: 0.011 }, null)?.path).toBe("maxAbsError");
    // No FP32 peak published: only bandwidth is bounded.
    expect(implausibility({ ...valid, matmulGflops: 1e5 }, { name: "X", fp32Tflops: null, memoryBandwidthGBps: 1008 })).toBeNull();
  });
});
