import { z } from "zod";
import type { Calibration } from "../model/estimate";
import type { Recommendation } from "../model/recommend";

/**
 * A pick card's folded working: its assumptions and "show the math" (the formula inputs and the
 * catalog source of each hardware figure). The results and share pages write only the visible
 * answer of each card; the working loads when a reader opens it (components/advisor/WorkingFold),
 * from `GET /advisor/results/picks/{n}?{query}` or `GET /r/{id}/picks/{n}`, where n is the index in
 * `results` the pick points at (the card's `pick-{n}` id). Without JavaScript the same working is a
 * page of its own (`…/working/{n}`).
 */
export const pickWorkingSchema = z.object({
  catalogVersion: z.number().int(),
  index: z.number().int().min(0).describe("Index in `results` of the configuration the pick points at"),
  gpu: z.string(),
  gpuName: z.string(),
  count: z.number().int().min(1),
  decodeTokensPerSecond: z.number().nullable(),
  timeToFirstTokenSeconds: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  hours: z.number().nullable(),
  assumptions: z.array(z.string()),
  math: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).describe("Every input of the estimate's formulas"),
  sources: z.record(z.string(), z.string()).describe("Catalog source URL of each hardware figure the math cites, by figure"),
  calibration: z.object({ bandwidthRatio: z.number().optional(), computeRatio: z.number().optional() }).optional().describe("The reader's measured ratios (results page with a calibration)"),
  trainingTokens: z.number().optional().describe("Tokens of the training run (training only)"),
});
export type PickWorking = z.infer<typeof pickWorkingSchema>;

/** The catalog figures "show the math" names: memory bandwidth and the peak(s) used ("fp16TensorTflops dense" → fp16TensorTflops). */
function citedFigures(math: Record<string, number | string | null>): string[] {
  const figures = ["memoryBandwidthGBps"];
  for (const key of ["peakFigure", "trainingPeakFigure"]) {
    const value = math[key];
    if (typeof value === "string") figures.push(value.split(" ")[0]);
  }
  return figures;
}

/**
 * The working of the pick at `index` of `recommendation.results`; null when no pick points there
 * (only the picks' rows keep their full estimate in a share document).
 */
export function pickWorking(
  recommendation: Recommendation,
  index: number,
  catalogVersion: number,
  gpuSources: Record<string, Record<string, string>>,
  options: { calibration?: Calibration; trainingTokens?: number } = {},
): PickWorking | null {
  if (!recommendation.picks.some((p) => p.index === index)) return null;
  const e = recommendation.results[index]?.estimate;
  if (!e?.math) return null;
  const all = gpuSources[e.gpu] ?? {};
  const sources = Object.fromEntries(citedFigures(e.math).flatMap((figure) => (all[figure] ? [[figure, all[figure]]] : [])));
  return {
    catalogVersion,
    index,
    gpu: e.gpu,
    gpuName: e.gpuName,
    count: e.count,
    decodeTokensPerSecond: e.decodeTokensPerSecond,
    timeToFirstTokenSeconds: e.timeToFirstTokenSeconds,
    tokensPerSecond: e.tokensPerSecond,
    hours: e.hours,
    assumptions: e.assumptions,
    math: e.math,
    sources,
    ...(options.calibration ? { calibration: options.calibration } : {}),
    ...(options.trainingTokens != null ? { trainingTokens: options.trainingTokens } : {}),
  };
}

/** `n` of a `/picks/{n}` address: a non-negative integer in canonical form, else null. */
export function pickIndexOf(text: string): number | null {
  return /^(0|[1-9][0-9]{0,5})$/.test(text) ? Number(text) : null;
}
