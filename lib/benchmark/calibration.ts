import { fractionOfPeak } from "./metrics";

/**
 * From a browser benchmark to a calibration of lib/model for the visitor's GPU.
 *
 * Browser kernels are FP32 fragment or compute shaders: no tensor cores, no vendor libraries,
 * texture fetches instead of shared-memory tiling. So a healthy GPU reaches only a small,
 * fairly stable fraction of its catalog FP32 peak in the browser, and a larger fraction of its
 * memory bandwidth (streaming is simple). What a run can tell us is how this GPU compares with a
 * typical one *under the same handicap*: the ratio of its measured fraction to the typical browser
 * fraction. lib/model then scales its own native efficiency by that ratio (1 = typical), never
 * by the raw browser figure, which would understate a GPU tenfold or more.
 */
export const BROWSER_REFERENCE_FRACTION = {
  /**
   * Typical browser FP32 matmul as a fraction of the catalog FP32 (vector) peak. gpu.js's own
   * figures (1024² WebGL2 multiply in 18.5 ms on a 10.4-TFLOPS M1 Max, ≈ 1%; WebGPU 6.3 ms, ≈ 3%)
   * and our register-tiled kernel put it at a few percent. Provisional: no hardware run is
   * recorded yet (docs/benchmarks.md); replace with the median of recorded runs when there are.
   */
  compute: 0.05,
  /** Typical browser streaming (copy/axpy over RGBA float textures) as a fraction of catalog memory bandwidth. Provisional likewise. */
  bandwidth: 0.5,
} as const;

/** Ratios are clamped: one browser run should nudge the model, not swing it by an order of magnitude. */
export const CALIBRATION_RATIO_BOUNDS = { min: 0.25, max: 2 } as const;

export interface CatalogPeaks {
  slug: string;
  fp32Tflops?: number | null;
  memoryBandwidthGBps: number;
}

export interface BrowserCalibration {
  slug: string;
  /** Measured bandwidth fraction ÷ typical browser fraction, clamped; 1 when not measured. */
  bandwidthRatio: number;
  /** Measured FP32 fraction ÷ typical browser fraction, clamped; 1 when not measured or no FP32 peak is published. */
  computeRatio: number;
  /** Measured fractions of the catalog peaks (null when unknown), for display. */
  computeFraction: number | null;
  bandwidthFraction: number | null;
}

const clamp = (x: number) => Math.min(CALIBRATION_RATIO_BOUNDS.max, Math.max(CALIBRATION_RATIO_BOUNDS.min, x));
const ratio = (fraction: number | null, reference: number) => (fraction == null ? 1 : clamp(fraction / reference));

/**
 * calibrate({matmulGflops: 4130, bandwidthGBps: 504}, RTX 4090 {fp32Tflops: 82.6, memoryBandwidthGBps: 1008}):
 * compute fraction 4130 / 82,600 = 0.05 → ratio 1; bandwidth 504 / 1008 = 0.5 → ratio 1.
 */
export function calibrate(measured: { matmulGflops: number | null; bandwidthGBps: number | null }, gpu: CatalogPeaks): BrowserCalibration {
  const computeFraction = fractionOfPeak(measured.matmulGflops, gpu.fp32Tflops == null ? null : gpu.fp32Tflops * 1000);
  const bandwidthFraction = fractionOfPeak(measured.bandwidthGBps, gpu.memoryBandwidthGBps);
  return {
    slug: gpu.slug,
    bandwidthRatio: ratio(bandwidthFraction, BROWSER_REFERENCE_FRACTION.bandwidth),
    computeRatio: ratio(computeFraction, BROWSER_REFERENCE_FRACTION.compute),
    computeFraction,
    bandwidthFraction,
  };
}

/** The advisor link that carries the calibration: /advisor?my=<slug>,<bandwidthRatio>,<computeRatio>. */
export function advisorHref(calibration: BrowserCalibration): string {
  const r = (x: number) => String(Number(x.toFixed(3)));
  // Slugs are [a-z0-9-] and the ratios plain decimals: nothing in the value needs escaping.
  return `/advisor?my=${calibration.slug},${r(calibration.bandwidthRatio)},${r(calibration.computeRatio)}`;
}
