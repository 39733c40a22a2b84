import type { Metadata } from "next";
import Link from "next/link";
import { filterGpus, gpuQuerySchema, parseGpuQuery, type GpuQuery, type SortField } from "@/lib/catalog/filters";
import { FIGURES, formatFigure, SEGMENT_LABELS, VENDOR_LABELS } from "@/lib/catalog/fields";
import { loadCatalog } from "@/lib/catalog/queries";
import { SEGMENTS, VENDORS } from "@/lib/catalog/schema";
import { getPrisma } from "@/lib/db";
import { fieldIssues } from "@/lib/validation";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "GPU catalog" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const COLUMNS: { key: SortField; label: string; unit?: string; digits?: number }[] = [
  { key: "memoryGB", label: "Memory", unit: "GB" },
  { key: "memoryBandwidthGBps", label: "Bandwidth", unit: "GB/s" },
  { key: "fp32Tflops", label: "FP32", unit: "TFLOPS", digits: 1 },
  { key: "fp16TensorTflops", label: "FP16 tensor", unit: "TFLOPS", digits: 1 },
  { key: "bf16TensorTflops", label: "BF16 tensor", unit: "TFLOPS", digits: 1 },
  { key: "fp8TensorTflops", label: "FP8 tensor", unit: "TFLOPS", digits: 1 },
  { key: "tdpWatts", label: "Power", unit: "W" },
  { key: "launchPriceUsd", label: "Launch price", unit: "USD" },
  { key: "releaseYear", label: "Year" },
];

function flatten(params: Record<string, string | string[] | undefined>): [string, string][] {
  return Object.entries(params).flatMap(([key, value]) =>
    value === undefined ? [] : Array.isArray(value) ? [[key, value.join(",")] as [string, string]] : [[key, value] as [string, string]],
  );
}

function hrefWith(query: GpuQuery, change: Partial<Record<keyof GpuQuery, string | undefined>>): string {
  const params = new URLSearchParams();
  const base: Record<string, string | undefined> = {
    q: query.q,
    vendor: query.vendor?.join(","),
    segment: query.segment?.join(","),
    minMemoryGB: query.minMemoryGB?.toString(),
    maxPriceUsd: query.maxPriceUsd?.toString(),
    sort: query.sort,
    order: query.order,
  };
  for (const [key, value] of Object.entries({ ...base, ...change })) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `/gpus?${text}` : "/gpus";
}

export default async function GpusPage({ searchParams }: { searchParams: SearchParams }) {
  const parsed = parseGpuQuery(flatten(await searchParams));
  const query: GpuQuery = parsed.success ? parsed.data : gpuQuerySchema.parse({});
  const catalog = await loadCatalog(await getPrisma());
  const gpus = filterGpus(catalog.gpus, query);
  const sort = query.sort ?? "name";
  const order = query.order ?? (sort === "name" || sort === "vendor" ? "asc" : "desc");

  const sortHeader = (key: SortField, label: string, className?: string) => {
    const active = sort === key;
    const nextOrder = active && order === "desc" ? "asc" : active ? "desc" : key === "name" || key === "vendor" ? "asc" : "desc";
    return (
      <th className={className} aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"} scope="col">
        <Link href={hrefWith(query, { sort: key, order: nextOrder })} data-sort={key}>
          {label}
          {active ? (order === "asc" ? " ▲" : " ▼") : ""}
        </Link>
      </th>
    );
  };

  return (
    <>
      <h1>GPU catalog</h1>
      <p className="muted">
        {catalog.gpus.filter((g) => !g.retired).length} GPUs, every figure sourced. Throughput is dense; tensor FP16/BF16 with FP32 accumulate.
      </p>
      {!parsed.success && (
        <p className="notice" role="alert">
          Some filters were not understood and were ignored: {fieldIssues(parsed.error).map((i) => `${i.path}: ${i.message}`).join("; ")}
        </p>
      )}
      <form className="filters" method="get" action="/gpus" aria-label="Filter GPUs">
        <label className="stack">
          Search
          <input type="search" name="q" defaultValue={query.q ?? ""} placeholder="e.g. 4090" />
        </label>
        <fieldset>
          <legend>Vendor</legend>
          {VENDORS.map((vendor) => (
            <label key={vendor}>
              <input type="checkbox" name="vendor" value={vendor} defaultChecked={query.vendor?.includes(vendor)} /> {VENDOR_LABELS[vendor]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Segment</legend>
          {SEGMENTS.map((segment) => (
            <label key={segment}>
              <input type="checkbox" name="segment" value={segment} defaultChecked={query.segment?.includes(segment)} /> {SEGMENT_LABELS[segment]}
            </label>
          ))}
        </fieldset>
        <label className="stack">
          Min memory (GB)
          <input type="number" name="minMemoryGB" min={0} step="any" defaultValue={query.minMemoryGB ?? ""} />
        </label>
        <label className="stack">
          Max launch price (USD)
          <input type="number" name="maxPriceUsd" min={0} step="any" defaultValue={query.maxPriceUsd ?? ""} />
        </label>
        {query.sort && <input type="hidden" name="sort" value={query.sort} />}
        {query.order && <input type="hidden" name="order" value={query.order} />}
        <button type="submit">Apply filters</button>
        <Link href="/gpus">Reset</Link>
      </form>
      <form method="get" action="/compare">
        <p className="muted" id="result-count" aria-live="polite">
          {gpus.length} shown. Tick up to 6 and press Compare.{" "}
          <button type="submit" className="secondary">
            Compare selected
          </button>
        </p>
        <div className="table-wrap">
          <table aria-describedby="result-count">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">Compare</span>
                </th>
                {sortHeader("name", "GPU")}
                {sortHeader("vendor", "Vendor")}
                {COLUMNS.map((c) => sortHeader(c.key, c.unit && c.unit !== "USD" ? `${c.label} (${c.unit})` : c.label, "num"))}
              </tr>
            </thead>
            <tbody>
              {gpus.map((gpu) => (
                <tr key={gpu.slug} data-slug={gpu.slug}>
                  <td>
                    <input type="checkbox" name="gpus" value={gpu.slug} aria-label={`Compare ${gpu.name}`} />
                  </td>
                  <td>
                    <Link href={`/gpus/${gpu.slug}`}>{gpu.name}</Link>
                  </td>
                  <td>{VENDOR_LABELS[gpu.vendor]}</td>
                  {COLUMNS.map((c) => (
                    <td key={c.key} className="num" data-col={c.key}>
                      {formatFigure(gpu[c.key], { unit: c.unit === "USD" ? "USD" : undefined, digits: c.digits ?? FIGURES.find((f) => f.key === c.key)?.digits, format: FIGURES.find((f) => f.key === c.key)?.format })}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </form>
    </>
  );
}
