import type { CatalogGpu } from "../catalog/types";
import type { ResolvedWorkload } from "../workload/resolve";
import type { Engine } from "../workload/schema";
import { hardwareFor, type Hardware } from "./hardware";
import { isGguf } from "./precision";

/** The engine people would use on this GPU when none is named. */
export function defaultEngine(workload: ResolvedWorkload, hw: Hardware): Engine {
  if (workload.engine) return workload.engine;
  if (workload.task !== "inference" || workload.model.flopsPerSample != null) return "pytorch";
  if (isGguf(workload.precision)) return "llama.cpp";
  if (hw.vendor === "apple") return workload.precision === "int4" ? "mlx" : "llama.cpp";
  if (hw.vendor === "intel") return "pytorch";
  return "vllm";
}

/** How inference spreads over several GPUs: llama.cpp and MLX split layers (pipeline), servers split tensors. */
export function inferenceSplit(workload: ResolvedWorkload, engine: Engine): "tensor" | "pipeline" {
  return workload.parallelism ?? (engine === "llama.cpp" || engine === "mlx" ? "pipeline" : "tensor");
}

/** The engine that would run `workload` on `gpu` (the user's, or the usual one for that hardware). */
export function engineFor(gpu: CatalogGpu, workload: ResolvedWorkload, catalog: readonly CatalogGpu[] = []): Engine {
  return defaultEngine(workload, hardwareFor(gpu, catalog));
}
