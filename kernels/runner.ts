import { gflops, gigabytesPerSecond, matmulFlop, median, streamedBytes } from "../lib/benchmark/metrics";
import {
  AXPY_SOURCE,
  AXPY_VEC4_SOURCE,
  COPY_VEC4_SOURCE,
  FENCE_SOURCE,
  FENCE_VEC4_SOURCE,
  MATMUL_VARIANTS,
  UPLOAD_SOURCE,
  UPLOAD_VEC4_SOURCE,
  type MatmulVariant,
} from "./sources";

/**
 * The benchmark runner: picks the fastest gpu.js backend that works, times FP32 matrix
 * multiplies (several kernel variants, growing sizes) and a streaming bandwidth kernel, and
 * checks every result against a CPU reference. It runs in a Web Worker or on the main thread;
 * gpu.js itself is handed in (the browser bundle, loaded from /vendor/).
 */

// The slice of the gpu.js browser bundle (window.GPU) that the runner uses.
type KernelClass = abstract new (...args: never[]) => unknown;
export interface GpuJsKernel {
  (...args: unknown[]): unknown;
  kernel: object;
  destroy?: (removeCanvasReferences?: boolean) => void;
}
export interface GpuJsInstance {
  createKernel(source: string, settings: Record<string, unknown>): GpuJsKernel;
  destroy(): unknown;
}
export interface GpuJsLibrary {
  GPU: {
    new (settings: { mode: string; canvas?: unknown }): GpuJsInstance;
    isWebGPUAvailable(): Promise<boolean>;
    readonly isWebGL2Supported: boolean;
    readonly isWebGLSupported: boolean;
  };
  input(values: Float32Array, size: number[]): unknown;
  WebGPUKernel: KernelClass;
  WebGL2Kernel: KernelClass;
  WebGLKernel: KernelClass;
  CPUKernel: KernelClass;
  WebAssemblyKernel?: KernelClass;
}

export type Backend = "webgpu" | "webgl2" | "webgl" | "cpu" | "webasm" | "unknown";

export interface VariantResult {
  variant: string;
  n: number;
  /** Median time of one multiply, milliseconds. */
  medianMs: number;
  gflops: number;
  maxAbsError: number;
  /** False when the result disagreed with the CPU reference: never counted as a figure. */
  correct: boolean;
  error?: string;
}

export interface BandwidthResult {
  kernel: string;
  medianMs: number;
  gbps: number;
  maxAbsError: number;
  correct: boolean;
  error?: string;
}

export interface BenchmarkReport {
  backend: Backend;
  /** Backends tried before this one, with why they were passed over. */
  skippedBackends: { backend: Backend; reason: string }[];
  matmul: VariantResult[];
  bandwidth: BandwidthResult[];
  /** Best correct matmul figure across sizes and variants, GFLOPS; null when none was correct. */
  matmulGflops: number | null;
  bestMatmul: { variant: string; n: number } | null;
  /** Best correct streaming figure, GB/s; null when none was correct. */
  bandwidthGBps: number | null;
  /** Largest error of the results that were counted (matmul and bandwidth). */
  maxAbsError: number | null;
  durationMs: number;
  /** Why the matmul sizes stopped growing. */
  sizeNote: string;
}

export interface RunOptions {
  /** Try WebGPU first (only when its adapter is a real GPU: the caller decides). */
  tryWebGPU: boolean;
  /** Fall back to the CPU backend when no GPU backend works (else throw NoGpuBackendError). */
  allowCpu: boolean;
  /** gpu.js in a worker needs an OffscreenCanvas for its WebGL context. */
  makeCanvas?: () => unknown;
  signal?: AbortSignal;
  onProgress?: (fraction: number, label: string) => void;
  /** Sizes to try, smallest first; growth stops at the first that would exceed the call budget. */
  sizes?: number[];
  /** Grow to the next size only if its predicted time per multiply stays under this (ms). */
  callBudgetMs?: number;
  /** Largest error accepted as correct for a matmul entry (inputs are uniform in [-1, 1)). */
  tolerance?: number;
  now?: () => number;
  /** Bandwidth texture size in RGBA texels [width, height]; by default 2048×1024, or 256×256 on the CPU backend. */
  streamSize?: [number, number];
  /** Yields to the event loop between runs (main-thread use keeps the page responsive). */
  yieldBetweenRuns?: boolean;
}

