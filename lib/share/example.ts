import { recommendationRequestSchema } from "../api/schemas";
import { seedToCatalogGpu } from "../catalog/queries";
import { loadSeedCatalog } from "../catalog/seed";
import type { Catalog, CatalogCloudOffer } from "../catalog/types";
import { recommend } from "../model/recommend";
import { toShareBody, type ShareDocument } from "./document";

/** The seed catalog as the app would load it on a fresh database (catalog version 1). */
export function seedCatalog(): Catalog {
  const seed = loadSeedCatalog();
  const cloudOffers: CatalogCloudOffer[] = seed.cloudOffers.map((o, i) => ({
    id: i + 1,
    provider: o.provider,
    instanceType: o.instanceType,
    gpu: o.gpu,
    gpuCount: o.gpuCount,
    priceUsdPerHour: o.priceUsdPerHour,
    spotPriceUsdPerHour: o.spotPriceUsdPerHour ?? null,
    region: o.region,
    observedAt: o.observedAt,
    sourceUrl: o.sourceUrl,
    notes: o.notes ?? null,
    version: 1,
  }));
  return { version: 1, gpus: seed.gpus.map(seedToCatalogGpu), cloudOffers };
}

let example: ShareDocument | undefined;

/**
 * The OpenAPI example of a share document: what the model answers on the seed catalog for a desktop
 * to buy under $2,000 that chats with Llama 3.1 8B at Q4_K_M (computed, not written by hand, so it
 * cannot drift from the code).
 */
export function shareDocumentExample(): ShareDocument {
  if (!example) {
    const input = recommendationRequestSchema.parse({
      workload: { model: "llama-3.1-8b", precision: "q4_k_m" },
      constraints: { mode: "buy", budgetUsd: 2000, formFactors: ["desktop"] },
    });
    const catalog = seedCatalog();
    const body = toShareBody(recommend(catalog, input.workload, input.constraints, input.objective), input, catalog.version);
    example = { id: "Xk3m9QpL2vTa", url: "https://gpu-advisor.example/r/Xk3m9QpL2vTa", createdAt: "2026-11-30T12:00:00.000Z", ...body };
  }
  return example;
}
