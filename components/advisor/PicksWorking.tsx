import type { bottleneckRows, MemoryRow } from "@/lib/advisor/results";
import { sig } from "@/lib/advisor/format";
// The charts load on demand (recharts is ~110 KB gzipped); the tables are their text equivalents.
import { BottleneckChart, MemoryChart } from "./LazyCharts";

export type BottleneckTable = NonNullable<ReturnType<typeof bottleneckRows>>;

/** How the top picks use memory: a chart and its table (need by part against usable memory). */
export function MemorySection({ rows }: { rows: MemoryRow[] }) {
  return (
    <section aria-labelledby="memory-title" className="adv-section">
      <h2 id="memory-title">Memory of the top picks</h2>
      <MemoryChart rows={rows} />
      <p className="chart-takeaway">Each coloured bar is a pick&apos;s memory need, by part; the outlined bar below it is the memory its GPUs can use. The need must be the shorter of the two.</p>
      {/* Focusable: on a phone the table scrolls sideways inside its wrapper, and a keyboard must reach that too. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="memory-caption">
        <table>
          <caption id="memory-caption" className="adv-caption">Memory need by part against usable memory, GB, all GPUs of the configuration together</caption>
          <thead>
            <tr>
              <th scope="col">Configuration</th>
              <th scope="col" className="num">Weights</th>
              <th scope="col" className="num">KV cache</th>
              <th scope="col" className="num">Activations</th>
              <th scope="col" className="num">Gradients</th>
              <th scope="col" className="num">Optimizer</th>
              <th scope="col" className="num">Overhead</th>
              <th scope="col" className="num">Total</th>
              <th scope="col" className="num">Usable</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {[r.weights, r.kvCache, r.activations, r.gradients, r.optimizer, r.overhead, r.total, r.capacity].map((v, i) => (
                  <td key={i} className="num">
                    {sig(v)}
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

/** What limits the picks' speed: time per decode or training step by part, a chart and its table. */
export function BottleneckSection({ bottleneck }: { bottleneck: BottleneckTable }) {
  return (
    <section aria-labelledby="bottleneck-title" className="adv-section">
      <h2 id="bottleneck-title">What limits the speed</h2>
      <p className="muted adv-small">
        {bottleneck.unit === "decode step"
          ? "Time per generated token: the longest of memory traffic, compute and dequantization sets the pace (the roofline); fixed overhead and interconnect add to it."
          : "Time per training step: compute, plus the gradient all-reduce between GPUs where it is not hidden behind compute."}
      </p>
      <BottleneckChart rows={bottleneck.rows} unit={bottleneck.unit} />
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="bottleneck-caption">
        <table>
          <caption id="bottleneck-caption" className="adv-caption">Milliseconds per {bottleneck.unit}</caption>
          <thead>
            <tr>
              <th scope="col">Configuration</th>
              {bottleneck.unit === "decode step" && <th scope="col" className="num">Memory traffic</th>}
              <th scope="col" className="num">Compute</th>
              {bottleneck.unit === "decode step" && <th scope="col" className="num">Dequantization</th>}
              {bottleneck.unit === "decode step" && <th scope="col" className="num">Overhead</th>}
              <th scope="col" className="num">Interconnect</th>
              <th scope="col">Limited by</th>
            </tr>
          </thead>
          <tbody>
            {bottleneck.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {bottleneck.unit === "decode step" && <td className="num">{r.memory}</td>}
                <td className="num">{r.compute}</td>
                {bottleneck.unit === "decode step" && <td className="num">{r.dequant}</td>}
                {bottleneck.unit === "decode step" && <td className="num">{r.overhead}</td>}
                <td className="num">{r.interconnect}</td>
                <td>{r.bottleneck}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
