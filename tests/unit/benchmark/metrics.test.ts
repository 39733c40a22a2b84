import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { fractionOfPeak, gflops, gigabytesPerSecond, matmulFlop, median, quantile, streamedBytes } from "@/lib/benchmark/metrics";

describe("benchmark arithmetic", () => {
  it("counts 2·N³ FLOP per N×N multiply", () => {
    expect(matmulFlop(256)).toBe(33_554_432);
    expect(matmulFlop(2048)).toBe(17_179_869_184);
  });

  it("turns a 256² multiply in 100 ms into 0.3355 GFLOPS and a 2048² one in 17.18 ms into 1000 GFLOPS", () => {
    expect(gflops(33_554_432, 0.1)).toBeCloseTo(0.33554432, 12);
    expect(gflops(17_179_869_184, 0.017179869184)).toBeCloseTo(1000, 9);
    expect(() => gflops(1, 0)).toThrow(RangeError);
  });

  it("counts streamed bytes: axpy over 2048×1024 RGBA float32 texels moves 96 MiB", () => {
    expect(streamedBytes(2048 * 1024, 16, 2, 1)).toBe(100_663_296);
    expect(streamedBytes(2048 * 1024, 16, 1, 1)).toBe(67_108_864);
    // … and 100,663,296 bytes in 40 ms is 2.517 GB/s (10⁹ bytes, not GiB).
    expect(gigabytesPerSecond(100_663_296, 0.04)).toBeCloseTo(2.5165824, 12);
    expect(() => gigabytesPerSecond(1, -1)).toThrow(RangeError);
  });

  it("takes medians and type-7 quantiles", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantile([10], 0.25)).toBe(10);
    expect(() => median([])).toThrow(RangeError);
  });

  it("expresses a measurement as a fraction of a peak, or null without one", () => {
    expect(fractionOfPeak(500, 1000)).toBe(0.5);
    expect(fractionOfPeak(null, 1000)).toBeNull();
    expect(fractionOfPeak(500, null)).toBeNull();
    expect(fractionOfPeak(500, 0)).toBeNull();
  });
});

describe("the served gpu.js bundle", () => {
  it("is the installed gpu.js 2.24.1 browser bundle, byte for byte", () => {
    const served = fs.readFileSync("public/vendor/gpu-browser.min.js");
    const installed = fs.readFileSync("node_modules/gpu.js/dist/gpu-browser.min.js");
    expect(served.equals(installed)).toBe(true);
    expect(JSON.parse(fs.readFileSync("node_modules/gpu.js/package.json", "utf8")).version).toBe("2.24.1");
  });
});
