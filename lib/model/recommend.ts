import { z } from "zod";
import type { Catalog, CatalogGpu } from "../catalog/types";
import { SEGMENTS, VENDORS } from "../catalog/schema";
import { resolveWorkload, type ResolvedWorkload } from "../workload/resolve";
import type { Workload } from "../workload/schema";
import { engineFor, estimate, groupThousands, inferenceSplit, minimumGpus, type Calibration, type Estimate, type EstimateContext } from "./estimate";

/** Constraints and objective of a recommendation: one schema for the questionnaire, API and CLI. */
export const FORM_FACTOR_CHOICES = ["laptop", "desktop", "workstation", "server", "cloud"] as const;
export const OBJECTIVES = ["fastest", "cheapest", "value", "energy"] as const;
export type Objective = (typeof OBJECTIVES)[number];

export const constraintsSchema = z
  .object({
    /** Buy the hardware, rent it in the cloud, or consider both. */
    mode: z.enum(["buy", "rent", "any"]).default("any"),
    /** Purchase budget for all GPUs together, USD. */
    budgetUsd: z.number().finite().positive().max(1e9).optional(),
    /** Rental budget, USD per hour for all GPUs together. */
    budgetUsdPerHour: z.number().finite().positive().max(1e6).optional(),
    vendors: z.array(z.enum(VENDORS)).max(VENDORS.length).optional(),
    segments: z.array(z.enum(SEGMENTS)).max(SEGMENTS.length).optional(),
    formFactors: z.array(z.enum(FORM_FACTOR_CHOICES)).max(FORM_FACTOR_CHOICES.length).optional(),
    maxGpus: z.number().int().min(1).max(8).default(8),
    electricityUsdPerKWh: z.number().finite().min(0).max(5).default(0.15),
    /** Wanted decode speed per user (inference) in tokens/s. */
    targetTokensPerSecond: z.number().finite().positive().max(1e7).optional(),
    /** Wanted training time, hours. */
    maxHours: z.number().finite().positive().max(1e6).optional(),
  })
  .strict();
export type Constraints = z.output<typeof constraintsSchema>;
export type ConstraintsInput = z.input<typeof constraintsSchema>;

export type CostKind = "rent-per-million-tokens" | "rent-per-run" | "rent-per-hour" | "purchase";

export interface RankedConfig {
  rank: number;
  estimate: Estimate;
  /** Higher is faster: tokens/s (inference), 1/hours (training) or samples/s. */
  speed: number | null;
  speedLabel: string;
  cost: number | null;
  costKind: CostKind | null;
  costLabel: string;
  /** Energy per million output tokens (inference) or per run (training), kWh. */
  energy: number | null;
  pareto: boolean;
  meetsTarget: boolean;
}

export type PickKind = "best" | "cheapest" | "fastest" | "value" | "budget";

export interface RecommendationPick {
  kind: PickKind;
  title: string;
  /** Index into results. */
  index: number;
  why: string;
}

export interface Recommendation {
  objective: Objective;
  workload: { task: string; model: string; precision: string; method: string };
  results: RankedConfig[];
  picks: RecommendationPick[];
  considered: number;
  excluded: { doesNotFit: number; byConstraints: number; noPrice: number };
  notes: string[];
}

const COUNTS = [1, 2, 4, 8];

function formFactorsOf(gpu: CatalogGpu): string[] {
  switch (gpu.segment) {
    case "apple-silicon":
      return /ultra/i.test(gpu.name) ? ["desktop", "workstation"] : ["laptop", "desktop"];
    case "consumer":
      return ["desktop", "workstation"];
    case "workstation":
      return ["workstation"];
    default:
      return ["server"];
  }
}

function speedOf(e: Estimate, w: ResolvedWorkload): { speed: number | null; label: string } {
  if (w.task !== "inference") {
    if (e.hours == null) return { speed: null, label: "—" };
    return { speed: 1 / e.hours, label: e.hours < 1 ? `${Math.round(e.hours * 60)} min` : `${e.hours.toPrecision(3)} h` };
  }
  if (e.samplesPerSecond != null) return { speed: e.samplesPerSecond, label: `${e.samplesPerSecond.toPrecision(3)} ${w.model.sampleUnit}s/s` };
  const value = w.batchSize > 1 ? e.throughputTokensPerSecond : e.decodeTokensPerSecond;
  return { speed: value, label: value == null ? "—" : `${value.toPrecision(3)} tok/s${w.batchSize > 1 ? " total" : ""}` };
}

