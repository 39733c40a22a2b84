import { BOTTLENECK_LABELS, CONFIDENCE_LABELS, duration, gb, hours, sig, usd } from "@/lib/advisor/format";
import { maxContextLabel, type PickGroup } from "@/lib/advisor/results";
import { isOfferStale } from "@/lib/catalog/schema";
import { PickCardView, type Fact } from "./PickCardView";

function range(value: number | null, r: { low: number; high: number } | undefined, unit: string) {
  if (value == null) return "—";
  return r ? `${sig(value)} ${unit} (likely ${sig(r.low)}–${sig(r.high)})` : `${sig(value)} ${unit}`;
}

/** A Fact without trailing empty places (the payload would write each one). */
function fact(term: string, text: string, field?: string | null, extra?: Fact[3]): Fact {
  const f: Fact = [term, text, field ?? null, extra];
  while (f.length > 2 && f[f.length - 1] == null) f.pop();
  return f;
}

/**
 * One top pick: what to get, whether it fits, how fast, what it costs, and why. Its working
 * (assumptions, "show the math") loads when opened, from `working.dataUrl`, or without JavaScript
 * as the page at `working.pageUrl` (lib/advisor/working.ts). The card's text is worked out here and
 * drawn by PickCardView, a client component: a server component's markup travels twice (HTML and
 * the React Server Components payload), client props once, about 1.3 KB less per card.
 */
export function PickCard({ group, working }: { group: PickGroup; working: { dataUrl: string; pageUrl: string } }) {
  const { config } = group;
  const e = config.estimate;
  const inference = e.task === "inference";
  // A diffusion model or encoder without published FLOPs per sample has no speed (lib/model/estimate.ts): say so, and claim no bottleneck.
  const speedUnknown = inference && e.decodeTokensPerSecond == null && e.samplesPerSecond == null;
  const facts: Fact[] = [];
  if (inference && e.decodeTokensPerSecond != null) {
    facts.push(fact("Speed per user", range(e.decodeTokensPerSecond, e.ranges.decodeTokensPerSecond, "tokens/s"), "speed", e.ranges.decodeTokensPerSecond ? { likely: 1 } : undefined));
    if (e.throughputTokensPerSecond != null && config.speedLabel.includes("total")) {
      facts.push(fact("Total throughput", range(e.throughputTokensPerSecond, e.ranges.throughputTokensPerSecond, "tokens/s"), null, e.ranges.throughputTokensPerSecond ? { likely: 1 } : undefined));
    }
    facts.push(fact("Time to first token", duration(e.timeToFirstTokenSeconds)));
  }
  if (e.samplesPerSecond != null && inference) facts.push(fact("Speed", range(e.samplesPerSecond, e.ranges.samplesPerSecond, "samples/s"), "speed", e.ranges.samplesPerSecond ? { likely: 1 } : undefined));
  if (speedUnknown) facts.push(fact("Speed", "unknown: memory and fit only", "speed"));
  if (!inference) {
    facts.push(fact("Training time", `${hours(e.hours)}${e.ranges.hours ? ` (likely ${hours(e.ranges.hours.low)}–${hours(e.ranges.hours.high)})` : ""}`, "speed", e.ranges.hours ? { likely: 1 } : undefined));
    if (e.tokensPerSecond != null) facts.push(fact("Throughput", `${sig(e.tokensPerSecond)} tokens/s`));
  }
  facts.push(fact("Confidence", ` ${CONFIDENCE_LABELS[e.confidence]}`, null, { badge: e.confidence }));
  if (config.horizonCostLabel) facts.push(fact("Total cost", `${config.acquisition === "rent" ? "Rent" : "Buy"}: ${config.horizonCostLabel}`, "horizon-cost"));
  facts.push(fact("Cost", config.costLabel, "cost"));
  if (config.maxContextTokens != null) {
    facts.push(fact("Longest context that fits", maxContextLabel(config.maxContextTokens), "max-context"));
  }
  if (e.cloud) {
    const link = `price seen ${e.cloud.observedAt}${isOfferStale(e.cloud.observedAt) ? ", may be out of date" : ""}`;
    facts.push(fact("Rent", `${usd(e.cloud.priceUsdPerHour)}/h: ${e.cloud.instances} × ${e.cloud.provider} ${e.cloud.instanceType} (`, null, { link: [e.cloud.sourceUrl, link, ")"] }));
  }
  if (e.purchase) {
    const power = e.purchase.electricityUsdPerHour != null ? `, then ${usd(e.purchase.electricityUsdPerHour)}/h of electricity` : "";
    const breakEven = e.purchase.breakEvenHours != null ? `; beats renting after ${hours(e.purchase.breakEvenHours)} of use` : "";
    facts.push(fact("Buy", `${usd(e.purchase.priceUsd)} at launch price${power}${breakEven}`));
  }
  if (e.energyKWh != null) facts.push(fact("Energy", `${sig(e.energyKWh)} kWh ${inference ? "per million output tokens" : "per run"}`));
  if (!speedUnknown) facts.push(fact("Limited by", BOTTLENECK_LABELS[e.bottleneck] ?? e.bottleneck));
  return (
    <PickCardView
      index={group.index}
      kinds={group.kinds.join(" ")}
      titles={group.titles.join(" · ")}
      gpu={e.gpu}
      gpuName={e.gpuName}
      count={e.count}
      fit={`${gb(e.memory.perGpuGB)} of ${gb(e.memory.capacityGB)} usable per GPU`}
      facts={facts}
      shortfalls={config.shortfalls && config.shortfalls.length > 0 ? config.shortfalls.join("; ") : null}
      whys={group.whys}
      reasons={e.reasons}
      working={{ ...working, assumptions: e.assumptions.length }}
    />
  );
}
