import type { CatalogGpu } from "@/lib/catalog/types";

/** A catalog GPU for unit tests: every optional figure empty unless the test gives it. */
export function catalogGpu(fields: Partial<CatalogGpu> & Pick<CatalogGpu, "slug" | "name">): CatalogGpu {
  return {
    vendor: "nvidia",
    segment: "datacenter",
    architecture: "Test",
    formFactor: "pcie",
    releaseYear: null,
    memoryGB: 16,
    memoryType: null,
    memoryBandwidthGBps: 500,
    fp32Tflops: null,
    fp16Tflops: null,
    fp16TensorTflops: null,
    bf16TensorTflops: null,
    fp8TensorTflops: null,
    int8TensorTops: null,
    shaderCores: null,
    tensorCores: null,
    tdpWatts: null,
    interconnect: null,
    interconnectBandwidthGBps: null,
    launchPriceUsd: null,
    notes: null,
    sources: {},
    retired: false,
    version: 1,
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...fields,
  };
}
