import { describe, expect, it } from "vitest";
import { formatFigure, FIGURES } from "@/lib/catalog/fields";
import { withStaleness } from "@/lib/catalog/queries";
import { cloudOfferResponseSchema, isOfferStale, STALE_OFFER_DAYS } from "@/lib/catalog/schema";

const offer = {
  id: 1,
  provider: "Google Cloud",
  instanceType: "a2-highgpu-1g",
  gpu: "a100-sxm4-40gb",
  gpuCount: 1,
  priceUsdPerHour: 3.67,
  spotPriceUsdPerHour: null,
  region: "us-central1",
  observedAt: "2025-03-06",
  sourceUrl: "https://cloud.google.com/compute/gpus-pricing",
  notes: null,
  version: 1,
};

describe("cloud offer staleness", () => {
  it("is 90 days", () => expect(STALE_OFFER_DAYS).toBe(90));

  it("flags a price observed more than 90 days ago, not one observed 90 days ago or less", () => {
    const now = new Date("2026-11-30T12:00:00Z");
    // 2026-09-01 is 90 days and 12 hours before; 2026-09-02 is 89 days and 12 hours before.
    expect(isOfferStale("2026-09-01", now)).toBe(true);
    expect(isOfferStale("2026-09-02", now)).toBe(false);
    expect(isOfferStale("2026-11-30", now)).toBe(false);
    expect(isOfferStale("2025-03-06", now)).toBe(true);
  });

  it("adds a boolean `stale` that the response schema accepts", () => {
    const fresh = withStaleness({ ...offer, observedAt: "2026-11-01" }, new Date("2026-11-30T00:00:00Z"));
    const old = withStaleness(offer, new Date("2026-11-30T00:00:00Z"));
    expect(fresh.stale).toBe(false);
    expect(old.stale).toBe(true);
    expect(cloudOfferResponseSchema.safeParse(old).success).toBe(true);
    expect(cloudOfferResponseSchema.safeParse({ ...offer }).success).toBe(false);
  });
});

describe("formatFigure", () => {
  const year = FIGURES.find((f) => f.key === "releaseYear");

  it("prints a release year as a year, not with a thousands separator", () => {
    expect(formatFigure(2022, year)).toBe("2022");
    expect(formatFigure(2022, { format: "year" })).toBe("2022");
  });

  it("still groups thousands in ordinary figures", () => {
    expect(formatFigure(16384, FIGURES.find((f) => f.key === "shaderCores"))).toBe("16,384");
    expect(formatFigure(1599, { unit: "USD" })).toBe("$1,599");
  });
});
