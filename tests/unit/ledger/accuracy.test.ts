import { describe, expect, it } from "vitest";
import { accuracyReport } from "@/lib/ledger/accuracy";
import type { MeasuredRunView } from "@/lib/ledger/schema";
import { estimate } from "@/lib/model/estimate";
import type { Measurement } from "@/lib/model/validation";
import { workloadSchema } from "@/lib/workload/schema";
import { RTX_4090 } from "../model/fixtures";

const catalog = [RTX_4090];
const workload = workloadSchema.parse({ model: "llama-3.1-8b", precision: "q4_k_m", promptTokens: 0, outputTokens: 128, engine: "llama.cpp" });
const modelDecode = estimate(RTX_4090, 1, workload, { catalog, explain: false }).decodeTokensPerSecond!;

/** A published decode measurement at `factor` × the model's estimate: its error is 1/factor − 1 by construction. */
const published = (id: string, factor: number): Measurement => ({ id, gpu: "rtx-4090", count: 1, metric: "decodeTokensPerSecond", value: modelDecode * factor, workload, sourceUrl: `https://example.org/${id}` });

const ledgerRun = (value: number): MeasuredRunView => ({
  id: 1, status: "accepted", gpu: "rtx-4090", gpuCount: 1, gpuMatch: 1, model: "llama-3.1-8b", modelLabel: null, modelMatch: 1, precision: "q4_k_m", engine: "llama.cpp", engineVersion: null,
  metric: "decodeTokensPerSecond", value, promptTokens: 0, outputTokens: 128, depthTokens: 0, concurrency: 1, peakMemoryGB: null, estimate: null, ratio: null, plausible: true, format: "form", submissions: 1, createdAt: "2026-11-30T00:00:00Z",
});

describe("the live accuracy report", () => {
  it("summarises |estimate ÷ measured − 1| per metric with median, p90 and range coverage", () => {
    // Measured at 1×, 1.25× and 2× the estimate: errors 0, 0.2 and 0.5.
    const report = accuracyReport(catalog, [published("a", 1), published("b", 1.25), published("c", 2)], []);
    expect(report.cases).toBe(3);
    expect(report.byMetric.decode).toMatchObject({ n: 3, medianError: 0.2, p90Error: 0.5 });
    // The exact estimate lies inside its own range; one twice as fast as estimated does not unless the band exceeds 50%.
    // (The report rounds coverage to three decimals: one of three is 0.333.)
    expect(report.byMetric.decode.coverage).toBeGreaterThanOrEqual(0.333);
    expect(report.worst[0]).toMatchObject({ source: "published", url: "https://example.org/c" });
    expect(report.worst[0].error).toBeCloseTo(-0.5, 6);
  });

  it("scores accepted ledger runs as their own source group, per vendor and engine", () => {
    const report = accuracyReport(catalog, [published("a", 1)], [ledgerRun(modelDecode / 1.1)]);
    expect(report.bySourceMetric["published · decode"].n).toBe(1);
    expect(report.bySourceMetric["ledger · decode"]).toMatchObject({ n: 1 });
    expect(report.bySourceMetric["ledger · decode"].medianError).toBeCloseTo(0.1, 3);
    expect(report.byVendor["decode · nvidia"].n).toBe(2);
    expect(report.byEngine["decode · llama.cpp"].n).toBe(2);
  });

  it("skips what it cannot estimate (a GPU not in the catalog, a Hub model)", () => {
    const report = accuracyReport(catalog, [{ ...published("x", 1), gpu: "no-such-gpu" }], [{ ...ledgerRun(100), model: "org/unknown" }]);
    expect(report.cases).toBe(0);
  });
});
