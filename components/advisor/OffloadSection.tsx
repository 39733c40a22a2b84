import type { RankedConfig } from "@/lib/model/recommend";

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
 * more than its cells.
 */
export function OffloadSection({ options }: { options: RankedConfig[] }) {
  const notes = options.flatMap((c) => {
    const note = c.offload ? offloadNote(c.offload) : null;
    return note ? [{ key: `${c.acquisition}-${c.estimate.gpu}`, gpuName: c.estimate.gpuName, note }] : [];
  });
  return (
    <section aria-labelledby="offload-title" className="adv-section" data-testid="offload-options">
      <h2 id="offload-title">With CPU offload (the model does not fit in GPU memory)</h2>
      <p className="muted adv-small">
        llama.cpp (and Ollama, LM Studio) can keep some layers in system memory and run them on the CPU, at system-memory speed (<code>-ngl</code> sets the layers
        kept on the GPU). These run, but slower than a configuration that holds the whole model.
      </p>
      {/* Focusable: on a phone the table scrolls sideways inside its wrapper, and a keyboard must reach that too. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="offload-caption">
        <table className="adv-offload">
          <caption id="offload-caption" className="sr-only">GPUs that run the model with CPU offload</caption>
          <thead>
            <tr>
              <th scope="col">GPU</th>
              <th scope="col" className="num">
                Tokens/s per user
              </th>
              <th scope="col">Layers on the GPU</th>
              <th scope="col">In system memory</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {options.map((c) => {
              const o = c.offload;
              const gpuGB = num(o?.gpuGB);
              const systemGB = num(o?.systemGB);
              const bandwidth = num(o?.systemMemoryBandwidthGBps);
              return (
                <tr key={`${c.acquisition}-${c.estimate.gpu}`} data-gpu={c.estimate.gpu}>
                  <th scope="row">{c.estimate.gpuName}</th>
                  <td className="num">{c.perUserTokensPerSecond ?? "—"}</td>
                  <td>{o ? `${o.gpuLayers} of ${o.layers}${gpuGB != null ? ` (${gpuGB} GB)` : ""}` : "—"}</td>
                  <td>{o && systemGB != null ? `${systemGB} GB${bandwidth != null ? ` at ${bandwidth} GB/s` : ""}` : "—"}</td>
                  <td>
                    {c.acquisition === "rent" ? "Rent" : "Buy"}: {c.horizonCostLabel}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {notes.length > 0 && (
        <ul className="muted adv-small">
          {notes.map((n) => (
            <li key={n.key}>
              {n.gpuName}: {n.note}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
