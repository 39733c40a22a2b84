import type { CatalogGpu } from "../catalog/types";
import { estimate, type Estimate } from "../model/estimate";
import type { Workload } from "../workload/schema";

/** The live memory preview of the questionnaire: what the workload needs, on one representative GPU. */
export interface MemoryPreview {
  /** The GPU the breakdown was computed for. */
  gpu: CatalogGpu;
  estimate: Estimate;
  /** The smallest single GPU (by memory) that holds the workload, or null when none does. */
  smallestFit: CatalogGpu | null;
  /** When none fits alone: the fewest of the largest GPU that do. */
  largest: { gpu: CatalogGpu; count: number | null } | null;
}

export const MEMORY_PARTS = [
  { key: "weightsGB", label: "Weights", color: "#0b5fff" },
  { key: "kvCacheGB", label: "KV cache", color: "#e8590c" },
  { key: "activationsGB", label: "Activations", color: "#2b8a3e" },
  { key: "gradientsGB", label: "Gradients", color: "#9c36b5" },
  { key: "optimizerGB", label: "Optimizer state", color: "#c92a2a" },
  { key: "overheadGB", label: "Runtime overhead", color: "#6b7280" },
] as const;

/**
 * Runs estimate() at one GPU on every catalog GPU (honouring a vendor filter) and keeps the
 * smallest that fits; when none does, the largest multi-GPU card and how many it takes.
 */
export function memoryPreview(gpus: readonly CatalogGpu[], workload: Workload, vendors: readonly string[] = []): MemoryPreview | null {
  const pool = gpus.filter((g) => !g.retired && (vendors.length === 0 || vendors.includes(g.vendor)));
  if (pool.length === 0) return null;
  const fits: { gpu: CatalogGpu; e: Estimate }[] = [];
  for (const gpu of pool) {
    const e = estimate(gpu, 1, workload, { catalog: gpus });
    if (e.fits) fits.push({ gpu, e });
  }
  if (fits.length > 0) {
    fits.sort((a, b) => a.gpu.memoryGB - b.gpu.memoryGB || (a.gpu.launchPriceUsd ?? Infinity) - (b.gpu.launchPriceUsd ?? Infinity));
    return { gpu: fits[0].gpu, estimate: fits[0].e, smallestFit: fits[0].gpu, largest: null };
  }
  const multi = pool.filter((g) => g.segment !== "apple-silicon" && g.formFactor !== "soc");
  const biggest = [...(multi.length ? multi : pool)].sort((a, b) => b.memoryGB - a.memoryGB)[0];
  const e = estimate(biggest, 1, workload, { catalog: gpus });
  return { gpu: biggest, estimate: e, smallestFit: null, largest: { gpu: biggest, count: e.minGpusToFit } };
}

/** The catalog as the browser preview needs it: active GPUs without sources and notes (smaller page). */
export function previewGpus(gpus: readonly CatalogGpu[]): CatalogGpu[] {
  return gpus.filter((g) => !g.retired).map((g) => ({ ...g, sources: {}, notes: null }));
}
