import type { CatalogCloudOffer } from "../catalog/types";
import type { CloudChoice, PurchaseCost } from "./estimate";
import { round } from "./format";
import type { Hardware } from "./hardware";

/**
 * Phase 4, cost and energy: the cheapest cloud offer for the GPU count, the purchase price with
 * its break-even against renting, and energy at a fraction of board power.
 */

const offersBySlug = new WeakMap<readonly CatalogCloudOffer[], Map<string, CatalogCloudOffer[]>>();

/** The offers of one GPU, indexed once per (immutable) offer list. */
function offersFor(offers: readonly CatalogCloudOffer[], slug: string): readonly CatalogCloudOffer[] {
  let index = offersBySlug.get(offers);
  if (!index) {
    index = new Map();
    for (const offer of offers) {
      const list = index.get(offer.gpu);
      if (list) list.push(offer);
      else index.set(offer.gpu, [offer]);
    }
    offersBySlug.set(offers, index);
  }
  return index.get(slug) ?? [];
}

/** Cheapest way to rent `count` GPUs: ⌈count ÷ GPUs per instance⌉ instances × hourly price. */
export function cheapestCloud(offers: readonly CatalogCloudOffer[], slug: string, count: number): CloudChoice | null {
  // The first of the cheapest, then one object for it (this runs per estimate).
  let best: CatalogCloudOffer | null = null;
  let bestPrice = Infinity;
  for (const offer of offersFor(offers, slug)) {
    const price = Math.ceil(count / offer.gpuCount) * offer.priceUsdPerHour;
    if (!best || price < bestPrice) {
      best = offer;
      bestPrice = price;
    }
  }
  if (!best) return null;
  return {
    provider: best.provider,
    instanceType: best.instanceType,
    instances: Math.ceil(count / best.gpuCount),
    gpusPerInstance: best.gpuCount,
    priceUsdPerHour: bestPrice,
    region: best.region,
    observedAt: best.observedAt,
    sourceUrl: best.sourceUrl,
  };
}

/** Power while working, kW: board power (TDP) × GPUs × draw fraction; null when no TDP is published. */
export function powerKilowatts(hw: Hardware, count: number, powerDrawFraction: number): number | null {
  return hw.tdpWatts != null ? (hw.tdpWatts * count * powerDrawFraction) / 1000 : null;
}

/** Buying: launch price × GPUs; break-even hours = price ÷ (cloud $/h − electricity $/h). */
export function purchaseCost(hw: Hardware, count: number, cloud: CloudChoice | null, electricityPerHour: number | null): PurchaseCost | null {
  if (hw.launchPriceUsd == null) return null;
  return {
    priceUsd: hw.launchPriceUsd * count,
    electricityUsdPerHour: electricityPerHour == null ? null : round(electricityPerHour),
    breakEvenHours:
      cloud && electricityPerHour != null && cloud.priceUsdPerHour > electricityPerHour ? round((hw.launchPriceUsd * count) / (cloud.priceUsdPerHour - electricityPerHour)) : null,
  };
}

/** Inference: $ per million output tokens = $/h ÷ (tokens/s × 3600) × 10⁶. */
export function costPerMillionTokens(costPerHour: number | null, outputRate: number | null): number | null {
  return costPerHour != null && outputRate ? round((costPerHour / (outputRate * 3600)) * 1e6) : null;
}

/** Inference: kWh per million output tokens = kW × 10⁶ ÷ (tokens/s × 3600). */
export function energyPerMillionTokens(powerKW: number | null, outputRate: number | null): number | null {
  return powerKW != null && outputRate ? round((powerKW * 1e6) / (outputRate * 3600)) : null;
}
