import { describe, expect, it } from "vitest";
import { filterGpus, parseGpuQuery, type GpuQuery } from "@/lib/catalog/filters";
import type { CatalogGpu } from "@/lib/catalog/types";
import { catalogGpu } from "../../helpers/catalog-gpu";

function gpu(slug: string, name: string, figures: Partial<CatalogGpu>): CatalogGpu {
  return catalogGpu({ slug, name, ...figures });
}

const CATALOG: CatalogGpu[] = [
  gpu("h100", "H100", { memoryGB: 80, fp8TensorTflops: 1979, launchPriceUsd: 30000 }),
  gpu("rtx-4090", "GeForce RTX 4090", { segment: "consumer", memoryGB: 24, fp8TensorTflops: 330, launchPriceUsd: 1599 }),
  gpu("a100", "A100", { memoryGB: 80, fp8TensorTflops: null, launchPriceUsd: null }),
  gpu("mi300x", "Instinct MI300X", { vendor: "amd", formFactor: "oam", memoryGB: 192, fp8TensorTflops: 1307 }),
  gpu("m2-max", "Apple M2 Max", { vendor: "apple", segment: "apple-silicon", formFactor: "soc", memoryGB: 96 }),
  gpu("v100", "V100", { memoryGB: 32, retired: true }),
];

/** Parses a query that must be valid. */
function query(params: Record<string, string>): GpuQuery {
  const result = parseGpuQuery(Object.entries(params));
  if (!result.success) throw new Error(`unexpected rejection: ${result.error.message}`);
  return result.data;
}

const slugs = (gpus: CatalogGpu[]) => gpus.map((g) => g.slug);

describe("parseGpuQuery", () => {
  it("splits comma-separated vendors and reads numbers", () => {
    expect(query({ vendor: "nvidia, amd", minMemoryGB: "24", sort: "memoryGB", order: "asc", includeRetired: "true" })).toEqual({
      vendor: ["nvidia", "amd"],
      minMemoryGB: 24,
      sort: "memoryGB",
      order: "asc",
      includeRetired: true,
    });
  });

  it("treats empty values as absent (an empty form field)", () => {
    expect(query({ vendor: "", minMemoryGB: "", q: "" })).toEqual({});
  });

  it.each([
    ["vendor", "bogus"],
    ["vendor", "nvidia,matrox"],
    ["segment", "mobile"],
    ["minMemoryGB", "-1"],
    ["minMemoryGB", "lots"],
    ["maxPriceUsd", "Infinity"],
    ["sort", "colour"],
    ["order", "sideways"],
    ["includeRetired", "yes"],
  ])("rejects %s=%s, naming the field", (field, value) => {
    const result = parseGpuQuery([[field, value]]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });

  it("rejects an unknown parameter, naming it", () => {
    const result = parseGpuQuery([["colour", "green"]]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("colour");
  });
});

describe("filterGpus", () => {
  it("sorts by name ascending and hides retired GPUs by default", () => {
    expect(slugs(filterGpus(CATALOG, {}))).toEqual(["a100", "m2-max", "rtx-4090", "h100", "mi300x"]);
  });

  it("sorts a numeric column descending by default, ties by name", () => {
    expect(slugs(filterGpus(CATALOG, query({ sort: "memoryGB" })))).toEqual(["mi300x", "m2-max", "a100", "h100", "rtx-4090"]);
  });

  it("puts missing figures last in descending order", () => {
    expect(slugs(filterGpus(CATALOG, query({ sort: "fp8TensorTflops", order: "desc" })))).toEqual(["h100", "mi300x", "rtx-4090", "a100", "m2-max"]);
  });

  it("puts missing figures last in ascending order too", () => {
    const sorted = slugs(filterGpus(CATALOG, query({ sort: "fp8TensorTflops", order: "asc" })));
    expect(sorted.slice(0, 3)).toEqual(["rtx-4090", "mi300x", "h100"]);
    expect(sorted.slice(3).sort()).toEqual(["a100", "m2-max"]);
  });

  it("keeps only the chosen vendors", () => {
    expect(slugs(filterGpus(CATALOG, query({ vendor: "amd,apple" })))).toEqual(["m2-max", "mi300x"]);
  });

  it("keeps GPUs with at least the minimum memory", () => {
    expect(slugs(filterGpus(CATALOG, query({ minMemoryGB: "80", sort: "memoryGB", order: "asc" })))).toEqual(["a100", "h100", "m2-max", "mi300x"]);
  });

  it("combines vendor and memory filters", () => {
    expect(slugs(filterGpus(CATALOG, query({ vendor: "nvidia", minMemoryGB: "32" })))).toEqual(["a100", "h100"]);
  });

  it("drops GPUs without a launch price under a price cap", () => {
    expect(slugs(filterGpus(CATALOG, query({ maxPriceUsd: "2000" })))).toEqual(["rtx-4090"]);
  });

  it("searches names case-insensitively", () => {
    expect(slugs(filterGpus(CATALOG, query({ q: "RTX" })))).toEqual(["rtx-4090"]);
  });

  it("shows retired GPUs when asked", () => {
    expect(slugs(filterGpus(CATALOG, query({ includeRetired: "true", sort: "memoryGB", order: "asc" })))).toEqual([
      "rtx-4090",
      "v100",
      "a100",
      "h100",
      "m2-max",
      "mi300x",
    ]);
  });
});
