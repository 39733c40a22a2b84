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

describe("bought desktop cards stop at four per machine", () => {
  const seed = loadSeedCatalog();
  const full = {
    gpus: seed.gpus.map(seedToCatalogGpu),
    cloudOffers: seed.cloudOffers.map((o, i): CatalogCloudOffer => ({ ...o, id: i + 1, spotPriceUsdPerHour: o.spotPriceUsdPerHour ?? null, notes: o.notes ?? null, version: 1 })),
  };
  const segmentOf = new Map(full.gpus.map((g) => [g.slug, g.segment]));

  it("serving Llama 3.1 70B to 64 users: no eight-card consumer or workstation build, while data-center eights stay", () => {
    const r = recommend(full, workloadSchema.parse({ model: "llama-3.1-70b", precision: "fp8", batchSize: 64 }), { electricityUsdPerKWh: 0.3 });
    const bought = r.results.filter((c) => c.acquisition === "buy");
    const desktop = bought.filter((c) => ["consumer", "workstation"].includes(segmentOf.get(c.estimate.gpu) ?? ""));
    expect(desktop.length).toBeGreaterThan(0);
    expect(Math.max(...desktop.map((c) => c.estimate.count))).toBe(4);
    expect(bought.some((c) => c.estimate.count === 8 && segmentOf.get(c.estimate.gpu) === "datacenter")).toBe(true);
    for (const pick of r.picks) {
      const c = r.results[pick.index];
      if (c.acquisition === "buy" && ["consumer", "workstation"].includes(segmentOf.get(c.estimate.gpu) ?? "")) expect(c.estimate.count, pick.kind).toBeLessThanOrEqual(4);
    }
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
    // Cheapest: the one cost unit, dollars over the usage horizon.
    const cheapest = recommend(catalog, w, { maxGpus: 1, mode: "rent" }, "cheapest").results.map((c) => c.horizonCostUsd!);
    expect(cheapest).toEqual([...cheapest].sort((a, b) => a - b));
  });

  it("a purchase budget means buying and excludes what costs more", () => {
    const r = recommend(catalog, workloadSchema.parse({ model: "llama-3.1-8b", precision: "q4_k_m" }), { budgetUsd: 2000 });
    expect(r.results.map((c) => c.estimate.gpu)).toEqual(["rtx-4090"]); // the only GPU here with a list price under $2000
    expect(r.results[0].costKind).toBe("purchase");
    expect(r.picks.find((p) => p.kind === "budget")).toBeDefined();
  });

  it("renting n GPUs means one machine with n GPUs, and filters by vendor", () => {
    const r = recommend(catalog, workloadSchema.parse({ model: "llama-3.1-8b" }), { mode: "rent", vendors: ["nvidia"] });
    expect(r.results.every((c) => c.acquisition === "rent" && c.costKind !== "purchase" && c.estimate.gpu !== "apple-m2-ultra-76c")).toBe(true);
    // Two single-GPU instances ($3.60/h) share no GPU link: 2 × A100 rents as one machine, the 8-GPU box at $14/h.
    const two = r.results.find((c) => c.estimate.gpu === "a100-sxm4-80gb" && c.estimate.count === 2)!;
    expect(two.estimate.costPerHourUsd).toBeCloseTo(3.6, 6); // the estimate's cheapest offer, unchanged
    expect(two.horizonCostUsd).toBeCloseTo(14 * r.horizon.hours!, 1);
    expect(two.costLabel).toMatch(/\$14\.00\/h for 8\)/);
    const box = r.results.find((c) => c.estimate.gpu === "a100-sxm4-80gb" && c.estimate.count === 8);
    expect(box?.estimate.costPerHourUsd).toBeCloseTo(14, 6);
  });

  it("explains itself when nothing fits", () => {
    const r = recommend(catalog, workloadSchema.parse({ model: "llama-3.1-405b", precision: "fp16" }), { maxGpus: 2 });
    expect(r.results).toHaveLength(0);
    expect(r.notes[0]).toMatch(/No configuration of up to 2 GPUs fits/);
  });
});

