import type { RecommendationRequest } from "@/lib/api/schemas";
import type { Calibration } from "@/lib/model/estimate";
import type { Recommendation } from "@/lib/model/recommend";
import { sig } from "@/lib/advisor/format";
import { bottleneckRows, configLabel, costSpeedPoints, COST_KIND_LABELS, describeRequest, groupPicks, memoryRows, tableRows } from "@/lib/advisor/results";
// The charts load on demand (recharts is ~110 KB gzipped); their text equivalents are in the HTML.
import { BottleneckChart, CostSpeedChart, MemoryChart } from "./LazyCharts";
import { PickCard } from "./PickCard";
import { RankedTable } from "./RankedTable";

/** Rows of the ranked table written into the page; the rest load on demand (RankedTable). */
export const TABLE_TOP_ROWS = 10;

/**
 * The results of a recommendation, drawn only from the Recommendation object: the live results
 * page and a stored share snapshot render the very same numbers.
 */
export function Results({
  recommendation,
  request,
  sources,
  calibrations = {},
  rowsUrl,
}: {
  recommendation: Recommendation;
  request: RecommendationRequest;
  /** Catalog source URLs by GPU slug, then by figure, for "show the math". */
  sources: Record<string, Record<string, string>>;
  calibrations?: Record<string, Calibration>;
  /** Where the table loads the rows past the first TABLE_TOP_ROWS (JSON `{rows}`); without it every row is sent. */
  rowsUrl?: string;
}) {
  const groups = groupPicks(recommendation);
  const scatter = costSpeedPoints(recommendation);
  const memory = memoryRows(groups);
  const bottleneck = bottleneckRows(groups);
  const inference = request.workload.task === "inference";
  const speedAxis = inference ? (request.workload.batchSize > 1 ? "tokens/s, all users" : "tokens/s per user") : "runs per hour (1 ÷ hours)";
  const frontier = scatter.points.filter((p) => p.frontier).sort((a, b) => a.cost - b.cost);
  const { excluded } = recommendation;
  return (
    <div className="adv-results">
      {groups[0] && (
        <p className="adv-answer" data-testid="answer">
          <span className="adv-answer-kind">{groups[0].titles[0]}:</span> <strong>{configLabel(groups[0].config)}</strong>, {groups[0].config.speedLabel},{" "}
          {groups[0].config.costLabel}. <span className="muted">{groups[0].whys[0]?.split(/(?<=\.)\s/)[0]}</span>
        </p>
      )}
      <p className="adv-summary" data-testid="request-summary">
        {describeRequest(request, recommendation)}
      </p>
      <p className="muted adv-small">
        {recommendation.considered} configurations scored, {recommendation.results.length} fit and meet the constraints ({excluded.doesNotFit} do not fit,{" "}
        {excluded.byConstraints} outside the constraints, {excluded.noPrice} without a price for this choice).
      </p>
      {recommendation.need && recommendation.horizon && (
        <p className="adv-small" data-testid="need">
          <strong>Need:</strong> {recommendation.need.text}. <strong>Costs:</strong> {recommendation.horizon.basis === "usage" ? `total ${recommendation.horizon.text}` : "for the run"}, buying (price + electricity) and renting (hours × hourly price) alike.
        </p>
      )}
      {recommendation.notes.map((note) => (
        <p key={note} className="notice" role="status">
          {note}
        </p>
      ))}

      {groups.length > 0 && (
        <section aria-labelledby="picks-title">
          <h2 id="picks-title">Top picks</h2>
          <div className="adv-picks">
            {groups.map((group) => (
              <PickCard
                key={group.index}
                group={group}
                sources={sources[group.config.estimate.gpu] ?? {}}
                calibration={calibrations[group.config.estimate.gpu]}
                trainingTokens={inference ? undefined : request.workload.trainingTokens}
              />
            ))}
          </div>
        </section>
      )}

      {(recommendation.offloadOptions?.length ?? 0) > 0 && (
        <section aria-labelledby="offload-title" className="adv-section" data-testid="offload-options">
          <h2 id="offload-title">With CPU offload (the model does not fit in GPU memory)</h2>
          <p className="muted adv-small">
            llama.cpp (and Ollama, LM Studio) can keep some layers in system memory and run them on the CPU, at system-memory speed. These run, but slower than a
            configuration that holds the whole model.
          </p>
          <ul className="adv-offload">
            {recommendation.offloadOptions.map((c) => (
              <li key={`${c.acquisition}-${c.estimate.gpu}`} data-gpu={c.estimate.gpu}>
                <strong>{c.estimate.gpuName}</strong> with CPU offload: about {c.perUserTokensPerSecond ?? "—"} tokens/s per user
                {c.offload ? `, ${c.offload.gpuLayers} of ${c.offload.layers} layers on the GPU` : ""}; {c.acquisition === "rent" ? "rent" : "buy"} {c.horizonCostLabel}.
                {c.offload ? <span className="muted adv-small"> {c.offload.summary}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      )}

      {scatter.points.length > 1 && scatter.kind && (
        <section aria-labelledby="scatter-title" className="adv-section">
          <h2 id="scatter-title">Cost against speed</h2>
          <p className="muted adv-small">
            Each dot is a configuration; on the blue line nothing is both cheaper and faster. Cost is the {COST_KIND_LABELS[scatter.kind]}
            {scatter.left > 0 ? `; ${scatter.left} configurations priced another way are left out` : ""}.
          </p>
          <CostSpeedChart points={rowsUrl ? undefined : scatter.points} pointsUrl={rowsUrl} costLabel={COST_KIND_LABELS[scatter.kind]} speedLabel={speedAxis} />
          <p className="muted adv-small" id="scatter-text">
            Pareto frontier, cheapest first:{" "}
            {frontier.map((p) => `${p.label}: $${sig(p.cost)}, ${sig(p.speed)} ${speedAxis}`).join("; ")}. {scatter.points.length - frontier.length} other configurations
            are both slower and dearer than one of these.
          </p>
        </section>
      )}

      {(memory.length > 0 || (bottleneck && bottleneck.rows.length > 0)) && (
        <details className="fold" data-testid="results-details">
          <summary>The working: how the picks use memory, and what limits their speed</summary>
          {memory.length > 0 && (
            <section aria-labelledby="memory-title" className="adv-section">
              <h2 id="memory-title">Memory of the top picks</h2>
              <MemoryChart rows={memory} />
              <p className="chart-takeaway">Each coloured bar is a pick&apos;s memory need, by part; the outlined bar below it is the memory its GPUs can use. The need must be the shorter of the two.</p>
              <div className="table-wrap">
                <table>
                  <caption className="adv-caption">Memory need by part against usable memory, GB, all GPUs of the configuration together</caption>
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
                    {memory.map((r) => (
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
          )}

          {bottleneck && bottleneck.rows.length > 0 && (
            <section aria-labelledby="bottleneck-title" className="adv-section">
              <h2 id="bottleneck-title">What limits the speed</h2>
              <p className="muted adv-small">
                {bottleneck.unit === "decode step"
                  ? "Time per generated token: the longest of memory traffic, compute and dequantization sets the pace (the roofline); fixed overhead and interconnect add to it."
                  : "Time per training step: compute, plus the gradient all-reduce between GPUs where it is not hidden behind compute."}
              </p>
              <BottleneckChart rows={bottleneck.rows} unit={bottleneck.unit} />
              <div className="table-wrap">
                <table>
                  <caption className="adv-caption">Milliseconds per {bottleneck.unit}</caption>
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
          )}
        </details>
      )}

      {recommendation.results.length > 0 && (
        <section aria-labelledby="table-title" className="adv-section">
          <h2 id="table-title">Every configuration that fits</h2>
          <RankedTable
            rows={rowsUrl ? tableRows(recommendation).slice(0, TABLE_TOP_ROWS) : tableRows(recommendation)}
            total={recommendation.results.length}
            rowsUrl={rowsUrl}
            energyUnit={inference ? "per M tokens" : "per run"}
          />
        </section>
      )}
    </div>
  );
}
