import { z } from "zod";
import type { CatalogGpu } from "../catalog/types";
import { workloadSchema } from "../workload/schema";
import { estimate, type Estimate } from "./estimate";

/** A published measurement from tests/fixtures/measurements, and how the model is scored on it. */
export const METRICS = [
  "decodeTokensPerSecond",
  "prefillTokensPerSecond",
  "throughputTokensPerSecond",
  "trainingTokensPerSecond",
  "trainingSamplesPerSecond",
  "memoryGB",
] as const;
export type Metric = (typeof METRICS)[number];

const dropNulls = (value: unknown): unknown =>
  value && typeof value === "object" && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, dropNulls(v)]))
    : value;

export const measurementSchema = z.object({
  id: z.string(),
  gpu: z.string(),
  count: z.number().int().positive(),
  metric: z.enum(METRICS),
  value: z.number().positive(),
  workload: z.preprocess(dropNulls, workloadSchema),
  sourceUrl: z.url(),
  notes: z.string().optional(),
});
export type Measurement = z.infer<typeof measurementSchema>;

/** The model's prediction for the measured metric. */
export function predicted(estimateResult: Estimate, metric: Metric): number | null {
  switch (metric) {
    case "decodeTokensPerSecond":
      return estimateResult.decodeTokensPerSecond;
    case "prefillTokensPerSecond":
      return estimateResult.prefillTokensPerSecond;
    case "throughputTokensPerSecond":
      return estimateResult.throughputTokensPerSecond;
    case "trainingTokensPerSecond":
      return estimateResult.tokensPerSecond;
    case "trainingSamplesPerSecond":
      return estimateResult.samplesPerSecond;
    case "memoryGB":
      return estimateResult.memory.perGpuGB;
  }
}

export interface Scored {
  measurement: Measurement;
  predicted: number | null;
  /** |predicted − measured| / measured. */
  error: number | null;
  split: "calibration" | "holdout";
}

/** Deterministic split: about half the fixtures calibrate the factors, the rest only score them. */
export function splitOf(id: string): "calibration" | "holdout" {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 2 === 0 ? "calibration" : "holdout";
}

export function scoreMeasurements(measurements: Measurement[], gpus: CatalogGpu[]): Scored[] {
  const bySlug = new Map(gpus.map((g) => [g.slug, g]));
  return measurements.map((measurement) => {
    const gpu = bySlug.get(measurement.gpu);
    if (!gpu) return { measurement, predicted: null, error: null, split: splitOf(measurement.id) };
    const value = predicted(estimate(gpu, measurement.count, measurement.workload, { catalog: gpus }), measurement.metric);
    return {
      measurement,
      predicted: value,
      error: value == null ? null : Math.abs(value - measurement.value) / measurement.value,
      split: splitOf(measurement.id),
    };
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
