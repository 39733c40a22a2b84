import type { z } from "zod";
import type { gpuFieldsSchema } from "./schema";

/** A catalog GPU as pages, the API, the CLI and lib/model see it (the public JSON shape). */
export type CatalogGpu = Omit<z.infer<typeof gpuFieldsSchema>, "sources"> & {
  sources: Record<string, string>;
  retired: boolean;
  version: number;
  updatedAt: string;
};

export interface CatalogCloudOffer {
  id: number;
  provider: string;
  instanceType: string;
  gpu: string;
  gpuCount: number;
  priceUsdPerHour: number;
  spotPriceUsdPerHour: number | null;
  region: string;
  observedAt: string;
  sourceUrl: string;
  notes: string | null;
  version: number;
}

export interface Catalog {
  version: number;
  gpus: CatalogGpu[];
  cloudOffers: CatalogCloudOffer[];
}
