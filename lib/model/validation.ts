import { z } from "zod";
import type { CatalogGpu } from "../catalog/types";
import { resolveWorkload, type ResolvedWorkload } from "../workload/resolve";
import { ENGINES, workloadSchema } from "../workload/schema";
import type { MetricFamily } from "./calibration";
import { estimate, type Estimate, type EstimateContext } from "./estimate";

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

/**
 * A row may name an engine the workload schema does not know (TinyChat, ExLlama v1 …): it is kept
 * as `engine` on the measurement and the workload runs on the default engine, so the row is scored
 * as what the advisor would say for an engine it cannot name (with the unseen-engine range).
 */
const liftUnknownEngine = (row: unknown): unknown => {
  if (!row || typeof row !== "object" || Array.isArray(row)) return row;
  const r = dropNulls(row) as Record<string, unknown>;
  const workload = r.workload as Record<string, unknown> | undefined;
  if (workload && typeof workload.engine === "string" && !(ENGINES as readonly string[]).includes(workload.engine)) {
    const { engine, ...rest } = workload;
    return { ...r, engine, workload: rest };
  }
  return r;
};

export const measurementSchema = z.preprocess(
  liftUnknownEngine,
  z.object({
    id: z.string(),
    gpu: z.string(),
    count: z.number().int().positive(),
    metric: z.enum(METRICS),
    value: z.number().positive(),
    workload: workloadSchema,
    sourceUrl: z.url(),
    /** Short id of the independent source (one benchmark table, one thread, one paper). */
    source: z.string().min(1).optional(),
    /** When it was measured or published: YYYY-MM or YYYY-MM-DD. */
    date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/).optional(),
    engineVersion: z.string().optional(),
    /** An engine outside the workload schema's list (lifted out of workload.engine). */
    engine: z.string().optional(),
    notes: z.string().optional(),
  }),
);
export type Measurement = z.infer<typeof measurementSchema>;

/** The independent source a row belongs to: its `source` id, else its URL's host and first two path parts. */
export function sourceOf(m: Measurement): string {
  if (m.source) return m.source;
  try {
    const url = new URL(m.sourceUrl);
    return `${url.host}${url.pathname.split("/").slice(0, 3).join("/")}`;
  } catch {
    return m.sourceUrl;
  }
}

/** The engine the measurement ran on (named, or the advisor's default for the row). */
export function engineOf(m: Measurement, e?: Estimate): string {
  return m.engine ?? m.workload.engine ?? e?.engine ?? "default";
}

/** Year of measurement (the row's date), "undated" when not given. */
export function eraOf(m: Measurement): string {
  return m.date ? m.date.slice(0, 4) : "undated";
}

export function familyOf(metric: Metric, task: string = "inference"): MetricFamily {
  switch (metric) {
    case "decodeTokensPerSecond":
      return "decode";
    case "prefillTokensPerSecond":
      return "prefill";
    case "throughputTokensPerSecond":
      return "throughput";
    case "memoryGB":
      return task === "inference" ? "memory" : "trainingMemory";
    default:
      return "training";
  }
}

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

/** The key of the range that goes with a metric in Estimate.ranges. */
export function rangeKey(metric: Metric): string {
  switch (metric) {
    case "trainingTokensPerSecond":
      return "tokensPerSecond";
    case "trainingSamplesPerSecond":
      return "samplesPerSecond";
    case "memoryGB":
      return "perGpuGB";
    default:
      return metric;
  }
}

/** A measurement ready to be predicted many times (workload resolved once, GPU looked up once). */
export interface Case {
  measurement: Measurement;
  gpu: CatalogGpu;
  workload: ResolvedWorkload;
  source: string;
  family: MetricFamily;
}

export function toCases(measurements: readonly Measurement[], gpus: readonly CatalogGpu[]): { cases: Case[]; missing: Measurement[] } {
  const bySlug = new Map(gpus.map((g) => [g.slug, g]));
  const cases: Case[] = [];
  const missing: Measurement[] = [];
  for (const measurement of measurements) {
    const gpu = bySlug.get(measurement.gpu);
    if (!gpu) missing.push(measurement);
    else cases.push({ measurement, gpu, workload: resolveWorkload(measurement.workload), source: sourceOf(measurement), family: familyOf(measurement.metric, measurement.workload.task) });
  }
  return { cases, missing };
}

/** How a published row is reproduced: its build's era (builtOn), beside the catalog. */
function measurementContext(m: Measurement, gpus: readonly CatalogGpu[], explain: boolean): EstimateContext {
  return { catalog: gpus, explain, builtOn: m.date };
}

/** The model's figure for one case with the knobs as they are now. */
export function predictCase(c: Case, gpus: readonly CatalogGpu[], explain = false): { value: number | null; estimate: Estimate } {
  const e = estimate(c.gpu, c.measurement.count, c.workload, measurementContext(c.measurement, gpus, explain));
  return { value: predicted(e, c.measurement.metric), estimate: e };
}

export interface Scored {
  measurement: Measurement;
  predicted: number | null;
  /** |predicted − measured| / measured. */
  error: number | null;
}

/** Every measurement against the model as shipped (fitted knobs from lib/model/fitted-knobs.json). */
export function scoreMeasurements(measurements: Measurement[], gpus: CatalogGpu[]): Scored[] {
  const bySlug = new Map(gpus.map((g) => [g.slug, g]));
  return measurements.map((measurement) => {
    const gpu = bySlug.get(measurement.gpu);
    if (!gpu) return { measurement, predicted: null, error: null };
    const value = predicted(estimate(gpu, measurement.count, measurement.workload, measurementContext(measurement, gpus, false)), measurement.metric);
    return { measurement, predicted: value, error: value == null ? null : Math.abs(value - measurement.value) / measurement.value };
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
