import { createHash } from "node:crypto";
import { CALIBRATION_RATIO_BOUNDS } from "../benchmark/calibration";
import { matchGpu } from "../benchmark/identify";
import type { CatalogGpu } from "../catalog/types";
import { estimate, type Estimate } from "../model/estimate";
import { findPreset, PRESETS } from "../workload/presets";
import { ENGINES, workloadSchema, type Engine, type Precision } from "../workload/schema";
import { LedgerParseError, parsePaste, type ParsedRun } from "./parse";
import type { FormRun, LedgerMetricName, MeasuredRunView, MeasurementSubmission } from "./schema";

/** A run as it will be stored: matched to the catalog and a preset, with the model's estimate beside it. */
export interface ResolvedRun extends Omit<MeasuredRunView, "id" | "status" | "submissions" | "createdAt"> {
  sourceLine: string | null;
  dedupeKey: string;
}

/** Plausible: measured within 0.2×–5× of the estimate (issue #17). Others are queued with a warning, never dropped silently. */
export const PLAUSIBLE_RATIO = { min: 0.2, max: 5 } as const;

export class SubmissionError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

/** llama-bench's architecture names → the preset id prefixes they can mean. */
const FAMILIES: Record<string, string[]> = {
  llama: ["llama", "deepseek-r1-distill-llama", "mistral", "codellama", "tinyllama", "smollm"],
  qwen2: ["qwen2"],
  qwen3: ["qwen3"],
  qwen3moe: ["qwen3"],
  gemma: ["gemma"],
  gemma2: ["gemma-2"],
  gemma3: ["gemma-3"],
  phi3: ["phi-3", "phi-4"],
  mistral: ["mistral"],
  gptoss: ["gpt-oss"],
  "gpt-oss": ["gpt-oss"],
  deepseek2: ["deepseek"],
};

/**
 * The preset a pasted run most likely used: same architecture family (llama-bench's first word) and
 * a parameter count within 4%. Confidence 1 for a single candidate, 0.5 when several fit (the
 * closest is taken and the note says so).
 */
export function matchModel(label: string | null, parameters: number | null): { id: string; confidence: number; note: string } | null {
  if (!label || !parameters) return null;
  const arch = label.trim().split(/\s+/)[0].toLowerCase();
  const prefixes = FAMILIES[arch] ?? [arch];
  const candidates = PRESETS.filter((p) => p.kind === "llm" && prefixes.some((prefix) => p.id.startsWith(prefix)) && Math.abs(p.parameters / parameters - 1) <= 0.04).sort(
    (a, b) => Math.abs(a.parameters - parameters) - Math.abs(b.parameters - parameters),
  );
  if (candidates.length === 0) return null;
  const [best] = candidates;
  return candidates.length === 1
    ? { id: best.id, confidence: 1, note: `"${label}" (${(parameters / 1e9).toFixed(2)} B parameters) read as ${best.name}.` }
    : { id: best.id, confidence: 0.5, note: `"${label}" fits ${candidates.map((c) => c.name).join(", ")}; assumed ${best.name}. Name the model if it differs.` };
}

function predicted(e: Estimate, metric: LedgerMetricName): number | null {
  switch (metric) {
    case "decodeTokensPerSecond":
      return e.decodeTokensPerSecond;
    case "prefillTokensPerSecond":
      return e.prefillTokensPerSecond;
    case "throughputTokensPerSecond":
      return e.throughputTokensPerSecond;
    case "trainingSamplesPerSecond":
      return e.samplesPerSecond;
    case "trainingTokensPerSecond":
      return e.tokensPerSecond;
  }
}

const round = (x: number, digits = 4) => Number(x.toPrecision(digits));

