import { z } from "zod";
import { SEGMENTS, VENDORS } from "./schema";
import type { CatalogGpu } from "./types";

/** Sortable columns of the GPU table and API. */
export const SORT_FIELDS = [
  "name",
  "vendor",
  "releaseYear",
  "memoryGB",
  "memoryBandwidthGBps",
  "fp32Tflops",
  "fp16TensorTflops",
  "bf16TensorTflops",
  "fp8TensorTflops",
  "int8TensorTops",
  "tdpWatts",
  "launchPriceUsd",
] as const;
export type SortField = (typeof SORT_FIELDS)[number];

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((raw) => raw.split(",").map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

const optionalNumber = z.coerce.number().finite().nonnegative().max(1_000_000).optional();

/** Query parameters of /gpus and GET /api/v1/gpus (both read the URL with this schema). */
export const gpuQuerySchema = z
  .object({
    vendor: csvOf(VENDORS).optional(),
    segment: csvOf(SEGMENTS).optional(),
    q: z.string().trim().max(100).optional(),
    minMemoryGB: optionalNumber,
    maxPriceUsd: optionalNumber,
    sort: z.enum(SORT_FIELDS).optional(),
    order: z.enum(["asc", "desc"]).optional(),
    includeRetired: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  })
  .strict();
export type GpuQuery = z.infer<typeof gpuQuerySchema>;

/** Reads a URLSearchParams-like record into a GpuQuery (empty values count as absent). */
export function parseGpuQuery(params: Iterable<[string, string]>) {
  const record: Record<string, string> = {};
  for (const [key, value] of params) if (value !== "") record[key] = value;
  return gpuQuerySchema.safeParse(record);
}

export function filterGpus(gpus: CatalogGpu[], query: GpuQuery): CatalogGpu[] {
  const needle = query.q?.toLowerCase();
  const filtered = gpus.filter(
    (gpu) =>
      (query.includeRetired || !gpu.retired) &&
      (!query.vendor?.length || query.vendor.includes(gpu.vendor)) &&
      (!query.segment?.length || query.segment.includes(gpu.segment)) &&
      (query.minMemoryGB === undefined || gpu.memoryGB >= query.minMemoryGB) &&
      (query.maxPriceUsd === undefined || (gpu.launchPriceUsd != null && gpu.launchPriceUsd <= query.maxPriceUsd)) &&
      (!needle || gpu.name.toLowerCase().includes(needle) || gpu.slug.includes(needle)),
  );
  const sort = query.sort ?? "name";
  const direction = (query.order ?? (sort === "name" || sort === "vendor" ? "asc" : "desc")) === "asc" ? 1 : -1;
  return filtered.sort((a, b) => {
    const x = a[sort];
    const y = b[sort];
    // Missing figures sort last in either direction.
    if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1;
    if (typeof x === "string" && typeof y === "string") return direction * x.localeCompare(y);
    return direction * ((x as number) - (y as number)) || a.name.localeCompare(b.name);
  });
}
