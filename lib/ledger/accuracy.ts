import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../../generated/prisma/client";
import { loadCatalog } from "../catalog/queries";
import type { CatalogGpu } from "../catalog/types";
import { estimate, type Estimate } from "../model/estimate";
import { measurementSchema, type Measurement } from "../model/validation";
import { findPreset } from "../workload/presets";
import { ENGINES, workloadSchema } from "../workload/schema";
import { ledgerWorkloadInput } from "./export";
import type { MeasuredRunView } from "./schema";
import { listRuns } from "./store";

/**
 * The model's accuracy, live: every published measurement in tests/fixtures/measurements and every
 * accepted ledger run, each set beside the model's estimate of the same configuration, summarised
 * per metric, vendor and engine, with how many measurements fell inside the range the site shows.
 */
export type AccuracyMetric = "decode" | "prefill" | "throughput" | "training" | "memory";
export const ACCURACY_METRICS: readonly AccuracyMetric[] = ["decode", "prefill", "throughput", "training", "memory"];

export interface ScoredCase {
  source: "published" | "ledger";
  label: string;
  gpu: string;
  vendor: string;
  engine: string;
  metric: AccuracyMetric;
  measured: number;
  estimated: number;
  /** estimated ÷ measured − 1. */
  error: number;
  inRange: boolean | null;
  url: string | null;
}

export interface AccuracyGroup {
  key: string;
  n: number;
  medianError: number;
  p90Error: number;
  /** Share of measurements inside the shown range (null when no range applies). */
  coverage: number | null;
}

export interface AccuracyReport {
  generatedAt: string;
  cases: number;
  byMetric: Record<string, AccuracyGroup>;
  bySourceMetric: Record<string, AccuracyGroup>;
  byVendor: Record<string, AccuracyGroup>;
  byEngine: Record<string, AccuracyGroup>;
  worst: ScoredCase[];
}

const METRIC_OF: Record<string, { metric: AccuracyMetric; rangeKey: string; pick: (e: Estimate) => number | null }> = {
  decodeTokensPerSecond: { metric: "decode", rangeKey: "decodeTokensPerSecond", pick: (e) => e.decodeTokensPerSecond },
  prefillTokensPerSecond: { metric: "prefill", rangeKey: "prefillTokensPerSecond", pick: (e) => e.prefillTokensPerSecond },
  throughputTokensPerSecond: { metric: "throughput", rangeKey: "throughputTokensPerSecond", pick: (e) => e.throughputTokensPerSecond },
  trainingTokensPerSecond: { metric: "training", rangeKey: "tokensPerSecond", pick: (e) => e.tokensPerSecond },
  trainingSamplesPerSecond: { metric: "training", rangeKey: "samplesPerSecond", pick: (e) => e.samplesPerSecond },
  memoryGB: { metric: "memory", rangeKey: "perGpuGB", pick: (e) => e.memory.perGpuGB },
};

/** The published measurements, read once per process (a deployment without tests/ simply has none). */
let fixtures: Measurement[] | null = null;
export function publishedMeasurements(dir = path.join(process.cwd(), "tests/fixtures/measurements")): Measurement[] {
  if (fixtures) return fixtures;
  const rows: Measurement[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    files = [];
  }
  for (const file of files) {
    const data = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as unknown[];
    for (const row of data) {
      const parsed = measurementSchema.safeParse(row);
      if (parsed.success) rows.push(parsed.data);
    }
  }
  fixtures = rows;
  return rows;
}

function score(gpu: CatalogGpu, count: number, workload: Measurement["workload"], metricName: string, measured: number, catalog: readonly CatalogGpu[]) {
  const spec = METRIC_OF[metricName];
  if (!spec) return null;
  const e = estimate(gpu, count, workload, { catalog, explain: false });
  const estimated = spec.pick(e);
  if (estimated == null || !(estimated > 0)) return null;
  const range = e.ranges[spec.rangeKey];
  return { metric: spec.metric, estimated, error: estimated / measured - 1, inRange: range ? measured >= range.low && measured <= range.high : null };
}

