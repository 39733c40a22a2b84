import { describe, expect, it } from "vitest";
import { seedToCatalogGpu } from "@/lib/catalog/queries";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import type { CatalogCloudOffer } from "@/lib/catalog/types";
import { recommend } from "@/lib/model/recommend";
import { workloadSchema } from "@/lib/workload/schema";
import { SCENARIOS } from "./scenarios";

const seed = loadSeedCatalog();
const catalog = {
  gpus: seed.gpus.map(seedToCatalogGpu),
  cloudOffers: seed.cloudOffers.map((o, i): CatalogCloudOffer => ({ ...o, id: i + 1, spotPriceUsdPerHour: o.spotPriceUsdPerHour ?? null, notes: o.notes ?? null, version: 1 })),
};
const segmentOf = new Map(catalog.gpus.map((g) => [g.slug, g.segment]));
const vendorOf = new Map(catalog.gpus.map((g) => [g.slug, g.vendor]));

describe("scenarios: the best pick is one a practitioner would sign", () => {
  it("has at least 20 scenarios, each with a rationale", () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) expect(s.rationale.length).toBeGreaterThan(40);
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))("%s", (_id, scenario) => {
    const r = recommend(catalog, workloadSchema.parse(scenario.workload), scenario.constraints ?? {}, scenario.objective ?? "value");
    const bestPick = r.picks.find((p) => p.kind === "best");
    expect(bestPick, "a best pick").toBeDefined();
    const best = r.results[bestPick!.index];
    const e = best.estimate;
    const x = scenario.expect;
    const what = `${best.acquisition} ${e.count} × ${e.gpu} (${best.speedLabel}, ${best.horizonCostLabel})`;
    expect(best.meetsTarget, `meets the need: ${what}`).toBe(x.meetsNeed ?? true);
    expect(best.offload, what).toBeNull();
    expect(e.fits, what).toBe(true);
    if (x.offloadOptionsBelow != null) {
      expect(r.offloadOptions.length, "offload options").toBeGreaterThan(0);
      for (const o of r.offloadOptions) expect(o.perUserTokensPerSecond!, `${o.estimate.gpu} with offload`).toBeLessThan(x.offloadOptionsBelow);
    }
    if (x.meetsNeed === false) expect(r.notes.join(" "), what).toMatch(/No configuration meets the need/);
    if (x.acquisition) expect(best.acquisition, what).toBe(x.acquisition);
    if (x.maxPurchaseUsd != null && best.acquisition === "buy") {
      expect(e.purchase, what).not.toBeNull();
      expect(e.purchase!.priceUsd, what).toBeLessThanOrEqual(x.maxPurchaseUsd);
    }
    if (x.maxUsdPerHour != null && best.acquisition === "rent") expect(e.costPerHourUsd!, what).toBeLessThanOrEqual(x.maxUsdPerHour);
    if (x.maxHorizonCostUsd != null) {
      expect(best.horizonCostUsd, what).not.toBeNull();
      expect(best.horizonCostUsd!, what).toBeLessThanOrEqual(x.maxHorizonCostUsd);
    }
    if (x.minTokensPerSecond != null) expect(best.perUserTokensPerSecond ?? 0, what).toBeGreaterThanOrEqual(x.minTokensPerSecond);
    if (x.maxTokensPerSecond != null) expect(best.perUserTokensPerSecond ?? 0, what).toBeLessThan(x.maxTokensPerSecond);
    if (x.minGpus != null) expect(e.count, what).toBeGreaterThanOrEqual(x.minGpus);
    if (x.maxGpus != null) expect(e.count, what).toBeLessThanOrEqual(x.maxGpus);
    if (x.segments) expect(x.segments, what).toContain(segmentOf.get(e.gpu));
    if (x.vendors) expect(x.vendors, what).toContain(vendorOf.get(e.gpu));
    if (x.minContextTokens != null) expect(best.maxContextTokens ?? 0, what).toBeGreaterThanOrEqual(x.minContextTokens);
    if (x.minTotalMemoryGB != null) expect(e.memory.capacityGB * e.count, what).toBeGreaterThanOrEqual(x.minTotalMemoryGB);
    if (x.maxHours != null) expect(e.hours!, what).toBeLessThanOrEqual(x.maxHours);
    if (x.maxTimeToFirstTokenSeconds != null) expect(e.timeToFirstTokenSeconds!, what).toBeLessThanOrEqual(x.maxTimeToFirstTokenSeconds);
    // The card says why the pick beats the runner-up, in dollars and speed.
    expect(bestPick!.why, what).toMatch(/runner-up|only configuration/);
  });
});
