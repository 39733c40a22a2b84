import type { BenchmarkReport } from "./runner";

/** Messages between the page and the benchmark worker. */
export interface WorkerRunRequest {
  type: "run";
  /** Absolute URL of the gpu.js browser bundle. */
  libraryUrl: string;
  tryWebGPU: boolean;
  sizes?: number[];
}

export type WorkerMessage =
  | { type: "progress"; fraction: number; label: string }
  | { type: "result"; report: BenchmarkReport }
  /** `noGpu`: gpu.js found no GPU backend here (e.g. no WebGL on OffscreenCanvas): try the main thread. */
  | { type: "error"; message: string; noGpu: boolean };

/** Where the page serves the gpu.js browser bundle (public/vendor/, a copy of node_modules/gpu.js/dist). */
export const GPU_JS_URL = "/vendor/gpu-browser.min.js";
