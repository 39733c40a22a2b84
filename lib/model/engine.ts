import type { CatalogGpu } from "../catalog/types";
import type { ResolvedWorkload } from "../workload/resolve";
import type { Engine, LlamaCppBackend } from "../workload/schema";
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

/** Each vendor's own llama.cpp backend. */
const NATIVE_BACKEND: Record<Hardware["vendor"], LlamaCppBackend> = { nvidia: "cuda", amd: "rocm", apple: "metal", intel: "sycl" };

/**
 * The llama.cpp backend an estimate uses: the one asked for where the GPU can run it (Vulkan on
 * any but Apple; CUDA, ROCm, Metal and SYCL on their vendor's GPUs only), else the vendor's own,
 * with a note saying so.
 */
export function llamaCppBackend(workload: ResolvedWorkload, hw: Hardware): { backend: LlamaCppBackend; note: string | null } {
  const native = NATIVE_BACKEND[hw.vendor];
  const asked = workload.backend;
  if (!asked || asked === native) return { backend: native, note: null };
  if (asked === "vulkan" && hw.vendor !== "apple") return { backend: "vulkan", note: null };
  return { backend: native, note: `llama.cpp's ${BACKEND_LABEL[asked]} backend does not run on ${hw.name}; estimated with its ${BACKEND_LABEL[native]} backend.` };
}

export const BACKEND_LABEL: Record<LlamaCppBackend, string> = { cuda: "CUDA", rocm: "ROCm (HIP)", vulkan: "Vulkan", metal: "Metal", sycl: "SYCL" };