describe("recommend: needs first, then one cost unit over the usage horizon", () => {
  const w8 = workloadSchema.parse({ model: "llama-3.1-8b", precision: "q4_k_m" });

  it("prices buying and renting in dollars over the horizon, both in one ranking", () => {
    const r = recommend(catalog, w8, { maxGpus: 1, usageHoursPerWeek: 10, horizonMonths: 24, electricityUsdPerKWh: 0.15 });
    // 10 h/week × 24 months × 52/12 weeks per month = 1,040 h.
    expect(r.horizon).toMatchObject({ basis: "usage", hoursPerWeek: 10, months: 24 });
    expect(r.horizon.hours).toBeCloseTo(1040, 6);
    const rent = r.results.find((c) => c.estimate.gpu === "rtx-4090" && c.acquisition === "rent")!;
    const buy = r.results.find((c) => c.estimate.gpu === "rtx-4090" && c.acquisition === "buy")!;
    expect(rent.horizonCostUsd).toBeCloseTo(0.7 * 1040, 6); // $728
    // $1,599 + 450 W × 80% × 1,040 h × $0.15/kWh = $1,599 + $56.16.
    expect(buy.horizonCostUsd).toBeCloseTo(1599 + 0.45 * 0.8 * 1040 * 0.15, 2);
    expect(rent.horizonCostLabel).toBe("$728 (1,040 h × $0.70/h)");
    expect(buy.horizonCostLabel).toBe("$1,655 ($1,599 + $56.16 power)");
    // At 1,040 hours renting at $0.70/h is cheaper than buying: it ranks first under "cheapest".
    const cheapest = recommend(catalog, w8, { maxGpus: 1 }, "cheapest");
    expect(cheapest.results[0]).toMatchObject({ acquisition: "rent", estimate: { gpu: "rtx-4090" } });
    // One unit: one cost/speed frontier across buy and rent rows.
    const again = recommend(catalog, w8, { maxGpus: 1 });
    for (const c of again.results) {
      const dominated = again.results.some(
        (d) => d !== c && d.horizonCostUsd! <= c.horizonCostUsd! && d.speed! >= c.speed! && (d.horizonCostUsd! < c.horizonCostUsd! || d.speed! > c.speed!),
      );
      if (c.horizonCostUsd != null && c.speed != null) expect(c.pareto).toBe(!dominated);
    }
  });

  it("training is priced per run: renting = the run's hours × the hourly price", () => {
    const w = workloadSchema.parse({ task: "finetune", model: "llama-3.1-8b", method: "qlora" });
    const r = recommend(catalog, w, { mode: "rent" });
    expect(r.horizon.basis).toBe("run");
    for (const c of r.results) {
      // The estimate's offer when it is one machine; else the cheapest machine with enough GPUs (dearer).
      if (c.estimate.cloud!.instances === 1) expect(c.horizonCostUsd!).toBeCloseTo(c.estimate.costPerHourUsd! * c.estimate.hours!, 1); // to the cent
      else expect(c.horizonCostUsd!).toBeGreaterThan(c.estimate.costPerHourUsd! * c.estimate.hours!);
    }
  });

  it("training has a default time budget of one week; a stated one replaces it", () => {
    const w = workloadSchema.parse({ task: "finetune", model: "llama-3.1-8b", method: "qlora", trainingTokens: 1e9 });
    const r = recommend(catalog, w, { mode: "rent" });
    expect(r.need).toMatchObject({ maxHours: 168, defaultTime: true, tokensPerSecond: null });
    for (const c of r.results) expect(c.meetsTarget).toBe(c.estimate.hours! <= 168);
    const stated = recommend(catalog, w, { mode: "rent", maxHours: 1e4 });
    expect(stated.need).toMatchObject({ maxHours: 1e4, defaultTime: false });
  });

  it("a configuration that meets the need ranks above one that does not (default need: 10 tokens/s per user)", () => {
    const r = recommend(catalog, workloadSchema.parse({ model: "llama-3.1-70b", precision: "fp16" }), {}, "cheapest");
    expect(r.need).toMatchObject({ tokensPerSecond: 10, defaultSpeed: true });
    const firstMiss = r.results.findIndex((c) => !c.meetsTarget);
    if (firstMiss >= 0) expect(r.results.slice(firstMiss).every((c) => !c.meetsTarget)).toBe(true);
    for (const c of r.results) expect(c.meetsTarget).toBe((c.perUserTokensPerSecond ?? 0) >= 10 && !c.offload);
    const fast = recommend(catalog, w8, { targetTokensPerSecond: 1e6 });
    expect(fast.results.every((c) => !c.meetsTarget && c.shortfalls.length > 0)).toBe(true);
    expect(fast.notes.join(" ")).toMatch(/No configuration meets the need/);
  });

  it("value counts speed once: speed (up to twice the need) per dollar of horizon cost, never speed per per-token cost", () => {
    const r = recommend(catalog, w8, { targetTokensPerSecond: 60 }, "value");
    const meeting = r.results.filter((c) => c.meetsTarget && c.horizonCostUsd != null);
    expect(meeting.length).toBeGreaterThan(1);
    const score = (c: (typeof meeting)[number]) => Math.min(c.speed!, 120) / c.horizonCostUsd!;
    for (let i = 1; i < meeting.length; i++) expect(score(meeting[i - 1])).toBeGreaterThanOrEqual(score(meeting[i]) - 1e-12);
  });

  it("says in one sentence why the best pick beats the runner-up, in dollars and tokens/s", () => {
    const r = recommend(catalog, w8, { maxGpus: 1 });
    const best = r.picks.find((p) => p.kind === "best")!;
    expect(best.why).toMatch(/Beats the runner-up, (Buy|Rent) .+ \(\$[\d,.]+, [\d.]+ tok\/s\): \$[\d,.]+ (less|more) for ([\d.]+ tok\/s (more|less)|the same speed)\./);
  });

  it("offers llama.cpp offload for a local GPU that cannot hold the model, as its own labelled list", () => {
    const r = recommend(catalog, workloadSchema.parse({ model: "llama-3.1-70b", precision: "q4_k_m" }), { systemMemoryBandwidthGBps: 76.8 });
    const offloaded = r.offloadOptions;
    expect(offloaded.map((c) => c.estimate.gpu)).toEqual(expect.arrayContaining(["rtx-4090"]));
    // results keep only what fits; offload options are their own, labelled list.
    expect(r.results.every((c) => c.estimate.fits && c.offload == null)).toBe(true);
    for (const c of offloaded) {
      expect(c.estimate.count).toBe(1);
      expect(c.offload).not.toBeNull();
      expect(c.speedLabel).toMatch(/with CPU offload/);
      expect(c.meetsTarget).toBe(false);
      expect(c.shortfalls[0]).toMatch(/does not fit/);
    }
    expect(offloaded[0].estimate.reasons.join(" ")).toMatch(/llama\.cpp offload/);
    // 43 GB of Q4_K_M weights, 24 GB on the card at 1008 GB/s and the rest at 76.8 GB/s: the
    // system-memory share bounds it: under 76.8 / 19 GB ≈ 4 tokens/s … and far below the 4090's
    // all-in-VRAM bound of 1008 / 43 ≈ 23 tokens/s.
    const rtx = offloaded.find((c) => c.estimate.gpu === "rtx-4090")!;
    expect(rtx.perUserTokensPerSecond!).toBeGreaterThan(1);
    expect(rtx.perUserTokensPerSecond!).toBeLessThan(10);
    // Faster system memory, faster offload.
    const fasterRam = recommend(catalog, workloadSchema.parse({ model: "llama-3.1-70b", precision: "q4_k_m" }), { systemMemoryBandwidthGBps: 200 });
    expect(fasterRam.offloadOptions.find((c) => c.estimate.gpu === "rtx-4090")!.perUserTokensPerSecond!).toBeGreaterThan(rtx.perUserTokensPerSecond!);
  });

  it("Apple: past the GPU's share of unified memory it is offload, never full speed (16 GB M3, 7B at F16)", () => {
    // https://www.apple.com/newsroom/2023/10/apple-unveils-m3-m3-pro-and-m3-max-the-most-advanced-chips-for-a-personal-computer/ (M3: 100 GB/s, 8–24 GB)
    const m3 = { ...M2_ULTRA, slug: "apple-m3-16gb", name: "Apple M3 (16 GB)", memoryGB: 16, memoryBandwidthGBps: 100, fp32Tflops: 4.1, shaderCores: 10 };
    const w = workloadSchema.parse({ model: "llama-2-7b", precision: "fp16" });
    const r = recommend({ gpus: [m3], cloudOffers: [] }, w);
    expect(r.results).toHaveLength(0);
    expect(r.offloadOptions).toHaveLength(1);
    expect(r.notes[0]).toMatch(/offload/);
    const row = r.offloadOptions[0];
    expect(row.offload).not.toBeNull();
    expect(row.meetsTarget).toBe(false);
    // 13.5 GB of weights at 100 GB/s can never beat 7.4 tokens/s; the CPU share makes it slower.
    expect(row.perUserTokensPerSecond!).toBeLessThan(100 / 13.5);
    expect(row.estimate.decodeTokensPerSecond!).toBeLessThan(100 / 13.5);
    expect(row.estimate.reasons.join(" ")).toMatch(/iogpu\.wired_limit_mb/);
  });

  it("horizon and offload fields are part of the one constraints schema (bad values name the field)", () => {
    expect(() => recommend(catalog, w8, { usageHoursPerWeek: 200 })).toThrow(/usageHoursPerWeek|168/);
    expect(() => recommend(catalog, w8, { horizonMonths: -1 })).toThrow();
    expect(() => recommend(catalog, w8, { systemMemoryBandwidthGBps: 0 })).toThrow();
  });
});