interface CostFigure {
  cost: number | null;
  kind: CostKind | null;
  label: string;
}

/** Whole dollars with thousands separators ("$12,345"). */
function dollars(x: number): string {
  return "$" + groupThousands(x);
}

function rentCost(e: Estimate, w: ResolvedWorkload): CostFigure {
  if (e.costPerHourUsd == null) return { cost: null, kind: null, label: "no cloud offer" };
  if (w.task === "inference") {
    return e.costPerMillionOutputTokensUsd != null
      ? { cost: e.costPerMillionOutputTokensUsd, kind: "rent-per-million-tokens", label: `$${e.costPerMillionOutputTokensUsd.toFixed(2)} per M tokens ($${e.costPerHourUsd.toFixed(2)}/h)` }
      : { cost: e.costPerHourUsd, kind: "rent-per-hour", label: `$${e.costPerHourUsd.toFixed(2)}/h` };
  }
  return e.costUsd != null ? { cost: e.costUsd, kind: "rent-per-run", label: `${dollars(e.costUsd)} per run ($${e.costPerHourUsd.toFixed(2)}/h)` } : { cost: null, kind: null, label: "—" };
}

function buyCost(e: Estimate): CostFigure {
  return e.purchase ? { cost: e.purchase.priceUsd, kind: "purchase", label: `${dollars(e.purchase.priceUsd)} to buy` } : { cost: null, kind: null, label: "no list price" };
}

function costOf(e: Estimate, w: ResolvedWorkload, mode: Constraints["mode"]): CostFigure {
  if (mode === "rent") return rentCost(e, w);
  if (mode === "buy") return buyCost(e);
  const r = rentCost(e, w);
  return r.cost != null ? r : buyCost(e);
}

/**
 * Marks configurations no other beats on both cost and speed (no cheaper-or-equal one at least
 * as fast and better on one of the two). One sweep in cost order: O(n log n).
 */
export function markPareto(configs: CostSpeed[]): boolean[] {
  const marks = new Array<boolean>(configs.length).fill(false);
  const order: number[] = [];
  configs.forEach((c, i) => {
    if (c.cost != null && c.speed != null) order.push(i);
  });
  order.sort((i, j) => configs[i].cost! - configs[j].cost!);
  let fastestCheaper = -Infinity;
  for (let start = 0; start < order.length; ) {
    // One group of equal cost: a member is beaten by a strictly cheaper one at least as fast, or
    // by an equally priced one that is strictly faster.
    const cost = configs[order[start]].cost!;
    let end = start;
    let fastestHere = -Infinity;
    for (; end < order.length && configs[order[end]].cost === cost; end++) fastestHere = Math.max(fastestHere, configs[order[end]].speed!);
    for (let k = start; k < end; k++) {
      const speed = configs[order[k]].speed!;
      marks[order[k]] = speed > fastestCheaper && speed >= fastestHere;
    }
    fastestCheaper = Math.max(fastestCheaper, fastestHere);
    start = end;
  }
  return marks;
}
interface CostSpeed {
  cost: number | null;
  speed: number | null;
}

function valueOf(r: RankedConfig): number {
  return r.cost != null && r.speed != null ? r.speed / r.cost : -Infinity;
}

/** Ascending (dir 1) or descending (dir −1) with missing values last either way. */
function nullsLast(x: number | null, y: number | null, dir: 1 | -1): number {
  return x == null ? (y == null ? 0 : 1) : y == null ? -1 : dir * (x - y);
}

function compareBy(objective: Objective) {
  return (a: RankedConfig, b: RankedConfig): number => {
    if (a.meetsTarget !== b.meetsTarget) return a.meetsTarget ? -1 : 1;
    switch (objective) {
      case "fastest":
        return nullsLast(a.speed, b.speed, -1) || nullsLast(a.cost, b.cost, 1);
      case "cheapest":
        return nullsLast(a.cost, b.cost, 1) || nullsLast(a.speed, b.speed, -1);
      case "energy":
        return nullsLast(a.energy, b.energy, 1) || nullsLast(a.speed, b.speed, -1);
      case "value":
        return valueOf(b) - valueOf(a) || nullsLast(a.speed, b.speed, -1);
    }
  };
}