function ledgerWorkload(run: MeasuredRunView): Measurement["workload"] | null {
  if (!findPreset(run.model)) return null;
  const input = ledgerWorkloadInput(run, ENGINES);
  const parsed = input && workloadSchema.safeParse(input);
  return parsed && parsed.success ? parsed.data : null;
}

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

function group(cases: readonly ScoredCase[], keyOf: (c: ScoredCase) => string): Record<string, AccuracyGroup> {
  const buckets = new Map<string, ScoredCase[]>();
  for (const c of cases) {
    const key = keyOf(c);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(c);
    else buckets.set(key, [c]);
  }
  const out: Record<string, AccuracyGroup> = {};
  for (const [key, bucket] of [...buckets].sort(([a], [b]) => a.localeCompare(b))) {
    const errors = bucket.map((c) => Math.abs(c.error)).sort((a, b) => a - b);
    const ranged = bucket.filter((c) => c.inRange != null);
    out[key] = {
      key,
      n: bucket.length,
      medianError: Number(quantile(errors, 0.5).toFixed(3)),
      p90Error: Number(quantile(errors, 0.9).toFixed(3)),
      coverage: ranged.length ? Number((ranged.filter((c) => c.inRange).length / ranged.length).toFixed(3)) : null,
    };
  }
  return out;
}

/** Scores the published measurements and the accepted ledger against the model as it stands. */
export function accuracyReport(catalog: readonly CatalogGpu[], published: readonly Measurement[], ledger: readonly MeasuredRunView[]): AccuracyReport {
  const bySlug = new Map(catalog.map((g) => [g.slug, g]));
  const cases: ScoredCase[] = [];
  for (const m of published) {
    const gpu = bySlug.get(m.gpu);
    const s = gpu && score(gpu, m.count, m.workload, m.metric, m.value, catalog);
    if (!gpu || !s) continue;
    const model = typeof m.workload.model === "string" ? m.workload.model : (m.workload.model.name ?? "custom model");
    cases.push({ source: "published", label: `${m.count > 1 ? `${m.count} × ` : ""}${gpu.name}, ${model} ${m.workload.precision ?? ""}`.trim(), gpu: gpu.slug, vendor: gpu.vendor, engine: m.workload.engine ?? "default", url: m.sourceUrl, measured: m.value, ...s });
  }
  for (const run of ledger) {
    const gpu = bySlug.get(run.gpu);
    const workload = ledgerWorkload(run);
    const s = gpu && workload && score(gpu, run.gpuCount, workload, run.metric, run.value, catalog);
    if (!gpu || !s) continue;
    cases.push({ source: "ledger", label: `${run.gpuCount > 1 ? `${run.gpuCount} × ` : ""}${gpu.name}, ${run.model} ${run.precision}`, gpu: gpu.slug, vendor: gpu.vendor, engine: run.engine, url: `/api/v1/measurements?gpu=${gpu.slug}`, measured: run.value, ...s });
  }
  return {
    generatedAt: new Date().toISOString(),
    cases: cases.length,
    byMetric: group(cases, (c) => c.metric),
    bySourceMetric: group(cases, (c) => `${c.source} · ${c.metric}`),
    byVendor: group(cases, (c) => `${c.metric} · ${c.vendor}`),
    byEngine: group(cases, (c) => `${c.metric} · ${c.engine}`),
    worst: [...cases].sort((a, b) => Math.abs(b.error) - Math.abs(a.error)).slice(0, 15),
  };
}

let cached: { key: string; report: AccuracyReport } | null = null;

/**
 * The report for the catalog and ledger as they are now, computed once per catalog version and
 * ledger state (the newest decision): a page view costs one small query, not hundreds of estimates.
 */
export async function currentAccuracy(prisma: PrismaClient): Promise<AccuracyReport> {
  const catalog = await loadCatalog(prisma);
  const latest = await prisma.measuredRun.aggregate({ _max: { reviewedAt: true }, _count: { _all: true }, where: { status: "accepted" } });
  const key = `${catalog.version}:${latest._count._all}:${latest._max.reviewedAt?.getTime() ?? 0}`;
  if (cached?.key === key) return cached.report;
  const ledger = await listRuns(prisma, { status: "accepted", limit: 5000 });
  const report = accuracyReport(catalog.gpus, publishedMeasurements(), ledger);
  cached = { key, report };
  return report;
}
