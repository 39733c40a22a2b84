import { describe, expect, it } from "vitest";
import { costSpeedPoints, groupPicks, maxContextLabel, tableRows } from "@/lib/advisor/results";
import { seedToCatalogGpu } from "@/lib/catalog/queries";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import { estimate } from "@/lib/model/estimate";
import { recommend, type RankedConfig, type Recommendation } from "@/lib/model/recommend";
import { workloadSchema } from "@/lib/workload/schema";

const config = (gpuName: string, cost: number | null, speed: number | null): RankedConfig =>
  ({ rank: 0, estimate: { gpu: gpuName.toLowerCase(), gpuName, count: 1 }, speed, speedLabel: "", cost, costKind: "purchase", costLabel: "", energy: null, pareto: false, meetsTarget: true }) as unknown as RankedConfig;

describe("results shaping", () => {
  it("draws the frontier: nothing else both cheaper and faster", () => {
    // A $300/40, B $500/90, C $600/80 (B is cheaper and faster), D $1000/150, E $1000/120 (D is as cheap and faster).
    const results = [config("A", 300, 40), config("B", 500, 90), config("C", 600, 80), config("D", 1000, 150), config("E", 1000, 120), config("F", null, 10)];
    const { kind, points, left } = costSpeedPoints({ results, picks: [] } as unknown as Recommendation);
    expect(kind).toBe("purchase");
    expect(points.filter((p) => p.frontier).map((p) => p.label)).toEqual(["A", "B", "D"]);
    expect(left).toBe(1);
  });

  it("puts picks of one configuration on one card", () => {
    const results = [config("A", 300, 40), config("B", 500, 90)];
    const recommendation = {
      results,
      picks: [
        { kind: "best", title: "Best overall", index: 0, why: "x" },
        { kind: "fastest", title: "Fastest", index: 1, why: "y" },
        { kind: "value", title: "Best value", index: 0, why: "z" },
      ],
    } as unknown as Recommendation;
    expect(groupPicks(recommendation).map((g) => [g.index, g.titles])).toEqual([
      [0, ["Best overall", "Best value"]],
      [1, ["Fastest"]],
    ]);
  });

  it("the table's max context: inference rows carry it (24 GB RTX 4090, Llama 3.1 8B at 16-bit with vLLM: about 52,900 tokens), training rows none", () => {
    const gpus = loadSeedCatalog().gpus.map(seedToCatalogGpu).filter((g) => g.slug === "rtx-4090");
    const chat = tableRows(recommend({ gpus, cloudOffers: [] }, workloadSchema.parse({ model: "llama-3.1-8b", precision: "fp16", engine: "vllm" })));
    const one = chat.find((r) => r.count === 1)!;
    // (24 GB − 8,030,261,248 × 2 B of weights − 1 GB runtime) ÷ (32 layers × 2 × 8 KV heads × 128 × 2 B per token), less the prompt buffers.
    const bound = (24e9 - 8_030_261_248 * 2 - 1e9) / 131_072;
    expect(one.maxContextTokens!).toBeLessThanOrEqual(bound);
    expect(one.maxContextTokens!).toBeGreaterThan(0.98 * bound);
    expect(one.maxContextLabel).toMatch(/^5\d,\d{3} tokens$/);
    const training = tableRows(recommend({ gpus, cloudOffers: [] }, workloadSchema.parse({ task: "training", model: "llama-3.2-1b" })));
    expect(training.length).toBeGreaterThan(0);
    expect(training.every((r) => r.maxContextTokens === null && r.maxContextLabel === "—")).toBe(true);
    expect(maxContextLabel(2_000_000)).toBe("no memory limit (sliding window)");
  });

  it("'show the math' adds up: max(memory, compute, dequantization) + overhead + interconnect = 1 ÷ decode speed", () => {
    const gpus = loadSeedCatalog().gpus.map(seedToCatalogGpu);
    for (const [slug, precision] of [["rtx-4090", "q4_k_m"], ["h100-sxm", "bf16"], ["arc-b580", "q4_k_m"]] as const) {
      const gpu = gpus.find((g) => g.slug === slug)!;
      const e = estimate(gpu, 1, workloadSchema.parse({ model: "llama-3.1-8b", precision }), { catalog: gpus });
      const m = e.math as Record<string, number>;
      // The memory side as the page prints it: bytes ÷ (bandwidth × efficiency).
      expect(m.decodeMemorySeconds).toBeCloseTo((m.bytesPerDecodeStepGB * 1e9) / (m.memoryBandwidthGBps * 1e9 * m.bandwidthEfficiency), 4);
      const step = Math.max(m.decodeMemorySeconds, m.decodeComputeSeconds, m.dequantSecondsPerStep) + m.perStepOverheadSeconds + m.interconnectSecondsPerStep;
      expect(1 / step / e.decodeTokensPerSecond!, slug).toBeCloseTo(1, 2);
    }
  });
});