/** The model's figure for the measured configuration; null when it cannot say (a Hub model, a training metric from this form). */
export function estimateFor(gpu: CatalogGpu, run: Pick<ResolvedRun, "gpuCount" | "model" | "precision" | "engine" | "metric" | "promptTokens" | "outputTokens" | "depthTokens" | "concurrency">, catalog: readonly CatalogGpu[]): number | null {
  if (!findPreset(run.model) || run.metric.startsWith("training")) return null;
  const engine = (ENGINES as readonly string[]).includes(run.engine) ? (run.engine as Engine) : undefined;
  const workload = workloadSchema.safeParse({
    task: "inference",
    model: run.model,
    precision: run.precision,
    batchSize: run.concurrency,
    promptTokens: run.metric === "prefillTokensPerSecond" || run.metric === "throughputTokensPerSecond" ? run.promptTokens : run.depthTokens,
    outputTokens: Math.max(1, run.outputTokens),
    engine,
  });
  if (!workload.success) return null;
  const value = predicted(estimate(gpu, run.gpuCount, workload.data, { catalog, explain: false }), run.metric);
  return value == null || !Number.isFinite(value) ? null : round(value);
}

function dedupeKey(run: Omit<ResolvedRun, "dedupeKey">): string {
  const key = [run.gpu, run.gpuCount, run.model, run.precision, run.engine, run.engineVersion ?? "", run.metric, run.promptTokens, run.outputTokens, run.depthTokens, run.concurrency, round(run.value, 5)].join("|");
  return createHash("sha256").update(key).digest("hex").slice(0, 40);
}

function finish(gpu: CatalogGpu, partial: Omit<ResolvedRun, "estimate" | "ratio" | "plausible" | "dedupeKey">, catalog: readonly CatalogGpu[]): ResolvedRun {
  const est = estimateFor(gpu, partial, catalog);
  const ratio = est ? round(partial.value / est, 3) : null;
  const plausible = ratio != null && ratio >= PLAUSIBLE_RATIO.min && ratio <= PLAUSIBLE_RATIO.max;
  const run = { ...partial, estimate: est, ratio, plausible };
  return { ...run, dedupeKey: dedupeKey(run) };
}

function fromForm(run: FormRun, catalog: readonly CatalogGpu[]): ResolvedRun {
  const gpu = catalog.find((g) => g.slug === run.gpu);
  if (!gpu) throw new SubmissionError(["run", "gpu"], `no catalog GPU "${run.gpu}"`);
  return finish(
    gpu,
    {
      gpu: gpu.slug,
      gpuCount: run.count,
      gpuMatch: 1,
      model: run.model,
      modelLabel: null,
      modelMatch: 1,
      precision: run.precision,
      engine: run.engine,
      engineVersion: run.engineVersion ?? null,
      metric: run.metric,
      value: run.value,
      promptTokens: run.promptTokens,
      outputTokens: run.outputTokens,
      depthTokens: 0,
      concurrency: run.concurrency,
      peakMemoryGB: run.peakMemoryGB ?? null,
      format: "form",
      sourceLine: null,
    },
    catalog,
  );
}

