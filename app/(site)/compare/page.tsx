import type { Metadata } from "next";
import Link from "next/link";
import { CompareChart, type CompareDatum } from "@/components/CompareChart";
import { FIGURES, formatFigure } from "@/lib/catalog/fields";
import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compare GPUs" };

const MAX_COMPARED = 6;

function requestedSlugs(raw: string | string[] | undefined): string[] {
  const values = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return [...new Set(values.flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean))].slice(0, MAX_COMPARED);
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const slugs = requestedSlugs((await searchParams).gpus);
  const catalog = await loadCatalog(await getPrisma());
  const gpus = slugs.map((slug) => catalog.gpus.find((g) => g.slug === slug)).filter((g) => g !== undefined);
  const unknown = slugs.filter((slug) => !catalog.gpus.some((g) => g.slug === slug));

  const chartMetrics = [
    { key: "memoryGB", label: "Memory (GB)" },
    { key: "memoryBandwidthGBps", label: "Bandwidth (100 GB/s)", scale: 0.01 },
    { key: "fp32Tflops", label: "FP32 TFLOPS" },
    { key: "bf16TensorTflops", label: "BF16 tensor TFLOPS" },
  ] as const;
  const chartData: CompareDatum[] = chartMetrics.map((m) => {
    const row: CompareDatum = { metric: m.label };
    for (const gpu of gpus) {
      const value = gpu[m.key];
      row[gpu.name] = value == null ? null : Math.round(value * ("scale" in m ? m.scale : 1) * 10) / 10;
    }
    return row;
  });

  return (
    <>
      <h1>Compare GPUs</h1>
      {unknown.length > 0 && (
        <p className="notice" role="alert">
          Not in the catalog: {unknown.join(", ")}.
        </p>
      )}
      <form method="get" action="/compare" className="filters">
        <label className="stack">
          GPUs to compare (comma-separated slugs)
          <input type="text" name="gpus" defaultValue={slugs.join(",")} list="gpu-slugs" size={40} />
        </label>
        <datalist id="gpu-slugs">
          {catalog.gpus.map((g) => (
            <option key={g.slug} value={g.slug}>
              {g.name}
            </option>
          ))}
        </datalist>
        <button type="submit">Compare</button>
      </form>
      {gpus.length === 0 ? (
        <p>
          Pick GPUs on the <Link href="/gpus">catalog page</Link>, or try{" "}
          <Link href="/compare?gpus=rtx-4090,rtx-3090,a100-sxm4-80gb,h100-sxm">RTX 4090 vs RTX 3090 vs A100 vs H100</Link>.
        </p>
      ) : (
        <>
          <CompareChart data={chartData} names={gpus.map((g) => g.name)} title="Headline figures side by side (the table below has every figure)" />
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Figure</th>
                  {gpus.map((gpu) => (
                    <th key={gpu.slug} scope="col" className="num">
                      <Link href={`/gpus/${gpu.slug}`}>{gpu.name}</Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {FIGURES.map((figure) => (
                  <tr key={figure.key}>
                    <th scope="row">{figure.label}</th>
                    {gpus.map((gpu) => (
                      <td key={gpu.slug} className="num">
                        {formatFigure(gpu[figure.key], figure)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