describe("maxContextTokens: the longest context that fits", () => {
  it("Llama 3.1 8B at 16-bit on a 24 GB RTX 4090 (vLLM): free memory ÷ KV bytes per token", () => {
    const e = estimate(RTX_4090, 1, workloadSchema.parse({ model: "llama-3.1-8b", precision: "fp16", engine: "vllm" }));
    // 24 GB − 8,030,261,248 × 2 B of weights − 1 GB runtime = 6.94 GB; each token caches
    // 32 layers × 2 (K, V) × 8 KV heads × 128 × 2 B = 131,072 B → 52,941 tokens, less the prompt buffers.
    const bound = (24e9 - 8_030_261_248 * 2 - 1e9) / 131_072;
    expect(e.maxContextTokens!).toBeLessThanOrEqual(bound);
    expect(e.maxContextTokens!).toBeGreaterThan(0.98 * bound);
    // At that context it fits; a tenth more does not.
    const at = (tokens: number) => estimate(RTX_4090, 1, workloadSchema.parse({ model: "llama-3.1-8b", precision: "fp16", engine: "vllm", promptTokens: tokens - 256 }));
    expect(at(e.maxContextTokens!).fits).toBe(true);
    expect(at(Math.round(e.maxContextTokens! * 1.1)).fits).toBe(false);
    // Two GPUs split the weights and the cache: more than twice the room.
    expect(estimate(RTX_4090, 2, workloadSchema.parse({ model: "llama-3.1-8b", precision: "fp16", engine: "vllm" })).maxContextTokens!).toBeGreaterThan(2 * e.maxContextTokens!);
  });

  it("is never more than the model takes: Llama 3.1 8B on an 80 GB A100 gets its 131,072 tokens, not what memory would hold", () => {
    const e = estimate(A100_80GB, 1, workloadSchema.parse({ model: "llama-3.1-8b", precision: "fp16", engine: "vllm" }));
    // Memory alone: (80 − 16.06 − 1) GB ÷ 131,072 B per token ≈ 480,000 tokens; the config's
    // max_position_embeddings (https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json) is 131,072.
    expect((80e9 - 8_030_261_248 * 2 - 1e9) / 131_072).toBeGreaterThan(400_000);
    expect(e.maxContextTokens).toBe(131_072);
  });

  it("is 0 when the weights alone do not fit, and null for models without a context", () => {
    expect(estimate(RTX_4090, 1, workloadSchema.parse({ model: "llama-3.1-70b", precision: "fp16" })).maxContextTokens).toBe(0);
    expect(estimate(RTX_4090, 1, workloadSchema.parse({ task: "training", model: "resnet-50" })).maxContextTokens).toBeNull();
  });
});
