import type { RecommendationRequest } from "@/lib/api/schemas";
import type { Recommendation } from "@/lib/model/recommend";
import { sig } from "@/lib/advisor/format";
import { packRows } from "@/lib/advisor/packed-rows";
import { bottleneckRows, configLabel, costSpeedPoints, COST_KIND_LABELS, describeRequest, groupPicks, memoryRows, tableRows } from "@/lib/advisor/results";
// The cost/speed chart loads on demand (recharts is ~110 KB gzipped); its text equivalent, the frontier sentence, is in the HTML.
import { CostSpeedChart } from "./LazyCharts";
import { OffloadSection } from "./OffloadSection";
import { PickCard } from "./PickCard";
import { PicksWorkingFold } from "./PicksWorkingFold";
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
  working,
  rowsUrl,
}: {
  recommendation: Recommendation;
  request: RecommendationRequest;
  /**
   * The folded working: each pick card's loads from `pickUrl(index)` (JSON, lib/advisor/working.ts;
   * index in `results`), and all of it is the page at `pageUrl` (without JavaScript).
   */
  working: { pickUrl: (index: number) => string; pageUrl: string };
  /**
   * Where the table loads the rows past the first TABLE_TOP_ROWS, and the folded memory and
   * bottleneck tables theirs (JSON `{rows, points, memory, bottleneck}`); without it all are sent.
   */
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
          <span className="adv-answer-kind">{groups[0].titles[0]}:</span> <strong>{configLabel(groups[0].config)}</strong>,{" "}
          {groups[0].config.speed == null ? (inference ? "speed unknown" : "run time unknown") : groups[0].config.speedLabel},{" "}
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
      {recommendation.notes.map((note, i) => (
        <p key={i} className="notice" role="status">
          {note}
        </p>
      ))}

      {groups.length > 0 && (
        <section aria-labelledby="picks-title">
          <h2 id="picks-title">Top picks</h2>
          <div className="adv-picks">
            {groups.map((group) => (
              <PickCard key={group.index} group={group} working={{ dataUrl: working.pickUrl(group.index), pageUrl: `${working.pageUrl}#working-${group.index}` }} />
            ))}
          </div>
        </section>
      )}

      {(recommendation.offloadOptions?.length ?? 0) > 0 && (
        <OffloadSection options={recommendation.offloadOptions} />
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
        <PicksWorkingFold {...(rowsUrl ? { dataUrl: rowsUrl, pageUrl: working.pageUrl } : { parts: { memory, bottleneck } })} />
      )}

      {recommendation.results.length > 0 && (
        <section aria-labelledby="table-title" className="adv-section">
          <h2 id="table-title">Every configuration that fits</h2>
          <RankedTable
            top={packRows(rowsUrl ? tableRows(recommendation).slice(0, TABLE_TOP_ROWS) : tableRows(recommendation))}
            total={recommendation.results.length}
            rowsUrl={rowsUrl}
            energyUnit={inference ? "per M tokens" : "per run"}
          />
        </section>
      )}
    </div>
  );
}
