import type { Catalog, CatalogGpu } from "../catalog/types";
import { estimate, minimumGpus, type Estimate } from "../model/estimate";
import { resolveWorkload, type ResolvedWorkload } from "../workload/resolve";
import type { Workload } from "../workload/schema";

/**
 * One GPU's answer to one workload, as /compare and the GPU pages show it: how many it takes,
 * how fast, what it costs, how long a context fits. Every figure comes from estimate().
 */
export interface WorkloadFigures {
  gpu: string;
  gpuName: string;
  /** GPUs of this kind the workload needs (null: no practical number fits it). */
  count: number | null;
  fits: boolean;
  perGpuGB: number | null;
  capacityGB: number;
  /** Inference: decode tokens/s per user (samples/s for vision models). Training: null (see hours). */
  speed: number | null;
  speedUnit: "tokens/s" | "samples/s" | null;
  /** Training and fine-tuning: hours for the whole run. */
  hours: number | null;
  /** Inference: USD per million output tokens (or samples) renting; training: USD per run renting. */
  costUsd: number | null;
  costUnit: "per M tokens" | "per run";
  /** Longest context (prompt + output tokens) that fits, when the model reports it. */
  maxContextTokens: number | null;
  precision: string;
  estimate: Estimate | null;
}

/** The longest context that fits, when estimate() reports one (older estimates leave it out). */
export function maxContextOf(e: Estimate): number | null {
  const value = (e as Estimate & { maxContextTokens?: number | null }).maxContextTokens;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** `workload` on the fewest `gpu` that hold it (one when it fits on one), figures only. */
export function workloadFigures(catalog: Catalog, gpu: CatalogGpu, workload: Workload | ResolvedWorkload): WorkloadFigures {
  const resolved = isResolved(workload) ? workload : resolveWorkload(workload);
  const count = minimumGpus(gpu, resolved, catalog.gpus);
  const e = count == null ? null : estimate(gpu, count, resolved, { catalog: catalog.gpus, cloudOffers: catalog.cloudOffers, explain: false });
  const inference = resolved.task === "inference";
  const samples = e?.samplesPerSecond != null && inference && e.decodeTokensPerSecond == null;
  return {
    gpu: gpu.slug,
    gpuName: gpu.name,
    count,
    fits: e?.fits ?? false,
    perGpuGB: e?.memory.perGpuGB ?? null,
    capacityGB: e?.memory.capacityGB ?? gpu.memoryGB,
    speed: !e || !inference ? null : samples ? e.samplesPerSecond : e.decodeTokensPerSecond,
    speedUnit: !inference ? null : samples ? "samples/s" : "tokens/s",
    hours: e && !inference ? e.hours : null,
    costUsd: !e ? null : inference ? e.costPerMillionOutputTokensUsd : e.costUsd,
    costUnit: inference ? "per M tokens" : "per run",
    maxContextTokens: e ? maxContextOf(e) : null,
    precision: resolved.precision,
    estimate: e,
  };
}

function isResolved(workload: Workload | ResolvedWorkload): workload is ResolvedWorkload {
  return typeof workload.model === "object" && "activeParameters" in workload.model && "assumptions" in workload.model;
}