function fromPaste(body: NonNullable<MeasurementSubmission["paste"]>, catalog: readonly CatalogGpu[], notes: string[]): ResolvedRun[] {
  let parsed: { format: string; runs: ParsedRun[] };
  try {
    parsed = parsePaste(body.text, body.format);
  } catch (error) {
    if (error instanceof LedgerParseError) throw new SubmissionError(["paste", "text"], error.message);
    throw error;
  }
  const lines = body.text.split(/\r?\n/);
  return parsed.runs.map((run) => {
    let gpu: CatalogGpu | undefined;
    let gpuMatch = 1;
    if (body.gpu) {
      gpu = catalog.find((g) => g.slug === body.gpu);
      if (!gpu) throw new SubmissionError(["paste", "gpu"], `no catalog GPU "${body.gpu}"`);
    } else if (run.gpuName) {
      const match = matchGpu({ renderer: run.gpuName }, catalog);
      gpu = match.slug ? catalog.find((g) => g.slug === match.slug) : undefined;
      if (!gpu) throw new SubmissionError(["paste", "gpu"], `line ${run.line}: "${run.gpuName}" is not in the catalog; choose the GPU`);
      gpuMatch = match.confidence;
      if (match.confidence < 1) notes.push(match.reason);
    } else {
      throw new SubmissionError(["paste", "gpu"], "the output does not name the GPU; choose it");
    }
    let model = body.model;
    let modelMatch = 1;
    if (!model) {
      const match = matchModel(run.modelLabel, run.parameters);
      if (!match) throw new SubmissionError(["paste", "model"], `line ${run.line}: cannot tell which model "${run.modelLabel ?? "?"}" is; choose it`);
      model = match.id;
      modelMatch = match.confidence;
      if (!notes.includes(match.note)) notes.push(match.note);
    }
    const precision: Precision | undefined = run.precision ?? body.precision;
    if (!precision) throw new SubmissionError(["paste", "precision"], `line ${run.line}: the output does not say the weights' format; choose the precision`);
    return finish(
      gpu,
      {
        gpu: gpu.slug,
        gpuCount: body.count,
        gpuMatch,
        model,
        modelLabel: run.modelLabel,
        modelMatch,
        precision,
        engine: run.engine,
        engineVersion: body.engineVersion ?? run.engineVersion,
        metric: run.metric,
        value: run.value,
        promptTokens: run.promptTokens,
        outputTokens: run.outputTokens,
        depthTokens: run.depthTokens,
        concurrency: run.concurrency,
        peakMemoryGB: null,
        format: parsed.format,
        sourceLine: (lines[run.line - 1] ?? "").slice(0, 300),
      },
      catalog,
    );
  });
}

/** Parses or reads the submission, matches it to the catalog and presets and sets each run beside the model's estimate. */
export function resolveSubmission(body: MeasurementSubmission, catalog: readonly CatalogGpu[]): { runs: ResolvedRun[]; notes: string[] } {
  const notes: string[] = [];
  const runs = body.run ? [fromForm(body.run, catalog)] : fromPaste(body.paste!, catalog, notes);
  if (runs.some((r) => !r.plausible)) {
    notes.push(`Runs outside ${PLAUSIBLE_RATIO.min}×–${PLAUSIBLE_RATIO.max}× of the estimate (or with no estimate) wait for an editor with a warning.`);
  }
  return { runs, notes };
}

const clampRatio = (x: number) => Math.min(CALIBRATION_RATIO_BOUNDS.max, Math.max(CALIBRATION_RATIO_BOUNDS.min, x));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * The visitor's own runs as a calibration of their GPU (like the browser benchmark's `my=`):
 * decode measured ÷ estimated scales bandwidth, prefill scales compute; clamped like the benchmark's
 * ratios so one paste nudges the model rather than swinging it.
 */
export function calibrationFromRuns(runs: readonly ResolvedRun[]): { gpu: string; bandwidthRatio?: number; computeRatio?: number } | null {
  const single = runs.filter((r) => r.ratio != null && r.gpuCount === 1 && r.concurrency === 1);
  if (single.length === 0) return null;
  const gpu = single[0].gpu;
  const of = (metric: LedgerMetricName) => single.filter((r) => r.gpu === gpu && r.metric === metric).map((r) => r.ratio!);
  const decode = of("decodeTokensPerSecond");
  const prefill = of("prefillTokensPerSecond");
  if (decode.length === 0 && prefill.length === 0) return null;
  return {
    gpu,
    ...(decode.length ? { bandwidthRatio: round(clampRatio(median(decode)), 3) } : {}),
    ...(prefill.length ? { computeRatio: round(clampRatio(median(prefill)), 3) } : {}),
  };
}

/** A resolved run as the API shows it before anything is stored (a dry run): no id, not yet submitted. */
export function previewOf(run: ResolvedRun): MeasuredRunView {
  const view: Partial<ResolvedRun> = { ...run };
  delete view.sourceLine;
  delete view.dedupeKey;
  return { ...(view as Omit<ResolvedRun, "sourceLine" | "dedupeKey">), id: null, status: "queued", submissions: 0, createdAt: new Date().toISOString() };
}