export class NoGpuBackendError extends Error {}
export class BenchmarkAbortedError extends Error {}

export const DEFAULT_SIZES = [256, 512, 1024, 2048];
export const DEFAULT_CALL_BUDGET_MS = 400;
/** fp32 sums of N products of values in [-1, 1) err by ~1e-5 at N = 2048; 1e-3 means "wrong". */
export const DEFAULT_TOLERANCE = 1e-3;
/** Repeated timed samples per kernel; the median is reported. */
const SAMPLES = 5;
/** A timed sample batches calls until it lasts at least this long, so the fence's latency is noise. */
const MIN_SAMPLE_MS = 20;
const MAX_CALLS_PER_SAMPLE = 64;
/** Entries of each result compared with the CPU reference. */
const CHECKED_ENTRIES = 24;
/**
 * Bandwidth textures: 2048×1024 RGBA float32 texels, 32 MiB each, so axpy's 96 MiB working set
 * is larger than the last-level caches of today's GPUs (Infinity Cache, Apple's SLC).
 */
const STREAM_WIDTH = 2048;
const STREAM_HEIGHT = 1024;

/** A small seeded generator (mulberry32), so every run multiplies the same matrices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomMatrix(n: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const values = new Float32Array(n * n);
  for (let i = 0; i < values.length; i++) values[i] = random() * 2 - 1;
  return values;
}

/** One entry of A·B computed in float64: the reference the GPU result is checked against. */
export function referenceEntry(a: Float32Array, b: Float32Array, n: number, row: number, column: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += a[row * n + k] * b[k * n + column];
  return sum;
}

/** The backend a kernel actually ran on (class names are mangled in the bundle: compare classes). */
export function backendOf(library: GpuJsLibrary, kernel: GpuJsKernel): Backend {
  const inner = kernel.kernel;
  if (inner instanceof library.WebGPUKernel) return "webgpu";
  if (inner instanceof library.WebGL2Kernel) return "webgl2";
  if (inner instanceof library.WebGLKernel) return "webgl";
  if (library.WebAssemblyKernel && inner instanceof library.WebAssemblyKernel) return "webasm";
  if (inner instanceof library.CPUKernel) return "cpu";
  return "unknown";
}

type Rows = ArrayLike<number>[];
type Rows4 = ArrayLike<ArrayLike<number>>[];

/** Reads a kernel result back: pipeline textures and WebGPU buffers have toArray(); the CPU backend returns arrays. */
async function readBack(result: unknown): Promise<unknown> {
  const value = await result;
  if (value && typeof (value as { toArray?: unknown }).toArray === "function") {
    return await (value as { toArray(): unknown }).toArray();
  }
  return value;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0].slice(0, 300) : String(error);
}

const BASE_SETTINGS = { precision: "single", tactic: "precision" } as const;

