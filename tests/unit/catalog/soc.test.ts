import { describe, expect, it } from "vitest";
import { seedToCatalogGpu } from "@/lib/catalog/queries";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import { estimate } from "@/lib/model/estimate";
import { workloadSchema } from "@/lib/workload/schema";

// Unified-memory SoCs outside Apple (DGX Spark, Jetson, Ryzen AI Max) are one per machine, like Macs.
const gpus = loadSeedCatalog().gpus.map(seedToCatalogGpu);
const bySlug = (slug: string) => {
  const gpu = gpus.find((g) => g.slug === slug);
  if (!gpu) throw new Error(`no ${slug} in the seed catalog`);
  return gpu;
};

describe("system-on-chip catalog entries", () => {
  it.each(["dgx-spark", "jetson-agx-thor", "ryzen-ai-max-plus-395"])("%s runs one per machine: two of them are not combined", (slug) => {
    const workload = workloadSchema.parse({ model: "llama-3.1-8b" });
    const gpu = bySlug(slug);
    expect(gpu.formFactor).toBe("soc");
    expect(estimate(gpu, 1, workload, { catalog: gpus }).fits).toBe(true);
    const two = estimate(gpu, 2, workload, { catalog: gpus });
    expect(two.fits).toBe(false);
    expect(two.reasons?.join(" ")).toMatch(/system-on-chip/);
  });
});
