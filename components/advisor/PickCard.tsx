import { BOTTLENECK_LABELS, CONFIDENCE_LABELS, duration, gb, hours, sig, usd } from "@/lib/advisor/format";
import type { PickGroup } from "@/lib/advisor/results";
import { WorkingFold } from "./WorkingFold";
import { isOfferStale } from "@/lib/catalog/schema";

/** What "likely" promises (lib/model/bands.ts, docs/accuracy.md), shown on hover over a figure with a range. */
const RANGE_MEANING = "likely: at least 80% of published measurements of this kind, from sources the model was not fitted to, fell inside ranges like this";

function range(value: number | null, r: { low: number; high: number } | undefined, unit: string) {
  if (value == null) return "—";
  return r ? `${sig(value)} ${unit} (likely ${sig(r.low)}–${sig(r.high)})` : `${sig(value)} ${unit}`;
}

/**
 * One top pick: what to get, whether it fits, how fast, what it costs, and why. Its working
 * (assumptions, "show the math") loads when opened, from `working.dataUrl`, or without JavaScript
 * as the page at `working.pageUrl` (lib/advisor/working.ts).
 */
export function PickCard({ group, working }: { group: PickGroup; working: { dataUrl: string; pageUrl: string } }) {
  const { config } = group;
  const e = config.estimate;
  const inference = e.task === "inference";
  // A diffusion model or encoder without published FLOPs per sample has no speed (lib/model/estimate.ts): say so, and claim no bottleneck.
  const speedUnknown = inference && e.decodeTokensPerSecond == null && e.samplesPerSecond == null;
  return (
    <article className="card adv-pick" data-pick={group.kinds.join(" ")} data-gpu={e.gpu} data-count={e.count} aria-labelledby={`pick-${group.index}`}>
      <p className="adv-pick-kind">{group.titles.join(" · ")}</p>
      <h3 id={`pick-${group.index}`}>
        <a href={`/gpus/${e.gpu}`}>{e.gpuName}</a>
        {e.count > 1 ? <span className="adv-count"> × {e.count}</span> : null}
      </h3>
      <p className="adv-fit">
        <span className="badge adv-ok">{e.count > 1 ? `needs ${e.count} GPUs` : "fits on one GPU"}</span> {gb(e.memory.perGpuGB)} of {gb(e.memory.capacityGB)} usable per GPU
      </p>
      <dl className="adv-facts">
        {inference && e.decodeTokensPerSecond != null && (
          <>
            <dt>Speed per user</dt>
            <dd data-field="speed" title={e.ranges.decodeTokensPerSecond ? RANGE_MEANING : undefined}>
              {range(e.decodeTokensPerSecond, e.ranges.decodeTokensPerSecond, "tokens/s")}
            </dd>
            {e.throughputTokensPerSecond != null && config.speedLabel.includes("total") && (
              <>
                <dt>Total throughput</dt>
                <dd title={e.ranges.throughputTokensPerSecond ? RANGE_MEANING : undefined}>{range(e.throughputTokensPerSecond, e.ranges.throughputTokensPerSecond, "tokens/s")}</dd>
              </>
            )}
            <dt>Time to first token</dt>
            <dd>{duration(e.timeToFirstTokenSeconds)}</dd>
          </>
        )}
        {e.samplesPerSecond != null && inference && (
          <>
            <dt>Speed</dt>
            <dd data-field="speed" title={e.ranges.samplesPerSecond ? RANGE_MEANING : undefined}>
              {range(e.samplesPerSecond, e.ranges.samplesPerSecond, "samples/s")}
            </dd>
          </>
        )}
        {speedUnknown && (
          <>
            <dt>Speed</dt>
            <dd data-field="speed">unknown: memory and fit only</dd>
          </>
        )}
        {!inference && (
          <>
            <dt>Training time</dt>
            <dd data-field="speed" title={e.ranges.hours ? RANGE_MEANING : undefined}>
              {hours(e.hours)}
              {e.ranges.hours ? ` (likely ${hours(e.ranges.hours.low)}–${hours(e.ranges.hours.high)})` : ""}
            </dd>
            {e.tokensPerSecond != null && (
              <>
                <dt>Throughput</dt>
                <dd>{sig(e.tokensPerSecond)} tokens/s</dd>
              </>
            )}
          </>
        )}
        <dt>Confidence</dt>
        <dd>
          <span className={`badge adv-conf-${e.confidence}`}>{e.confidence}</span> {CONFIDENCE_LABELS[e.confidence]}
        </dd>
        {config.horizonCostLabel && (
          <>
            <dt>Total cost</dt>
            <dd data-field="horizon-cost">
              {config.acquisition === "rent" ? "Rent" : "Buy"}: {config.horizonCostLabel}
            </dd>
          </>
        )}
        <dt>Cost</dt>
        <dd data-field="cost">{config.costLabel}</dd>
        {config.maxContextTokens != null && (
          <>
            <dt>Longest context that fits</dt>
            <dd data-field="max-context">{config.maxContextTokens >= 2_000_000 ? "no memory limit (sliding window)" : `${config.maxContextTokens.toLocaleString("en-US")} tokens`}</dd>
          </>
        )}
        {e.cloud && (
          <>
            <dt>Rent</dt>
            <dd>
              {usd(e.cloud.priceUsdPerHour)}/h: {e.cloud.instances} × {e.cloud.provider} {e.cloud.instanceType} (
              <a href={e.cloud.sourceUrl} rel="noopener noreferrer" target="_blank">
                price seen {e.cloud.observedAt}
                {isOfferStale(e.cloud.observedAt) && ", may be out of date"}
              </a>
              )
            </dd>
          </>
        )}
        {e.purchase && (
          <>
            <dt>Buy</dt>
            <dd>
              {usd(e.purchase.priceUsd)} at launch price
              {e.purchase.electricityUsdPerHour != null ? `, then ${usd(e.purchase.electricityUsdPerHour)}/h of electricity` : ""}
              {e.purchase.breakEvenHours != null ? `; beats renting after ${hours(e.purchase.breakEvenHours)} of use` : ""}
            </dd>
          </>
        )}
        {e.energyKWh != null && (
          <>
            <dt>Energy</dt>
            <dd>
              {sig(e.energyKWh)} kWh {inference ? "per million output tokens" : "per run"}
            </dd>
          </>
        )}
        {!speedUnknown && (
          <>
            <dt>Limited by</dt>
            <dd>{BOTTLENECK_LABELS[e.bottleneck] ?? e.bottleneck}</dd>
          </>
        )}
      </dl>
      {config.shortfalls && config.shortfalls.length > 0 && (
        <p className="notice adv-small" data-field="shortfalls">
          Misses the need: {config.shortfalls.join("; ")}.
        </p>
      )}
      <ul className="adv-reasons">
        {/* Index keys: a static list, and a sentence as key would be written into the page a third time. */}
        {group.whys.map((why, i) => (
          <li key={`why-${i}`}>{why}</li>
        ))}
        {e.reasons.map((reason, i) => (
          <li key={`reason-${i}`}>{reason}</li>
        ))}
      </ul>
      <WorkingFold dataUrl={working.dataUrl} pageUrl={working.pageUrl} assumptions={e.assumptions.length} />
    </article>
  );
}
