import { describe, expect, it } from "vitest";
import { aggregateRuns, type RunForAggregate } from "@/lib/benchmark/aggregate";

const run = (clientHash: string, matmulGflops: number, bandwidthGBps: number | null = null): RunForAggregate => ({ clientHash, matmulGflops, bandwidthGBps });

describe("community aggregation", () => {
  it("takes each client's median first, then the median and IQR across clients (worked example)", () => {
    const summary = aggregateRuns([
      // Client a: GFLOPS median of 100, 110, 1000 is 110 (the outlier is ignored); GB/s median of 50, 52 is 51.
      run("a", 100, 50),
      run("a", 110, 52),
      run("a", 1000, null),
      run("b", 200, 80),
      // Client c: (150 + 170) / 2 = 160 GFLOPS, no bandwidth.
      run("c", 150),
      run("c", 170),
      run("d", 90, 40),
    ]);
    expect(summary.runs).toBe(7);
    expect(summary.clients).toBe(4);
    // Per-client GFLOPS sorted: 90, 110, 160, 200. Median (110 + 160) / 2 = 135.
    // Q1 at position 0.75: 90 + 0.75·20 = 105. Q3 at position 2.25: 160 + 0.25·40 = 170.
    expect(summary.gflops).toEqual({ median: 135, q1: 105, q3: 170, iqr: 65, clients: 4 });
    // Per-client GB/s: 40, 51, 80 (client c has none). Q1 = 40 + 0.5·11 = 45.5, Q3 = 51 + 0.5·29 = 65.5.
    expect(summary.bandwidthGBps).toEqual({ median: 51, q1: 45.5, q3: 65.5, iqr: 20, clients: 3 });
    expect(summary.perClient).toEqual([
      { gflops: 90, bandwidthGBps: 40 },
      { gflops: 110, bandwidthGBps: 51 },
      { gflops: 160, bandwidthGBps: null },
      { gflops: 200, bandwidthGBps: 80 },
    ]);
  });

  it("gives a client who submits fifty times one voice", () => {
    const spam = Array.from({ length: 50 }, () => run("spammer", 5000, 5000));
    const summary = aggregateRuns([run("x", 100), run("y", 120), run("z", 140), ...spam]);
    // Per-client: 100, 120, 140, 5000 → median (120 + 140) / 2 = 130, not 5000.
    expect(summary.gflops?.median).toBe(130);
    expect(summary.clients).toBe(4);
    expect(summary.runs).toBe(53);
  });

  it("has no figures without runs", () => {
    expect(aggregateRuns([])).toEqual({ runs: 0, clients: 0, gflops: null, bandwidthGBps: null, perClient: [] });
  });
});
