import type { CatalogGpu } from "../catalog/types";
import { errorBandsFor, errorBandsVersion, joinBands, FITTED_ENGINES, MEASURED_GPUS, unseenEngineBand, type Band, type MetricFamily, type Platform } from "./calibration";
import type { Calibration, Confidence, Range } from "./estimate";
import { round } from "./format";

/**
 * Phase 6, uncertainty. Each range is estimate × [low, high], where low and high are percentiles
 * of measured ÷ predicted over published measurements from sources the fit had not seen
 * (leave-one-source-out, `npm run eval` → lib/model/error-bands.json, derived in bands.ts): per
 * metric family the narrowest rule (percentile pair, widened or symmetric on the log scale) under
 * which 85% of each source's measurements fell inside ranges built without that source, so that
 * "at least 80% of published measurements of this kind fell inside ranges like this" holds with a
 * margin. For a GPU without any measurement the band is widened by a quarter on the log scale; for
 * an engine without any, the band is the one measured for engines the fit had not seen.
 */

/** "measured" with the visitor's own benchmark, "calibrated" for a GPU the eval covers, "estimated" otherwise. */
export function confidenceOf(gpu: CatalogGpu, calibration: Calibration | undefined): Confidence {
  return calibration ? "measured" : MEASURED_GPUS.has(gpu.slug) ? "calibrated" : "estimated";
}

/** Widen a band on the log scale: low^k, high^k. */
function widen(band: Band, k: number): Band {
  return k === 1 ? band : { low: band.low ** k, high: band.high ** k };
}

/** value × [low, high]. */
function rangeOf(value: number, band: Band): Range {
  return { low: round(value * band.low), high: round(value * band.high) };
}

/** A time (the inverse of a rate) takes the inverted band: value ÷ [high, low]. */
function inverseRangeOf(value: number, band: Band): Range {
  return { low: round(value / band.high), high: round(value / band.low) };
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

const bandCache = new Map<Platform, Readonly<Record<MetricFamily, Band>>[]>();
let cachedVersion = errorBandsVersion();

/** The bands for one platform, confidence and engine status, widened once and cached (this runs per estimate). */
function bandsFor(platform: Platform, estimated: boolean, unseen: boolean): Readonly<Record<MetricFamily, Band>> {
  if (cachedVersion !== errorBandsVersion()) {
    bandCache.clear();
    cachedVersion = errorBandsVersion();
  }
  let perPlatform = bandCache.get(platform);
  if (!perPlatform) {
    const base = errorBandsFor(platform);
    perPlatform = [];
    for (const variant of [0, 1, 2, 3]) {
      const k = variant & 1 ? 1.25 : 1;
      const engineUnseen = (variant & 2) !== 0;
      const pick = (family: MetricFamily): Band => widen(engineUnseen && family !== "memory" && family !== "trainingMemory" ? (joinBands(unseenEngineBand(family), base[family]) ?? base[family]) : base[family], k);
      perPlatform.push({
        decode: pick("decode"),
        prefill: pick("prefill"),
        throughput: pick("throughput"),
        training: pick("training"),
        memory: pick("memory"),
        trainingMemory: pick("trainingMemory"),
      });
    }
    bandCache.set(platform, perPlatform);
  }
  return perPlatform[(estimated ? 1 : 0) + (unseen ? 2 : 0)];
}

export function estimateRanges(f: RangedFigures, platform: Platform, confidence: Confidence, engine: string, training: boolean): Record<string, Range> {
  const band = bandsFor(platform, confidence === "estimated", !FITTED_ENGINES.has(engine));
  // Named stores, one per figure, in this order (a store through a computed key is several times slower, and this runs per estimate).
  const ranges: Record<string, Range> = {};
  if (f.decodeTokensPerSecond != null) ranges.decodeTokensPerSecond = rangeOf(f.decodeTokensPerSecond, band.decode);
  if (f.throughputTokensPerSecond != null) ranges.throughputTokensPerSecond = rangeOf(f.throughputTokensPerSecond, band.throughput);
  if (f.prefillTokensPerSecond != null) ranges.prefillTokensPerSecond = rangeOf(f.prefillTokensPerSecond, band.prefill);
  if (f.timeToFirstTokenSeconds != null) ranges.timeToFirstTokenSeconds = inverseRangeOf(f.timeToFirstTokenSeconds, band.prefill);
  if (f.tokensPerSecond != null) ranges.tokensPerSecond = rangeOf(f.tokensPerSecond, band.training);
  if (f.samplesPerSecond != null) ranges.samplesPerSecond = rangeOf(f.samplesPerSecond, band.training);
  if (f.hours != null) ranges.hours = inverseRangeOf(f.hours, band.training);
  ranges.perGpuGB = rangeOf(f.perGpuGB, training ? band.trainingMemory : band.memory);
  return ranges;
}
