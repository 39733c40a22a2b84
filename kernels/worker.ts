import type { WorkerMessage, WorkerRunRequest } from "./protocol";
import { NoGpuBackendError, runBenchmark, type GpuJsLibrary } from "./runner";

// The benchmark in a Web Worker: the page stays responsive while kernels run. The bundler emits
// this as a classic worker, so importScripts loads the gpu.js UMD bundle (it sets self.GPU).
interface WorkerScope {
  GPU?: GpuJsLibrary;
  importScripts(...urls: string[]): void;
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: MessageEvent<WorkerRunRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;
const post = (message: WorkerMessage) => scope.postMessage(message);

scope.onmessage = async (event: MessageEvent<WorkerRunRequest>) => {
  const request = event.data;
  if (request?.type !== "run") return;
  try {
    // Workers with WebGPU already have a global GPU (the WebGPU interface): test for gpu.js's own.
    if (typeof scope.GPU?.GPU !== "function") scope.importScripts(request.libraryUrl);
    const library = scope.GPU;
    if (typeof library?.GPU !== "function") throw new NoGpuBackendError("gpu.js did not load in the worker");
    const report = await runBenchmark(library, {
      tryWebGPU: request.tryWebGPU,
      allowCpu: false,
      sizes: request.sizes,
      makeCanvas: typeof OffscreenCanvas === "undefined" ? undefined : () => new OffscreenCanvas(1, 1),
      onProgress: (fraction, label) => post({ type: "progress", fraction, label }),
    });
    post({ type: "result", report });
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error), noGpu: error instanceof NoGpuBackendError });
  }
};
