import type { RankedConfig } from "@/lib/model/recommend";
import { OffloadTable, type OffloadRow } from "./OffloadTable";

const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

/**
 * What a row's offload summary says beyond the table's cells: the whole summary where the split
 * does not fit system memory, else what follows its first sentence (on a Mac, how to let the GPU
 * wire more memory); null when the cells say it all. A summary of another shape is shown whole.
 */
function offloadNote(offload: NonNullable<RankedConfig["offload"]>): string | null {
  if (offload.fitsSystemMemory === false) return offload.summary;
  const first = /^With llama\.cpp offload \(-ngl \d+\): .*? tokens\/s\./.exec(offload.summary);
  if (!first) return offload.summary;
  const rest = offload.summary.slice(first[0].length).trim();
  return rest || null;
}

/**
 * One local GPU that cannot hold the model, run with llama.cpp partial offload: one table row each
 * (speed, the layer split, the cost), and a note under the table only where a row's summary says
 * more than its cells. The cells are worked out here and drawn by OffloadTable, a client component
 * given only their text: a server component's markup travels twice (HTML and the React Server
 * Components payload), client props once, which keeps about 3 KB off each results page.
 */
export function OffloadSection({ options }: { options: RankedConfig[] }) {
  const rows: OffloadRow[] = options.map((c) => {
    const o = c.offload;
    const gpuGB = num(o?.gpuGB);
    const systemGB = num(o?.systemGB);
    const bandwidth = num(o?.systemMemoryBandwidthGBps);
    return [
      c.acquisition === "rent" ? "rent" : "buy",
      c.estimate.gpu,
      c.estimate.gpuName,
      c.perUserTokensPerSecond ?? null,
      o ? `${o.gpuLayers} of ${o.layers}${gpuGB != null ? ` (${gpuGB} GB)` : ""}` : "—",
      o && systemGB != null ? `${systemGB} GB${bandwidth != null ? ` at ${bandwidth} GB/s` : ""}` : "—",
      c.horizonCostLabel,
    ];
  });
  const notes = options.flatMap((c) => {
    const note = c.offload ? offloadNote(c.offload) : null;
    return note ? [`${c.estimate.gpuName}: ${note}`] : [];
  });
  return <OffloadTable rows={rows} notes={notes} />;
}