/**
 * Scores every GPU of the catalog at 1, 2, 4 and 8 GPUs (only configurations that fit), under
 * the constraints, ranks them by the objective, marks the cost/speed Pareto frontier and names
 * the picks with plain-language reasons. Every configuration carries its figures; only the picks
 * carry their working (`math`, `reasons`, `assumptions`), which is what the results and share
 * pages show: estimate() gives the working of any other configuration.
 */
export function recommend(
  catalog: Omit<Catalog, "version">,
  input: Workload,
  constraintsInput: ConstraintsInput = {},
  objective: Objective = "value",
  options: { calibrations?: Record<string, Calibration>; extraGpus?: CatalogGpu[] } = {},
): Recommendation {
  const parsed = constraintsSchema.parse(constraintsInput);
  // A purchase budget alone means buying; an hourly budget alone means renting.
  const mode =
    parsed.mode !== "any" ? parsed.mode : parsed.budgetUsd != null && parsed.budgetUsdPerHour == null ? "buy" : parsed.budgetUsdPerHour != null && parsed.budgetUsd == null ? "rent" : "any";
  const constraints: Constraints = { ...parsed, mode };
  const workload = resolveWorkload(input);
  const excluded = { doesNotFit: 0, byConstraints: 0, noPrice: 0 };
  const configs: RankedConfig[] = [];
  // The GPUs that get this far, by slug: for the picks' working and the budget pick.
  const ranking = new Map<string, CatalogGpu>();
  const gpus = [...catalog.gpus, ...(options.extraGpus ?? [])];
  const rentable = new Set(catalog.cloudOffers.map((o) => o.gpu));
  const context = (gpu: CatalogGpu, explain: boolean): EstimateContext => ({
    catalog: catalog.gpus,
    cloudOffers: catalog.cloudOffers,
    cost: { electricityUsdPerKWh: constraints.electricityUsdPerKWh },
    calibration: options.calibrations?.[gpu.slug],
    explain,
  });
  const multiCounts = COUNTS.filter((n) => n <= constraints.maxGpus);
  let considered = 0;
  for (const gpu of gpus) {
    if (gpu.retired) continue;
    if (constraints.vendors?.length && !constraints.vendors.includes(gpu.vendor)) {
      excluded.byConstraints++;
      continue;
    }
    if (constraints.segments?.length && !constraints.segments.includes(gpu.segment)) {
      excluded.byConstraints++;
      continue;
    }
    const hasCloud = rentable.has(gpu.slug);
    if (constraints.formFactors?.length) {
      const allowed = formFactorsOf(gpu).concat(hasCloud ? ["cloud"] : []);
      if (!constraints.formFactors.some((f) => allowed.includes(f))) {
        excluded.byConstraints++;
        continue;
      }
    }
    if (constraints.mode === "rent" && !hasCloud) {
      excluded.noPrice++;
      continue;
    }
    const counts = gpu.segment === "apple-silicon" ? [1] : multiCounts;
    const minimum = minimumGpus(gpu, workload, catalog.gpus);
    // A layer split (pipeline) over more GPUs than needed only adds cost: not worth estimating.
    const pipelined = workload.task === "inference" && inferenceSplit(workload, engineFor(gpu, workload, catalog.gpus)) === "pipeline";
    ranking.set(gpu.slug, gpu);
    let lean: EstimateContext | undefined;
    for (const count of counts) {
      considered++;
      if (minimum == null || count < minimum) {
        excluded.doesNotFit++;
        continue;
      }
      if (pipelined && count > minimum) continue;
      const e = estimate(gpu, count, workload, (lean ??= context(gpu, false)));
      if (!e.fits) {
        excluded.doesNotFit++;
        continue;
      }
      const { speed, label: speedLabel } = speedOf(e, workload);
      const { cost, kind, label: costLabel } = costOf(e, workload, constraints.mode);
      if (constraints.mode === "buy" && cost == null) {
        excluded.noPrice++;
        continue;
      }
      if (constraints.budgetUsd != null && kind === "purchase" && cost != null && cost > constraints.budgetUsd) {
        excluded.byConstraints++;
        continue;
      }
      if (constraints.budgetUsd != null && constraints.mode === "buy" && kind !== "purchase") {
        excluded.byConstraints++;
        continue;
      }
      if (constraints.budgetUsdPerHour != null && e.costPerHourUsd != null && e.costPerHourUsd > constraints.budgetUsdPerHour && kind !== "purchase") {
        excluded.byConstraints++;
        continue;
      }
      const meetsTarget =
        workload.task === "inference"
          ? constraints.targetTokensPerSecond == null || (e.decodeTokensPerSecond ?? 0) >= constraints.targetTokensPerSecond
          : constraints.maxHours == null || (e.hours != null && e.hours <= constraints.maxHours);
      configs.push({ rank: 0, estimate: e, speed, speedLabel, cost, costKind: kind, costLabel, energy: e.energyKWh, pareto: false, meetsTarget });
    }
  }
  // Costs of different kinds (purchase price vs rent per run) are not comparable: one frontier per kind.
  const byKind = new Map<CostKind | null, number[]>();
  configs.forEach((c, i) => {
    const members = byKind.get(c.costKind);
    if (members) members.push(i);
    else byKind.set(c.costKind, [i]);
  });
  for (const members of byKind.values()) markPareto(members.map((i) => configs[i])).forEach((onFrontier, j) => (configs[members[j]].pareto = onFrontier));
  const ranked = configs.sort(compareBy(objective));
  ranked.forEach((r, i) => (r.rank = i + 1));

  const picks: RecommendationPick[] = [];
  const addPick = (kind: PickKind, title: string, index: number, why: string) => {
    if (index >= 0) picks.push({ kind, title, index, why });
  };
  const argBest = (score: (r: RankedConfig) => number | null, higher: boolean) => {
    let best = -1;
    let bestScore = 0;
    ranked.forEach((r, i) => {
      const s = score(r);
      if (s == null || !Number.isFinite(s) || !r.meetsTarget) return;
      if (best < 0 || (higher ? s > bestScore : s < bestScore)) {
        best = i;
        bestScore = s;
      }
    });
    return best;
  };
  if (ranked.length > 0) {
    addPick("best", "Best overall", 0, `Ranked first by ${objective === "value" ? "speed per dollar" : objective}${ranked[0].pareto ? ", and on the cost/speed frontier" : ""}.`);
    addPick("cheapest", "Cheapest that fits", argBest((r) => r.cost, false), "Lowest cost among configurations that fit.");
    addPick("fastest", "Fastest", argBest((r) => r.speed, true), "Highest speed among configurations that fit.");
    addPick("value", "Best value", argBest((r) => (r.cost != null && r.speed != null ? r.speed / r.cost : null), true), "Most speed per dollar.");
    const budgetIndex = argBest((r) => {
      const segment = ranking.get(r.estimate.gpu)?.segment;
      return r.estimate.purchase && (segment === "consumer" || segment === "apple-silicon") ? r.estimate.purchase.priceUsd : null;
    }, false);
    addPick("budget", "Budget / consumer pick", budgetIndex, "The cheapest consumer card or Mac that fits.");
  }
  // The picks are shown with their working: estimate them again, explained (same figures).
  for (const index of new Set(picks.map((p) => p.index))) {
    const gpu = ranking.get(ranked[index].estimate.gpu)!;
    ranked[index].estimate = estimate(gpu, ranked[index].estimate.count, workload, context(gpu, true));
  }
  const notes: string[] = [];
  if (ranked.length === 0) {
    notes.push(
      excluded.doesNotFit > 0
        ? `No configuration of up to ${constraints.maxGpus} GPUs fits this workload under the constraints. Try a smaller precision (e.g. 4-bit), a shorter context, LoRA/QLoRA, or allow more GPUs.`
        : "No GPU matches the constraints. Loosen the vendor, form factor or budget filters.",
    );
  }
  return {
    objective,
    workload: { task: workload.task, model: workload.model.name, precision: workload.precision, method: workload.method },
    results: ranked,
    picks,
    considered,
    excluded,
    notes,
  };
}
