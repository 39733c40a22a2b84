import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { NoGpuBackendError, randomMatrix, referenceEntry, runBenchmark, seededRandom, type GpuJsLibrary } from "@/kernels/runner";
import { matmulFlop } from "@/lib/benchmark/metrics";

// The real gpu.js browser bundle: Node has no WebGL, so it runs the same kernels on its CPU backend.
const library = createRequire(import.meta.url)("../../../node_modules/gpu.js/dist/gpu-browser.js") as GpuJsLibrary;

describe("the benchmark runner on gpu.js's CPU backend", () => {
  it("falls back to the CPU, labels it, and checks every kernel against the CPU reference", async () => {
    const stages: string[] = [];
    const report = await runBenchmark(library, {
      tryWebGPU: false,
      allowCpu: true,
      sizes: [32, 64],
      callBudgetMs: 10_000,
      streamSize: [64, 64],
      onProgress: (_, label) => stages.push(label),
    });
    expect(report.backend).toBe("cpu");
    expect(report.skippedBackends.map((s) => s.backend)).toEqual(["webgl2", "webgl"]);
    expect(report.matmul.map((r) => `${r.variant}@${r.n}`)).toEqual(["naive@32", "unroll4@32", "block4@32", "naive@64", "unroll4@64", "block4@64"]);
    for (const run of report.matmul) {
      expect(run.correct).toBe(true);
      expect(run.maxAbsError).toBeLessThan(1e-5);
      // GFLOPS = 2·N³ / seconds / 1e9.
      expect(run.gflops).toBeCloseTo(matmulFlop(run.n) / (run.medianMs / 1000) / 1e9, 9);
    }
    expect(report.matmulGflops).toBe(Math.max(...report.matmul.map((r) => r.gflops)));
    expect(report.bandwidth.map((r) => r.kernel)).toEqual(["copy (RGBA float32)", "axpy (RGBA float32)"]);
    for (const run of report.bandwidth) expect(run.correct).toBe(true);
    // axpy over 64×64 RGBA float32 texels moves 4096 × 16 × 3 = 196,608 bytes per call.
    const axpy = report.bandwidth[1];
    expect(axpy.gbps).toBeCloseTo(196_608 / (axpy.medianMs / 1000) / 1e9, 9);
    expect(report.bandwidthGBps).toBe(Math.max(...report.bandwidth.map((r) => r.gbps)));
    expect(report.sizeNote).toBe("stopped at the largest size tried (64)");
    expect(stages[0]).toBe("Choosing a backend");
    expect(stages).toContain("Matrix multiply 64×64 (block4)");
  });

  it("reports results that disagree with the reference as failures, never as a speed", async () => {
    const report = await runBenchmark(library, { tryWebGPU: false, allowCpu: true, sizes: [32], streamSize: [16, 16], tolerance: 0 });
    // fp32 sums of 32 products differ from the float64 reference by ~1e-7: with no tolerance, every variant fails.
    expect(report.matmul.every((r) => !r.correct && /wrong result/.test(r.error ?? ""))).toBe(true);
    expect(report.matmulGflops).toBeNull();
    expect(report.bestMatmul).toBeNull();
    expect(report.sizeNote).toBe("stopped at 32×32: no variant gave a correct result");
  });

  it("refuses to run without a GPU backend when the CPU fallback is not allowed", async () => {
    await expect(runBenchmark(library, { tryWebGPU: false, allowCpu: false, sizes: [32] })).rejects.toBeInstanceOf(NoGpuBackendError);
  });

  it("stops growing the matrix when the next size would blow the time budget", async () => {
    const report = await runBenchmark(library, { tryWebGPU: false, allowCpu: true, sizes: [32, 2048], callBudgetMs: 50, streamSize: [16, 16] });
    expect(report.matmul.every((r) => r.n === 32)).toBe(true);
    expect(report.sizeNote).toMatch(/^stopped at 32×32: 2048×2048 would take about \d+ ms per multiply \(budget 50 ms\)$/);
  });
});

describe("test inputs", () => {
  it("are reproducible and uniform in [-1, 1)", () => {
    expect(Array.from(randomMatrix(4, 7))).toEqual(Array.from(randomMatrix(4, 7)));
    const values = randomMatrix(64, 1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThan(1);
    const random = seededRandom(42);
    expect(random()).not.toBe(random());
  });

  it("computes the reference entry as a row-by-column dot product", () => {
    // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]]: (A·B)[1][0] = 3·5 + 4·7 = 43.
    const a = new Float32Array([1, 2, 3, 4]);
    const b = new Float32Array([5, 6, 7, 8]);
    expect(referenceEntry(a, b, 2, 1, 0)).toBe(43);
    expect(referenceEntry(a, b, 2, 0, 1)).toBe(1 * 6 + 2 * 8);
  });
});
