import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seedToCatalogGpu } from "@/lib/catalog/queries";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import type { CatalogCloudOffer } from "@/lib/catalog/types";
import { estimate, type Estimate } from "@/lib/model/estimate";
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

  it("agrees with the pairwise definition, ties and missing values included", () => {
    const value = fc.option(fc.integer({ min: 0, max: 6 }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.record({ cost: value, speed: value }), { maxLength: 30 }), (configs) => {
        const dominated = (a: (typeof configs)[number]) =>
          configs.some((b) => b !== a && b.cost != null && b.speed != null && b.cost <= a.cost! && b.speed >= a.speed! && (b.cost < a.cost! || b.speed > a.speed!));
        expect(markPareto(configs)).toEqual(configs.map((a) => a.cost != null && a.speed != null && !dominated(a)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("recommend over the seeded catalog: figures for every configuration, working for the picks", () => {
  const seed = loadSeedCatalog();
  const full = {
    gpus: seed.gpus.map(seedToCatalogGpu),
    cloudOffers: seed.cloudOffers.map((o, i): CatalogCloudOffer => ({ ...o, id: i + 1, spotPriceUsdPerHour: o.spotPriceUsdPerHour ?? null, notes: o.notes ?? null, version: 1 })),
  };
  const figures = ({ math, reasons, assumptions, ...rest }: Estimate) => (void math, void reasons, void assumptions, rest);
  const cases = [
    { model: "llama-3.1-8b", precision: "q4_k_m" },
    { model: "llama-3.1-70b", precision: "fp8", batchSize: 64 },
    { task: "finetune", model: "llama-3.1-70b", method: "qlora" },
    { task: "training", model: "llama-3.2-1b", trainingTokens: 1e10 },
    { task: "training", model: "resnet-50" },
  ] as const;

  it.each(cases)("%o", (input) => {
    const workload = workloadSchema.parse(input);
    const r = recommend(full, workload, { electricityUsdPerKWh: 0.3 });
    expect(r.results.length).toBeGreaterThan(20);
    const picked = new Set(r.picks.map((p) => p.index));
    expect(picked.size).toBeGreaterThan(0);
    r.results.forEach((config, index) => {
      const gpu = full.gpus.find((g) => g.slug === config.estimate.gpu)!;
      const explained = estimate(gpu, config.estimate.count, workload, { catalog: full.gpus, cloudOffers: full.cloudOffers, cost: { electricityUsdPerKWh: 0.3 } });
      // The ranked figures are exactly those of a full estimate of that configuration.
      expect(figures(config.estimate)).toEqual(figures(explained));
      if (picked.has(index)) {
        expect(config.estimate).toEqual(explained);
        expect(config.estimate.reasons.length).toBeGreaterThan(0);
        expect(config.estimate.assumptions.length).toBeGreaterThan(0);
      } else {
        expect([config.estimate.math, config.estimate.reasons, config.estimate.assumptions]).toEqual([{}, [], []]);
      }
    });
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
