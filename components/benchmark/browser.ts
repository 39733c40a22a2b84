import type { GpuIdentity, WebGpuAdapterInfo } from "@/lib/benchmark/identify";
import { GPU_JS_URL, type WorkerMessage, type WorkerRunRequest } from "@/kernels/protocol";
import { BenchmarkAbortedError, NoGpuBackendError, runBenchmark, type BenchmarkReport, type GpuJsLibrary } from "@/kernels/runner";

/** Browser-only helpers for the benchmark page: reading the GPU's name and running the kernels. */

interface GpuAdapterLike {
  info?: WebGpuAdapterInfo;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<WebGpuAdapterInfo>;
}
type NavigatorWithGpu = Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } };

export interface BrowserIdentity extends GpuIdentity {
  /** A WebGPU adapter answered and it is not a fallback (software) adapter. */
  hardwareWebGPU: boolean;
}

/** Reads WebGL's unmasked renderer and vendor, and WebGPU's adapter info where present. */
export async function readIdentity(): Promise<BrowserIdentity> {
  let renderer: string | null = null;
  let vendor: string | null = null;
  const canvas = document.createElement("canvas");
  const gl = (canvas.getContext("webgl2") ?? canvas.getContext("webgl")) as WebGLRenderingContext | null;
  if (gl) {
    const debug = gl.getExtension("WEBGL_debug_renderer_info");
    renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? "") || null;
    vendor = String(gl.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR) ?? "") || null;
    gl.getExtension("WEBGL_lose_context")?.loseContext();
  }
  let webgpu: WebGpuAdapterInfo | null = null;
  const gpu = (navigator as NavigatorWithGpu).gpu;
  if (gpu) {
    try {
      const adapter = await gpu.requestAdapter();
      if (adapter) {
        const info = adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
        webgpu = {
          vendor: info.vendor,
          architecture: info.architecture,
          device: info.device,
          description: info.description,
          isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
        };
      }
    } catch {
      webgpu = null;
    }
  }
  return { renderer, vendor, webgpu, hardwareWebGPU: webgpu !== null && !webgpu.isFallbackAdapter };
}

export interface RunHandle {
  result: Promise<{ report: BenchmarkReport; thread: "worker" | "main" }>;
  cancel(): void;
}

// The gpu.js bundle sets globalThis.GPU to its namespace. Browsers with WebGPU already have a
// global named GPU (the WebGPU interface), so look for gpu.js's constructor inside it.
const loadedGpuJs = (): GpuJsLibrary | null => {
  const candidate = (globalThis as { GPU?: Partial<GpuJsLibrary> }).GPU;
  return candidate && typeof candidate.GPU === "function" ? (candidate as GpuJsLibrary) : null;
};

function loadGpuJs(): Promise<GpuJsLibrary> {
  const ready = loadedGpuJs();
  if (ready) return Promise.resolve(ready);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = GPU_JS_URL;
    script.async = true;
    script.onload = () => {
      const library = loadedGpuJs();
      if (library) resolve(library);
      else reject(new Error("gpu.js loaded but did not define GPU"));
    };
    script.onerror = () => reject(new Error(`could not load ${GPU_JS_URL}`));
    document.head.appendChild(script);
  });
}

/**
 * Runs the benchmark in a Web Worker (OffscreenCanvas gives gpu.js a WebGL context there), and on
 * the main thread, yielding between runs, where a worker cannot reach a GPU backend.
 */
export function startRun(options: { tryWebGPU: boolean; onProgress: (fraction: number, label: string) => void }): RunHandle {
  const controller = new AbortController();
  let worker: Worker | null = null;
  let rejectWorker: ((error: Error) => void) | null = null;

  const onMainThread = async () => {
    const library = await loadGpuJs();
    const report = await runBenchmark(library, {
      tryWebGPU: options.tryWebGPU,
      allowCpu: true,
      signal: controller.signal,
      yieldBetweenRuns: true,
      onProgress: options.onProgress,
    });
    return { report, thread: "main" as const };
  };

  const inWorker = () =>
    new Promise<{ report: BenchmarkReport; thread: "worker" }>((resolve, reject) => {
      rejectWorker = reject;
      worker = new Worker(new URL("../../kernels/worker.ts", import.meta.url));
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
        const message = event.data;
        if (message.type === "progress") options.onProgress(message.fraction, message.label);
        else if (message.type === "result") resolve({ report: message.report, thread: "worker" });
        else reject(message.noGpu ? new NoGpuBackendError(message.message) : new Error(message.message));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new NoGpuBackendError(event.message || "the benchmark worker failed to start"));
      };
      const request: WorkerRunRequest = { type: "run", libraryUrl: new URL(GPU_JS_URL, location.href).href, tryWebGPU: options.tryWebGPU };
      worker.postMessage(request);
    });

  const result = (async () => {
    const workerUsable = typeof Worker !== "undefined" && typeof OffscreenCanvas !== "undefined";
    try {
      if (!workerUsable) return await onMainThread();
      try {
        return await inWorker();
      } catch (error) {
        if (!(error instanceof NoGpuBackendError) || controller.signal.aborted) throw error;
        options.onProgress(0.02, "Retrying on the page (no GPU in the worker)");
        return await onMainThread();
      }
    } finally {
      (worker as Worker | null)?.terminate();
    }
  })();

  return {
    result,
    cancel() {
      controller.abort();
      (worker as Worker | null)?.terminate();
      rejectWorker?.(new BenchmarkAbortedError("cancelled"));
    },
  };
}
