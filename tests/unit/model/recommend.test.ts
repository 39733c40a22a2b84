import { describe, expect, it } from "vitest";
import type { CatalogCloudOffer } from "@/lib/catalog/types";
import { markPareto, recommend } from "@/lib/model/recommend";
import { workloadSchema } from "@/lib/workload/schema";
import { A100_80GB, M2_ULTRA, RTX_4090 } from "./fixtures";

const offer = (gpu: string, gpuCount: number, priceUsdPerHour: number, id: number): CatalogCloudOffer => ({
  id,
  provider: "Example",
  instanceType: `${gpu}-${gpuCount}`,
  gpu,
  gpuCount,
  priceUsdPerHour,
  spotPriceUsdPerHour: null,
  region: "us",
  observedAt: "2026-01-01",
  sourceUrl: "https://example.com/pricing",
  notes: null,
  version: 1,
});

const catalog = {
  gpus: [RTX_4090, A100_80GB, M2_ULTRA],
  cloudOffers: [offer("rtx-4090", 1, 0.7, 1), offer("a100-sxm4-80gb", 1, 1.8, 2), offer("a100-sxm4-80gb", 8, 14, 3)],
};

describe("markPareto", () => {
  it("keeps configurations no other beats on both cost and speed", () => {
    // (cost, speed): a (1, 10) b (2, 20) c (3, 15) d (2, 5): c is beaten by b, d by a.
    const marks = markPareto([
      { cost: 1, speed: 10 },
      { cost: 2, speed: 20 },
      { cost: 3, speed: 15 },
      { cost: 2, speed: 5 },
      { cost: null, speed: 50 },
    ]);
    expect(marks).toEqual([true, true, false, false, false]);
  });
});

describe("recommend", () => {
  it("keeps only configurations that fit, at 1, 2, 4 and 8 GPUs", () => {
    const r = recommend(catalog, workloadSchema.parse({ model: "llama-2-70b", precision: "fp16", engine: "vllm" }));
    expect(r.results.length).toBeGreaterThan(0);
    for (const c of r.results) {
      expect(c.estimate.fits).toBe(true);
      expect([1, 2, 4, 8]).toContain(c.estimate.count);
    }
    // 138 GB of weights: no single A100 80GB, no 4090 below 8 cards, the M2 Ultra's 144 GB usable is too tight with runtime overhead.
    expect(r.results.some((c) => c.estimate.gpu === "a100-sxm4-80gb" && c.estimate.count === 1)).toBe(false);
    expect(r.excluded.doesNotFit).toBeGreaterThan(0);
  });

  it("orders by the objective", () => {
    const w = workloadSchema.parse({ model: "llama-3.1-8b", precision: "q4_k_m" });
    const fastest = recommend(catalog, w, { maxGpus: 1 }, "fastest").results.map((c) => c.speed!);
    expect(fastest).toEqual([...fastest].sort((a, b) => b - a));
    const cheapest = recommend(catalog, w, { maxGpus: 1, mode: "rent" }, "cheapest").results.map((c) => c.cost!);
    expect(cheapest).toEqual([...cheapest].sort((a, b) => a - b));
  });

  it("a purchase budget means buying and excludes what costs more", () => {
    const r = recommend(catalog, workloadSchema.parse({ model: "llama-3.1-8b", precision: "q4_k_m" }), { budgetUsd: 2000 });
    expect(r.results.map((c) => c.estimate.gpu)).toEqual(["rtx-4090"]); // the only GPU here with a list price under $2000
    expect(r.results[0].costKind).toBe("purchase");
    expect(r.picks.find((p) => p.kind === "budget")).toBeDefined();
  });

  it("renting prices from whole instances and filters by vendor", () => {
    const r = recommend(catalog, workloadSchema.parse({ model: "llama-3.1-8b" }), { mode: "rent", vendors: ["nvidia"] });
    expect(r.results.every((c) => c.costKind !== "purchase" && c.estimate.gpu !== "apple-m2-ultra-76c")).toBe(true);
    const a100x2 = r.results.find((c) => c.estimate.gpu === "a100-sxm4-80gb" && c.estimate.count === 2);
    expect(a100x2?.estimate.costPerHourUsd).toBeCloseTo(3.6, 6); // 2 × $1.80 beats the $14 8-GPU box
  });

  it("explains itself when nothing fits", () => {
    const r = recommend(catalog, workloadSchema.parse({ model: "llama-3.1-405b", precision: "fp16" }), { maxGpus: 2 });
    expect(r.results).toHaveLength(0);
    expect(r.notes[0]).toMatch(/No configuration of up to 2 GPUs fits/);
  });
});

describe("recommend: mixed cost kinds", () => {
  it("draws one frontier per cost kind (a purchase price is not a rental cost)", () => {
    // The same card twice: rentable (priced per million tokens) and buy-only (priced at $1599).
    const buyOnly = { ...RTX_4090, slug: "rtx-4090-buy-only", name: "RTX 4090 (buy only)" };
    const mixed = { gpus: [RTX_4090, buyOnly], cloudOffers: [offer("rtx-4090", 1, 0.7, 1)] };
    const r = recommend(mixed, workloadSchema.parse({ model: "llama-3.1-8b", precision: "q4_k_m" }), { maxGpus: 1 });
    expect(r.results.map((c) => c.costKind).sort()).toEqual(["purchase", "rent-per-million-tokens"]);
    // Compared across kinds, $1599 would be "dominated" by cents per million tokens at equal speed.
    expect(r.results.every((c) => c.pareto)).toBe(true);
  });
});
