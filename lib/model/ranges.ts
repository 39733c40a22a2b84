import type { CatalogGpu } from "../catalog/types";
import { errorBandsFor, MEASURED_GPUS, type Platform } from "./calibration";
import type { Calibration, Confidence, Range } from "./estimate";
import { round } from "./format";

/**
 * Phase 6, uncertainty: each figure's range is value × (1 ± band), the band being the error the
 * model made on published measurements of that kind (lib/model/error-bands.json, `npm run eval`).
 */

/** "measured" with the visitor's own benchmark, "calibrated" for a GPU the eval covers, "estimated" otherwise. */
export function confidenceOf(gpu: CatalogGpu, calibration: Calibration | undefined): Confidence {
  return calibration ? "measured" : MEASURED_GPUS.has(gpu.slug) ? "calibrated" : "estimated";
}

/** value × (1 ± band), the band widened by `scale` for uncalibrated GPUs; no range for a missing value. */
function addRange(ranges: Record<string, Range>, scale: number, key: string, value: number | null, band: number): void {
  if (value != null) ranges[key] = { low: round(value * (1 - Math.min(0.9, band * scale))), high: round(value * (1 + band * scale)) };
}

export interface RangedFigures {
  decodeTokensPerSecond: number | null;
  throughputTokensPerSecond: number | null;
  prefillTokensPerSecond: number | null;
  timeToFirstTokenSeconds: number | null;
  tokensPerSecond: number | null;
  samplesPerSecond: number | null;
  hours: number | null;
  perGpuGB: number;
}

export function estimateRanges(f: RangedFigures, platform: Platform, confidence: Confidence): Record<string, Range> {
  const bandScale = confidence === "estimated" ? 1.25 : 1;
  const ranges: Record<string, Range> = {};
  const band = errorBandsFor(platform);
  addRange(ranges, bandScale, "decodeTokensPerSecond", f.decodeTokensPerSecond, band.decode);
  addRange(ranges, bandScale, "throughputTokensPerSecond", f.throughputTokensPerSecond, band.decode);
  addRange(ranges, bandScale, "prefillTokensPerSecond", f.prefillTokensPerSecond, band.prefill);
  addRange(ranges, bandScale, "timeToFirstTokenSeconds", f.timeToFirstTokenSeconds, band.prefill);
  addRange(ranges, bandScale, "tokensPerSecond", f.tokensPerSecond, band.training);
  addRange(ranges, bandScale, "samplesPerSecond", f.samplesPerSecond, band.training);
  addRange(ranges, bandScale, "hours", f.hours, band.training);
  addRange(ranges, bandScale, "perGpuGB", f.perGpuGB, band.memory);
  return ranges;
}
