"use client";

/**
 * One offload row as OffloadSection sends it: acquisition, GPU slug, GPU name, tokens/s per user
 * (null when unknown), layers on the GPU, what is in system memory, and the horizon cost.
 */
export type OffloadRow = ["buy" | "rent", string, string, number | null, string, string, string];

/**
 * The offload section's markup (OffloadSection works out its cells). A client component with no
 * state, on purpose: its props, compact text, are all the page's payload carries of it.
 */
export function OffloadTable({ rows, notes }: { rows: OffloadRow[]; notes: string[] }) {
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
            {rows.map(([acquisition, gpu, gpuName, speed, layers, system, cost]) => (
              <tr key={`${acquisition}-${gpu}`} data-gpu={gpu}>
                <th scope="row">{gpuName}</th>
                <td className="num">{speed ?? "—"}</td>
                <td>{layers}</td>
                <td>{system}</td>
                <td>
                  {acquisition === "rent" ? "Rent" : "Buy"}: {cost}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {notes.length > 0 && (
        <ul className="muted adv-small">
          {notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
