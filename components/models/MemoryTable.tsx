import type { memoryByPrecision } from "@/lib/advisor/model-page";
import { sig } from "@/lib/advisor/format";

const GB = 1e9;
const tokens = (n: number) => (n >= 1024 && n % 1024 === 0 ? `${(n / 1024).toLocaleString("en-US")}K` : n.toLocaleString("en-US"));

/** A model page's memory table: weights per precision, and weights + one sequence's KV cache at a few context lengths (lib/advisor/model-page.ts). */
export function MemoryTable({ name, memory }: { name: string; memory: ReturnType<typeof memoryByPrecision> }) {
  const { contexts, rows } = memory;
  return (
    <section aria-labelledby="memory-title" data-testid="model-memory">
      <h2 id="memory-title">Memory needed</h2>
      <p className="muted">
        Weights are parameters × bytes per weight (llama.cpp&apos;s quantization sizes for the GGUF formats).
        {contexts.length > 0
          ? " The KV cache holds keys and values for every token of one conversation (16-bit, 8-bit with FP8). The runtime adds 0.4–1 GB per GPU and working buffers on top (the advisor counts both)."
          : " This model keeps no KV cache; activations for a batch come on top."}
      </p>
      {/* No links inside to focus: the wrapper takes focus so a keyboard can scroll it on a phone. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={`${name}: memory by precision`}>
        <table>
          <caption className="adv-caption">
            {name}: memory by precision{contexts.length > 0 ? ", one sequence" : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">Precision</th>
              <th scope="col" className="num">
                Weights
              </th>
              {contexts.map((t) => (
                <th scope="col" className="num" key={t}>
                  + KV at {tokens(t)} tokens
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.precision} data-precision={r.precision}>
                <th scope="row">{r.precision}</th>
                <td className="num" data-field="weights">
                  {sig(r.weightsBytes / GB)} GB
                </td>
                {r.kvBytes.map((kv, i) => (
                  <td className="num" key={contexts[i]} data-context={contexts[i]}>
                    {sig((r.weightsBytes + kv) / GB)} GB <span className="muted">(KV {sig(kv / GB)})</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
