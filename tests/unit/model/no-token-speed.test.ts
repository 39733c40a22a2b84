import { describe, expect, it } from "vitest";
import { seedToCatalogGpu } from "@/lib/catalog/queries";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import type { CatalogCloudOffer } from "@/lib/catalog/types";
import { estimate, type Estimate } from "@/lib/model/estimate";
import { OBJECTIVES, recommend } from "@/lib/model/recommend";
import { workloadSchema, type WorkloadInput } from "@/lib/workload/schema";
import { RTX_4090, withBandwidth } from "./fixtures";

const workload = (input: WorkloadInput) => workloadSchema.parse(input);

/** Every speed an estimate can carry: a model that generates no tokens gets none of the token ones. */
function speeds(e: Estimate) {
  return {
    decode: e.decodeTokensPerSecond,
    prefill: e.prefillTokensPerSecond,
    throughput: e.throughputTokensPerSecond,
    ttft: e.timeToFirstTokenSeconds,
    samples: e.samplesPerSecond,
    costPerMillion: e.costPerMillionOutputTokensUsd,
    energy: e.energyKWh,
  };
}

const NONE = { decode: null, prefill: null, throughput: null, ttft: null, samples: null, costPerMillion: null, energy: null };

describe("inference of models that generate no tokens, without published FLOPs per sample", () => {
  it("SDXL on an RTX 4090: fits (2.57B UNet × 2 bytes ≈ 5.1 GB of 24 GB), no token speed, and says why", () => {
    const e = estimate(RTX_4090, 1, workload({ model: "sdxl", precision: "fp16" }));
    expect(e.fits).toBe(true);
    expect(e.memory.weightsGB).toBeCloseTo((2_567_463_684 * 2) / 1e9, 1);
    expect(speeds(e)).toEqual(NONE);
    expect(e.offload).toBeNull();
    expect(e.reasons.join(" ")).toMatch(/no published FLOPs per denoising step/);
    expect(e.reasons.join(" ")).not.toMatch(/tok\/s|tokens\/s/);
  });

  it("SDXL on a card too small to hold it gets no llama.cpp offload token speed either", () => {
    const small = { ...withBandwidth(RTX_4090, 272), slug: "small-4gb", name: "A 4 GB card", memoryGB: 4, segment: "consumer" as const };
    const e = estimate(small, 1, workload({ model: "sdxl", precision: "fp16" }));
    expect(e.fits).toBe(false);
    expect(e.offload).toBeNull();
    expect(speeds(e)).toEqual(NONE);
  });

  it("an encoder (BERT-Base) at inference reports no decode, prefill or throughput tokens/s", () => {
    const e = estimate(RTX_4090, 1, workload({ model: "bert-base", precision: "fp16", promptTokens: 512, outputTokens: 1 }));
    expect(e.fits).toBe(true);
    expect(speeds(e)).toEqual(NONE);
    expect(e.reasons.join(" ")).toMatch(/encoder/);
  });

  it("a decoder LLM keeps its token speed (the guard is by model kind)", () => {
    const e = estimate(RTX_4090, 1, workload({ model: "llama-3.1-8b", precision: "q4_k_m" }));
    expect(e.decodeTokensPerSecond).toBeGreaterThan(0);
  });
});

describe("recommend() for SDXL (no speed on any row)", () => {
  const seed = loadSeedCatalog();
  const full = {
    gpus: seed.gpus.map(seedToCatalogGpu),
    cloudOffers: seed.cloudOffers.map((o, i): CatalogCloudOffer => ({ ...o, id: i + 1, spotPriceUsdPerHour: o.spotPriceUsdPerHour ?? null, notes: o.notes ?? null, version: 1 })),
  };

  it.each(["value", "energy"] as const)("objective %s falls back to the lowest total cost: fit, then cost", (objective) => {
    const r = recommend(full, workloadSchema.parse({ model: "sdxl", precision: "fp16" }), {}, objective);
    expect(r.results.length).toBeGreaterThan(10);
    expect(r.results.every((c) => c.speed == null && c.estimate.fits)).toBe(true);
    const priced = r.results.filter((c) => c.horizonCostUsd != null);
    // Priced rows first, in ascending total cost.
    expect(r.results.slice(0, priced.length)).toEqual(priced);
    for (let i = 1; i < priced.length; i++) expect(priced[i].horizonCostUsd!).toBeGreaterThanOrEqual(priced[i - 1].horizonCostUsd!);
  });

  it.each(OBJECTIVES)("objective %s never writes tokens/s for a diffusion model", (objective) => {
    const r = recommend(full, workloadSchema.parse({ model: "sdxl", precision: "fp16" }), {}, objective);
    const text = [...r.results.map((c) => c.speedLabel), ...r.picks.map((p) => p.why), ...r.notes].join("\n");
    expect(text).not.toMatch(/tok\/s|tokens\/s/);
    expect(r.results.some((c) => c.perUserTokensPerSecond != null)).toBe(false);
  });

  it("the best pick says it is ranked by cost, not by speed per dollar", () => {
    const r = recommend(full, workloadSchema.parse({ model: "sdxl", precision: "fp16" }), {}, "value");
    const best = r.picks.find((p) => p.kind === "best")!;
    expect(best.why).toMatch(/^Lowest total cost .*no speed estimate/);
    expect(r.picks.some((p) => p.kind === "fastest" || p.kind === "value")).toBe(false);
  });
});
