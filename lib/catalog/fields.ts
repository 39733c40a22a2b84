import type { CatalogGpu } from "./types";

/** Display metadata of the catalog's figures, in spec-sheet order. */
export interface FigureMeta {
  key: keyof CatalogGpu & string;
  label: string;
  unit?: string;
  digits?: number;
  /** "year": printed as is ("2022"), never with a thousands separator. */
  format?: "year";
}

export const FIGURES: FigureMeta[] = [
  { key: "releaseYear", label: "Release year", format: "year" },
  { key: "memoryGB", label: "Memory", unit: "GB" },
  { key: "memoryType", label: "Memory type" },
  { key: "memoryBandwidthGBps", label: "Memory bandwidth", unit: "GB/s" },
  { key: "fp32Tflops", label: "FP32 (vector)", unit: "TFLOPS", digits: 1 },
  { key: "fp16Tflops", label: "FP16 (vector)", unit: "TFLOPS", digits: 1 },
  { key: "fp16TensorTflops", label: "FP16 tensor, dense", unit: "TFLOPS", digits: 1 },
  { key: "bf16TensorTflops", label: "BF16 tensor, dense", unit: "TFLOPS", digits: 1 },
  { key: "fp8TensorTflops", label: "FP8 tensor, dense", unit: "TFLOPS", digits: 1 },
  { key: "int8TensorTops", label: "INT8 tensor, dense", unit: "TOPS", digits: 0 },
  { key: "shaderCores", label: "Shader cores" },
  { key: "tensorCores", label: "Tensor / matrix cores" },
  { key: "tdpWatts", label: "Board power", unit: "W" },
  { key: "interconnect", label: "Interconnect" },
  { key: "interconnectBandwidthGBps", label: "Interconnect bandwidth", unit: "GB/s" },
  { key: "launchPriceUsd", label: "Launch price", unit: "USD" },
];

export const VENDOR_LABELS: Record<CatalogGpu["vendor"], string> = { nvidia: "NVIDIA", amd: "AMD", apple: "Apple", intel: "Intel" };
export const SEGMENT_LABELS: Record<CatalogGpu["segment"], string> = {
  consumer: "Consumer",
  workstation: "Workstation",
  datacenter: "Data center",
  "apple-silicon": "Apple silicon",
};

export function formatFigure(value: unknown, meta?: Pick<FigureMeta, "unit" | "digits" | "format">): string {
  if (value == null) return "—";
  if (typeof value !== "number" || meta?.format === "year") return String(value);
  if (meta?.unit === "USD") return `$${value.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
  const digits = meta?.digits ?? (Number.isInteger(value) ? 0 : 1);
  const text = value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return meta?.unit ? `${text} ${meta.unit}` : text;
}