export async function runBenchmark(library: GpuJsLibrary, options: RunOptions): Promise<BenchmarkReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const progress = options.onProgress ?? (() => undefined);
  const checkAbort = () => {
    if (options.signal?.aborted) throw new BenchmarkAbortedError("cancelled");
  };
  const pause = async () => {
    checkAbort();
    if (options.yieldBetweenRuns) await new Promise((resolve) => setTimeout(resolve, 0));
    checkAbort();
  };
  const sizes = options.sizes ?? DEFAULT_SIZES;
  const budgetMs = options.callBudgetMs ?? DEFAULT_CALL_BUDGET_MS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;

  progress(0.02, "Choosing a backend");
  const { gpu, backend, skipped } = await chooseBackend(library, options);
  const kernels: GpuJsKernel[] = [];
  const make = (source: string, settings: Record<string, unknown>) => {
    const kernel = gpu.createKernel(source, { ...BASE_SETTINGS, ...settings });
    kernels.push(kernel);
    return kernel;
  };

  /** Median milliseconds per call of `call`, fenced by `fence`, after a warm-up call. */
  const time = async (call: () => unknown, fence: (result: unknown) => unknown): Promise<{ medianMs: number; last: unknown }> => {
    let last = await call();
    await readBack(fence(last));
    const t0 = now();
    last = await call();
    await readBack(fence(last));
    const estimate = Math.max(now() - t0, 0.01);
    const calls = Math.min(MAX_CALLS_PER_SAMPLE, Math.max(1, Math.ceil(MIN_SAMPLE_MS / estimate)));
    const perCall: number[] = [];
    const samples = estimate > budgetMs ? 3 : SAMPLES;
    for (let s = 0; s < samples; s++) {
      await pause();
      const start = now();
      for (let c = 0; c < calls; c++) last = await call();
      await readBack(fence(last));
      perCall.push((now() - start) / calls);
    }
    return { medianMs: median(perCall), last };
  };

  const matmul: VariantResult[] = [];
  let sizeNote = `stopped at the largest size tried (${sizes[sizes.length - 1]})`;
  try {
    for (let index = 0; index < sizes.length; index++) {
      const n = sizes[index];
      const a = randomMatrix(n, 1 + n);
      const b = randomMatrix(n, 2 + n);
      const upload = make(UPLOAD_SOURCE, { output: [n, n], pipeline: true, immutable: true });
      const textureA = await upload(library.input(a, [n, n]));
      const textureB = await upload(library.input(b, [n, n]));
      const fence = make(FENCE_SOURCE, { output: [1] });
      const fence4 = make(FENCE_VEC4_SOURCE, { output: [1] });
      const variants = MATMUL_VARIANTS.filter((v) => n % (v.columnsPerThread * 4) === 0);
      for (let v = 0; v < variants.length; v++) {
        const variant = variants[v];
        progress(0.08 + 0.62 * ((index + v / variants.length) / sizes.length), `Matrix multiply ${n}×${n} (${variant.name})`);
        await pause();
        matmul.push(await timeMatmul(variant, n, a, b, textureA, textureB, variant.columnsPerThread === 4 ? fence4 : fence));
      }
      const best = Math.min(...matmul.filter((r) => r.n === n && r.correct).map((r) => r.medianMs));
      const next = sizes[index + 1];
      if (!Number.isFinite(best)) {
        sizeNote = `stopped at ${n}×${n}: no variant gave a correct result`;
        break;
      }
      if (next !== undefined) {
        const predicted = best * (next / n) ** 3;
        if (predicted > budgetMs) {
          sizeNote = `stopped at ${n}×${n}: ${next}×${next} would take about ${Math.round(predicted)} ms per multiply (budget ${budgetMs} ms)`;
          break;
        }
      }
    }

    progress(0.72, "Memory bandwidth");
    await pause();
    const bandwidth = await timeBandwidth();
    progress(0.98, "Checking results");

    const counted = matmul.filter((r) => r.correct);
    const bestRun = counted.reduce<VariantResult | null>((best, r) => (best === null || r.gflops > best.gflops ? r : best), null);
    const countedBandwidth = bandwidth.filter((r) => r.correct);
    const errors = [...counted.map((r) => r.maxAbsError), ...countedBandwidth.map((r) => r.maxAbsError)];
    return {
      backend,
      skippedBackends: skipped,
      matmul,
      bandwidth,
      matmulGflops: bestRun ? bestRun.gflops : null,
      bestMatmul: bestRun ? { variant: bestRun.variant, n: bestRun.n } : null,
      bandwidthGBps: countedBandwidth.length ? Math.max(...countedBandwidth.map((r) => r.gbps)) : null,
      maxAbsError: errors.length ? Math.max(...errors) : null,
      durationMs: now() - started,
      sizeNote,
    };
  } finally {
    for (const kernel of kernels) {
      try {
        kernel.destroy?.();
      } catch {
        // a kernel that failed to compile has nothing to free
      }
    }
    try {
      gpu.destroy();
    } catch {
      // best effort: the worker or page is about to drop it anyway
    }
  }

  async function timeMatmul(
    variant: MatmulVariant,
    n: number,
    a: Float32Array,
    b: Float32Array,
    textureA: unknown,
    textureB: unknown,
    fence: GpuJsKernel,
  ): Promise<VariantResult> {
    const settings: Record<string, unknown> = { output: [n / variant.columnsPerThread, n], pipeline: true, constants: { n }, loopMaxIterations: n };
    if (variant.columnsPerThread === 4) settings.returnType = "Array(4)";
    try {
      const kernel = make(variant.source, settings);
      const { medianMs, last } = await time(() => kernel(textureA, textureB), (c) => fence(c));
      const rows = await readBack(last);
      const random = seededRandom(n * 7 + variant.name.length);
      let maxAbsError = 0;
      for (let s = 0; s < CHECKED_ENTRIES; s++) {
        const row = Math.floor(random() * n);
        const column = Math.floor(random() * n);
        const got =
          variant.columnsPerThread === 4 ? (rows as Rows4)[row][column >> 2][column & 3] : (rows as Rows)[row][column];
        const error = Math.abs(got - referenceEntry(a, b, n, row, column));
        maxAbsError = Number.isNaN(error) ? Infinity : Math.max(maxAbsError, error);
      }
      const correct = maxAbsError <= tolerance;
      return {
        variant: variant.name,
        n,
        medianMs,
        gflops: gflops(matmulFlop(n), medianMs / 1000),
        maxAbsError,
        correct,
        ...(correct ? {} : { error: `wrong result: max error ${maxAbsError.toExponential(2)} > ${tolerance}` }),
      };
    } catch (error) {
      if (error instanceof BenchmarkAbortedError) throw error;
      return { variant: variant.name, n, medianMs: NaN, gflops: 0, maxAbsError: NaN, correct: false, error: errorText(error) };
    }
  }

  async function timeBandwidth(): Promise<BandwidthResult[]> {
    // The CPU fallback streams a small texture: it would take seconds per call at full size.
    const [width, height] = options.streamSize ?? (backend === "cpu" ? [256, 256] : [STREAM_WIDTH, STREAM_HEIGHT]);
    const texels = width * height;
    const random = seededRandom(99);
    const x = new Float32Array(texels * 4).map(() => random() * 2 - 1);
    const y = new Float32Array(texels * 4).map(() => random() * 2 - 1);
    const results: BandwidthResult[] = [];
    const check = (got: (i: number) => number, expected: (i: number) => number) => {
      const pick = seededRandom(5);
      let worst = 0;
      for (let s = 0; s < CHECKED_ENTRIES; s++) {
        const i = Math.floor(pick() * texels * 4);
        const error = Math.abs(got(i) - expected(i));
        worst = Number.isNaN(error) ? Infinity : Math.max(worst, error);
      }
      return worst;
    };
    const finish = (kernel: string, medianMs: number, bytes: number, maxAbsError: number): BandwidthResult => {
      const correct = maxAbsError <= 1e-5;
      return {
        kernel,
        medianMs,
        gbps: gigabytesPerSecond(bytes, medianMs / 1000),
        maxAbsError,
        correct,
        ...(correct ? {} : { error: `wrong result: max error ${maxAbsError.toExponential(2)}` }),
      };
    };
    try {
      const upload = make(UPLOAD_VEC4_SOURCE, { output: [width, height], pipeline: true, immutable: true, returnType: "Array(4)" });
      const textureX = await upload(library.input(x, [width * 4, height]));
      const textureY = await upload(library.input(y, [width * 4, height]));
      const fence = make(FENCE_VEC4_SOURCE, { output: [1] });
      const at = (rows: unknown) => (i: number) => (rows as Rows4)[Math.floor(i / 4 / width)][Math.floor(i / 4) % width][i % 4];

      const copy = make(COPY_VEC4_SOURCE, { output: [width, height], pipeline: true, returnType: "Array(4)" });
      const copied = await time(() => copy(textureX), (c) => fence(c));
      results.push(finish("copy (RGBA float32)", copied.medianMs, streamedBytes(texels, 16, 1, 1), check(at(await readBack(copied.last)), (i) => x[i])));
      await pause();
      progress(0.85, "Memory bandwidth (axpy)");
      const axpy = make(AXPY_VEC4_SOURCE, { output: [width, height], pipeline: true, returnType: "Array(4)" });
      const summed = await time(() => axpy(textureX, textureY), (c) => fence(c));
      results.push(finish("axpy (RGBA float32)", summed.medianMs, streamedBytes(texels, 16, 2, 1), check(at(await readBack(summed.last)), (i) => 2 * x[i] + y[i])));
    } catch (error) {
      if (error instanceof BenchmarkAbortedError) throw error;
      // Backends without RGBA results: one float per element, 12 useful bytes per element.
      results.push({ kernel: "axpy (RGBA float32)", medianMs: NaN, gbps: 0, maxAbsError: NaN, correct: false, error: errorText(error) });
      try {
        const n = 2 * Math.floor(Math.sqrt(texels));
        const sx = x.subarray(0, n * n);
        const sy = y.subarray(0, n * n);
        const upload = make(UPLOAD_SOURCE, { output: [n, n], pipeline: true, immutable: true });
        const textureX = await upload(library.input(sx, [n, n]));
        const textureY = await upload(library.input(sy, [n, n]));
        const fence = make(FENCE_SOURCE, { output: [1] });
        const axpy = make(AXPY_SOURCE, { output: [n, n], pipeline: true });
        const summed = await time(() => axpy(textureX, textureY), (c) => fence(c));
        const rows = (await readBack(summed.last)) as Rows;
        results.push(finish("axpy (scalar float32)", summed.medianMs, streamedBytes(n * n, 4, 2, 1), check((i) => rows[Math.floor(i / n)][i % n], (i) => 2 * sx[i] + sy[i])));
      } catch (inner) {
        if (inner instanceof BenchmarkAbortedError) throw inner;
        results.push({ kernel: "axpy (scalar float32)", medianMs: NaN, gbps: 0, maxAbsError: NaN, correct: false, error: errorText(inner) });
      }
    }
    return results;
  }
}

