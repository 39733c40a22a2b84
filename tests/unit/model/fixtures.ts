import type { CatalogGpu } from "@/lib/catalog/types";
import { catalogGpu } from "../../helpers/catalog-gpu";

/**
 * GPUs for model tests, with figures from their vendor datasheets (URLs beside them), written
 * here rather than read from the seed so the tests pin the arithmetic, not the catalog.
 */
function gpu(fields: Partial<CatalogGpu> & Pick<CatalogGpu, "slug" | "name" | "memoryGB" | "memoryBandwidthGBps">): CatalogGpu {
  return catalogGpu({ architecture: "Ampere", formFactor: "sxm", ...fields });
}

/** https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf */
export const A100_80GB = gpu({
  slug: "a100-sxm4-80gb",
  name: "NVIDIA A100 SXM4 80GB",
  memoryGB: 80,
  memoryBandwidthGBps: 2039,
  fp32Tflops: 19.5,
  fp16TensorTflops: 312,
  bf16TensorTflops: 312,
  int8TensorTops: 624,
  tdpWatts: 400,
  interconnect: "NVLink 3",
  interconnectBandwidthGBps: 600,
});

/** https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf (Table 2, FP32 accumulate, dense) */
export const RTX_4090 = gpu({
  slug: "rtx-4090",
  name: "NVIDIA GeForce RTX 4090",
  segment: "consumer",
  architecture: "Ada Lovelace",
  formFactor: "pcie",
  memoryGB: 24,
  memoryBandwidthGBps: 1008,
  fp32Tflops: 82.6,
  fp16TensorTflops: 165.2,
  bf16TensorTflops: 165.2,
  fp8TensorTflops: 330.3,
  int8TensorTops: 660.6,
  tdpWatts: 450,
  launchPriceUsd: 1599,
  interconnect: "PCIe 4.0 x16",
  interconnectBandwidthGBps: 64,
});

/** https://www.apple.com/newsroom/2023/06/apple-introduces-m2-ultra/ (76-core GPU, 800 GB/s, up to 192 GB) */
export const M2_ULTRA = gpu({
  slug: "apple-m2-ultra-76c",
  name: "Apple M2 Ultra (76-core GPU)",
  vendor: "apple",
  segment: "apple-silicon",
  architecture: "Apple M2-family GPU (5 nm)",
  formFactor: "soc",
  memoryGB: 192,
  memoryBandwidthGBps: 800,
  fp32Tflops: 27.2,
  shaderCores: 76,
});

export function withBandwidth(base: CatalogGpu, memoryBandwidthGBps: number): CatalogGpu {
  return { ...base, memoryBandwidthGBps };
}