/**
 * Tries the backends fastest first (WebGPU when allowed, WebGL2, WebGL, then CPU when allowed):
 * each must compile and correctly run a 64×64 multiply before it is used.
 */
async function chooseBackend(
  library: GpuJsLibrary,
  options: RunOptions,
): Promise<{ gpu: GpuJsInstance; backend: Backend; skipped: { backend: Backend; reason: string }[] }> {
  const skipped: { backend: Backend; reason: string }[] = [];
  const candidates: Backend[] = [];
  if (options.tryWebGPU) {
    const available = await library.GPU.isWebGPUAvailable().catch(() => false);
    if (available) candidates.push("webgpu");
    else skipped.push({ backend: "webgpu", reason: "no WebGPU adapter" });
  }
  candidates.push("webgl2", "webgl");
  if (options.allowCpu) candidates.push("cpu");
  const n = 64;
  const a = randomMatrix(n, 3);
  const b = randomMatrix(n, 4);
  for (const mode of candidates) {
    if (options.signal?.aborted) throw new BenchmarkAbortedError("cancelled");
    let gpu: GpuJsInstance | null = null;
    try {
      const canvas = mode === "webgl2" || mode === "webgl" ? options.makeCanvas?.() : undefined;
      gpu = new library.GPU(canvas ? { mode, canvas } : { mode });
      const kernel = gpu.createKernel(MATMUL_VARIANTS[0].source, { ...BASE_SETTINGS, output: [n, n], constants: { n }, loopMaxIterations: n });
      const rows = (await readBack(kernel(library.input(a, [n, n]), library.input(b, [n, n])))) as Rows;
      const ran = backendOf(library, kernel);
      const error = Math.abs(rows[5][9] - referenceEntry(a, b, n, 5, 9));
      kernel.destroy?.();
      if (ran !== mode) throw new Error(`gpu.js ran it on ${ran}`);
      if (!(error <= DEFAULT_TOLERANCE)) throw new Error(`wrong result (error ${error})`);
      return { gpu, backend: mode, skipped };
    } catch (error) {
      skipped.push({ backend: mode, reason: errorText(error) });
      try {
        gpu?.destroy();
      } catch {
        // nothing to free
      }
    }
  }
  throw new NoGpuBackendError(`no usable backend: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join("; ")}`);
}
