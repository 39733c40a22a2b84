import { z } from "zod";
import type { Catalog, CatalogGpu } from "../catalog/types";
import { SEGMENTS, VENDORS } from "../catalog/schema";
import { resolveWorkload, type ResolvedWorkload } from "../workload/resolve";
import type { Workload } from "../workload/schema";
import { round, toFixed2, toPrecisionText, toSignificant } from "./format";
import { engineFor, estimate, estimatorFor, groupThousands, inferenceSplit, minimumGpus, type Calibration, type Estimate, type EstimateContext } from "./estimate";
import type { OffloadEstimate } from "./offload";

/**
 * Constraints and objective of a recommendation: one schema for the questionnaire, API and CLI.
 * The decision design (needs first, then one cost unit over a usage horizon) is written out in
 * docs/recommendations.md; this file follows it.
 */
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
    /** Wanted decode speed per user (inference) in tokens/s; LLM inference defaults to DEFAULT_READING_TOKENS_PER_SECOND. */
    targetTokensPerSecond: z.number().finite().positive().max(1e7).optional(),
    /** Wanted training time, hours; training defaults to DEFAULT_TRAINING_HOURS. */
    maxHours: z.number().finite().positive().max(1e6).optional(),
    /** Usage horizon (inference): hours of use per week; default per task (DEFAULT_HORIZONS). */
    usageHoursPerWeek: z.number().finite().positive().max(168).optional(),
    /** Usage horizon (inference): for how many months; default per task (DEFAULT_HORIZONS). */
    horizonMonths: z.number().finite().positive().max(120).optional(),
    /** Partial offload (one GPU that cannot hold the model): system-memory bandwidth, GB/s (default 76.8, dual-channel DDR5-4800). */
    systemMemoryBandwidthGBps: z.number().finite().positive().max(10_000).optional(),
    /** Partial offload: system memory the offloaded layers may use, GB (default 64). */
    systemMemoryGB: z.number().finite().positive().max(65_536).optional(),
  })
  .strict();
export type Constraints = z.output<typeof constraintsSchema>;
export type ConstraintsInput = z.input<typeof constraintsSchema>;

/**
 * Default speed need for interactive LLM use, per user: 10 tokens/s. Adults read English silently
 * at about 238 words per minute (Brysbaert 2019, https://doi.org/10.1016/j.jml.2019.104047), and a
 * token is about 3/4 of a word (https://help.openai.com/en/articles/4936856-what-are-tokens-and-how-to-count-them):
 * about 5.3 tokens/s. 10 tokens/s streams text about twice as fast as people read it, so nobody
 * waits on the model while reading, with headroom for skimming and code.
 */
export const DEFAULT_READING_TOKENS_PER_SECOND = 10;

/**
 * Default time budget for a training or fine-tuning run: one week (168 h) of wall-clock time. A
 * run that takes a month on a $250 card is "cheapest" but not what anyone asking means; a longer
 * run is fine when the visitor states a budget.
 */
export const DEFAULT_TRAINING_HOURS = 168;

/**
 * Default usage horizons for inference: one person chatting about 10 hours a week, a service for
 * several users up around the clock (168 h a week), both over 24 months (a typical hardware
 * depreciation period). Training is priced per run: the run's own hours.
 */
export const DEFAULT_HORIZONS = {
  personal: { hoursPerWeek: 10, months: 24 },
  serving: { hoursPerWeek: 168, months: 24 },
} as const;

const WEEKS_PER_MONTH = 52 / 12;

/**
 * "value" counts speed up to this multiple of the speed need: headroom for long answers and
 * bursts is worth paying for, speed far beyond what a reader can use is not.
 */
export const VALUE_HEADROOM = 2;

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
  /** Meets the need: per-user speed ≥ the wanted speed (inference), hours ≤ the time budget (training). */
  meetsTarget: boolean;
  /** Bought (purchase + electricity) or rented (hours × hourly price). */
  acquisition: "buy" | "rent";
  /** Total cost over the usage horizon (inference) or of the run (training), USD: the one unit every objective compares. */
  horizonCostUsd: number | null;
  horizonCostLabel: string;
  /** Decode tokens/s each user sees (LLM inference), offload included; null otherwise. */
  perUserTokensPerSecond: number | null;
  /** Longest context (tokens per sequence) that fits this configuration. */
  maxContextTokens: number | null;
  /** Set on a row that runs with llama.cpp partial offload to system memory (the model does not fit the GPU). */
  offload: OffloadEstimate | null;
  /** Why the configuration misses the need, in words (empty when it meets it). */
  shortfalls: string[];
}

export type PickKind = "best" | "cheapest" | "fastest" | "value" | "budget";

export interface RecommendationPick {
  kind: PickKind;
  title: string;
  /** Index into results. */
  index: number;
  why: string;
}

/** What the costs add up over: the usage horizon (inference) or one run (training). */
export interface Horizon {
  basis: "usage" | "run";
  hoursPerWeek: number | null;
  months: number | null;
  /** Hours of use the inference costs are computed for (null for training: each row's run hours). */
  hours: number | null;
  text: string;
}

/** The need a configuration must meet to rank above those that do not. */
export interface Need {
  /** Per-user decode speed wanted (LLM inference), tokens/s. */
  tokensPerSecond: number | null;
  /** True when tokensPerSecond is the default reading speed, not the visitor's figure. */
  defaultSpeed: boolean;
  /** Training: the time budget, hours (DEFAULT_TRAINING_HOURS unless stated). */
  maxHours: number | null;
  /** True when maxHours is the default week, not the visitor's figure. */
  defaultTime: boolean;
  text: string;
}

export interface Recommendation {
  objective: Objective;
  workload: { task: string; model: string; precision: string; method: string };
  results: RankedConfig[];
  picks: RecommendationPick[];
  considered: number;
  excluded: { doesNotFit: number; byConstraints: number; noPrice: number };
  notes: string[];
  horizon: Horizon;
  need: Need;
  /**
   * One local GPU that cannot hold the LLM, run with llama.cpp partial offload to system memory,
   * ranked the same way (at most OFFLOAD_OPTIONS_SHOWN). Kept apart from `results`, which holds
   * only configurations that fit: an offload option never meets the need (the model does not fit),
   * but it is what people with that card can do, and how fast.
   */
  offloadOptions: RankedConfig[];
}

export const OFFLOAD_OPTIONS_SHOWN = 10;

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

/** Machines people run llama.cpp, Ollama or LM Studio on, where partial offload to system memory is an option. */
const OFFLOAD_SEGMENTS = new Set(["consumer", "workstation", "apple-silicon"]);

/**
 * Cards bought for a desktop or workstation: at most four in one machine (a workstation board's
 * four double-width x16 slots). Eight consumer or workstation cards need a server chassis and
 * risers that no list price here includes, and people asking this do not build one, so bought
 * rows of those segments stop at four; renting follows the offers' machine sizes.
 */
const DESKTOP_SEGMENTS = new Set(["consumer", "workstation"]);
export const MAX_DESKTOP_CARDS = 4;

const sig = (x: number) => toSignificant(x, 3);

function speedOf(e: Estimate, w: ResolvedWorkload, offload: OffloadEstimate | null): { speed: number | null; label: string } {
  if (w.task !== "inference") {
    if (e.hours == null) return { speed: null, label: "—" };
    return { speed: round(1 / e.hours), label: e.hours < 1 ? `${Math.round(e.hours * 60)} min` : `${toPrecisionText(e.hours, 3)} h` };
  }
  if (e.samplesPerSecond != null) return { speed: e.samplesPerSecond, label: `${toPrecisionText(e.samplesPerSecond, 3)} ${w.model.sampleUnit}s/s` };
  if (offload) {
    const value = offload.decodeTokensPerSecond == null ? null : offload.decodeTokensPerSecond * w.batchSize;
    return { speed: value, label: value == null ? "—" : `${toPrecisionText(value, 3)} tok/s${w.batchSize > 1 ? " total" : ""} with CPU offload` };
  }
  const value = w.batchSize > 1 ? e.throughputTokensPerSecond : e.decodeTokensPerSecond;
  return { speed: value, label: value == null ? "—" : `${toPrecisionText(value, 3)} tok/s${w.batchSize > 1 ? " total" : ""}` };
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

const cents = (x: number) => Math.round(x * 100) / 100;

/** Dollars for sentences: cents below $100 ("$7.52"), whole dollars above ("$1,043"). */
function money(x: number): string {
  return x < 100 ? `$${toFixed2(x)}` : dollars(x);
}

/** One machine to rent: its price per hour and how many GPUs it has. */
interface Machine {
  priceUsdPerHour: number;
  gpus: number;
  /** The hourly price as the labels write it, without the dollar sign ("2.49"). */
  priceText: string;
}

function rentalMachine(priceUsdPerHour: number, gpus: number): Machine {
  return { priceUsdPerHour, gpus, priceText: toFixed2(priceUsdPerHour) };
}

/**
 * Rental cost of the configuration on `machine`: the estimate's own figures when it is the offer
 * the estimate priced (one instance), else recomputed at the machine's price (e.g. 4 GPUs on an
 * 8-GPU box, when four single-GPU instances were cheaper but share no GPU link).
 */
function rentCost(e: Estimate, w: ResolvedWorkload, machine: Machine): CostFigure {
  const own = e.cloud != null && e.cloud.instances === 1 && e.cloud.priceUsdPerHour === machine.priceUsdPerHour;
  const price = machine.priceUsdPerHour;
  const perHour = `$${machine.priceText}/h${machine.gpus > e.count ? ` for ${machine.gpus}` : ""}`;
  if (w.task === "inference") {
    const rate = e.throughputTokensPerSecond ?? e.samplesPerSecond;
    const perMillion = own ? e.costPerMillionOutputTokensUsd : rate ? round((price / (rate * 3600)) * 1e6) : null;
    return perMillion != null
      ? { cost: perMillion, kind: "rent-per-million-tokens", label: `$${toFixed2(perMillion)} per M tokens (${perHour})` }
      : { cost: price, kind: "rent-per-hour", label: perHour };
  }
  const run = own ? e.costUsd : e.hours != null ? round(price * e.hours) : null;
  return run != null ? { cost: run, kind: "rent-per-run", label: `${dollars(run)} per run (${perHour})` } : { cost: null, kind: null, label: "—" };
}

/** `purchaseText`: the purchase price in dollars(), written once for both labels of a bought row. */
function buyCost(e: Estimate, purchaseText: string): CostFigure {
  return e.purchase ? { cost: e.purchase.priceUsd, kind: "purchase", label: `${purchaseText} to buy` } : { cost: null, kind: null, label: "no list price" };
}

/**
 * Total cost in dollars over the horizon: renting = hours used × hourly price; buying = purchase
 * price + electricity for the hours used. Inference uses the horizon's hours; training one run's.
 */
function horizonCost(e: Estimate, acquisition: "buy" | "rent", hours: number | null, machine: Machine | null, purchaseText: string): { cost: number | null; label: string } {
  if (hours == null) return { cost: null, label: "—" };
  if (acquisition === "rent") {
    if (machine == null) return { cost: null, label: "no cloud offer" };
    const cost = cents(machine.priceUsdPerHour * hours);
    return { cost, label: `${money(cost)} (${hours < 10 ? toPrecisionText(hours, 2) : groupThousands(hours)} h × $${machine.priceText}/h)` };
  }
  if (!e.purchase) return { cost: null, label: "no list price" };
  const electricity = e.purchase.electricityUsdPerHour == null ? 0 : e.purchase.electricityUsdPerHour * hours;
  const cost = cents(e.purchase.priceUsd + electricity);
  return { cost, label: `${money(cost)} (${purchaseText} + ${money(electricity)} power)` };
}

/**
 * Marks configurations no other beats on both cost and speed (no cheaper-or-equal one at least
 * as fast and better on one of the two). One sweep in cost order, O(n log n): the distinct costs
 * sorted (a typed array sorts numerically, without a comparator call per step), the fastest at
 * each cost, and the fastest at any lower cost; a configuration is on the frontier when it is
 * faster than everything cheaper and as fast as everything at its own cost.
 */
export function markPareto(configs: readonly CostSpeed[]): boolean[] {
  const n = configs.length;
  const marks = new Array<boolean>(n).fill(false);
  const costs = new Float64Array(n);
  let priced = 0;
  for (let i = 0; i < n; i++) {
    const { cost, speed } = configs[i];
    if (cost != null && speed != null) costs[priced++] = cost;
  }
  const sorted = costs.subarray(0, priced).sort();
  // Per position in `sorted` (the first of each run of equal costs): the fastest at that cost.
  const fastestAt = new Float64Array(priced).fill(-Infinity);
  const positions = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const { cost, speed } = configs[i];
    if (cost == null || speed == null) continue;
    const k = firstAtLeast(sorted, cost);
    positions[i] = k;
    if (speed > fastestAt[k]) fastestAt[k] = speed;
  }
  // The fastest at any strictly lower cost, per position.
  const fastestCheaper = new Float64Array(priced);
  let fastest = -Infinity;
  for (let k = 0; k < priced; k++) {
    fastestCheaper[k] = fastest;
    if (fastestAt[k] > fastest) fastest = fastestAt[k];
  }
  for (let i = 0; i < n; i++) {
    const { cost, speed } = configs[i];
    if (cost == null || speed == null) continue;
    const k = positions[i];
    marks[i] = speed > fastestCheaper[k] && speed >= fastestAt[k];
  }
  return marks;
}

/** The first index of ascending `sorted` whose value is ≥ x (binary search). */
function firstAtLeast(sorted: Float64Array, x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < x) low = mid + 1;
    else high = mid;
  }
  return low;
}
interface CostSpeed {
  cost: number | null;
  speed: number | null;
}

/** Ascending (dir 1) or descending (dir −1) with missing values last either way. */
function nullsLast(x: number | null, y: number | null, dir: 1 | -1): number {
  // −1, 0 or 1 (a difference would be a new heap number per comparison); NaN compares equal, as a NaN difference did.
  return x == null ? (y == null ? 0 : 1) : y == null ? -1 : x < y ? -dir : x > y ? dir : 0;
}

/**
 * Rows with a price before rows without one (Macs and data-center parts have no list price in the
 * catalog); two rows without a price by memory, less first, all GPUs together: memory is what sets
 * a Mac's price within a generation, so it stands in for "cheaper" where no price is known. With
 * the keys before and after it, a total order, so the ranking does not depend on the sort.
 */
function unpricedSmallestFirst(a: Scored, b: Scored): number {
  const aUnpriced = a.cost == null;
  if (aUnpriced !== (b.cost == null)) return aUnpriced ? 1 : -1;
  if (!aUnpriced) return 0;
  return a.memoryGB < b.memoryGB ? -1 : a.memoryGB > b.memoryGB ? 1 : 0;
}

/** A row being ranked: the configuration and its value score (kept off the published row). */
interface Scored extends CostSpeed {
  config: RankedConfig;
  gpu: CatalogGpu;
  /** "value": speed per dollar of horizon cost (inference) or runs per dollar (training); null when unpriced. */
  value: number | null;
  /** How close to the need, 0–1 (1: meets it): speed ÷ wanted speed, or time budget ÷ run time. */
  closeness: number;
  /** The row's own figures the ranking compares, copied here once: config.meetsTarget, horizonCostUsd (as `cost`, the one cost unit), speed, energy. */
  meets: boolean;
  energy: number | null;
  /** Memory of all its GPUs, GB: stands in for the price of rows without one (unpricedSmallestFirst). */
  memoryGB: number;
}

/**
 * Needs first, then the objective, each in one unit:
 * - fastest: speed (tokens/s, or the shortest run), then the lower horizon cost;
 * - cheapest: horizon cost (dollars over the horizon, or for the run), then speed;
 * - energy: kWh per million tokens or per run, then speed;
 * - value: inference, tokens/s per dollar of horizon cost (the hours are fixed by the usage, so
 *   this is tokens per dollar: speed counted once), speed counted up to VALUE_HEADROOM × the need
 *   (so among configurations comfortably faster than needed, the cheapest wins); training, a run is a fixed amount of work, so
 *   the most work per dollar is the cheapest run (the time budget, a need, already asks for speed).
 * Among configurations that miss the need, the ones that come closest rank first, then the objective.
 * Rows without a speed (a diffusion model or encoder with no published FLOPs per sample) have no
 * value or energy figure: value and energy fall back to the lowest horizon cost.
 */
const OBJECTIVE_ORDER: Record<Objective, (a: Scored, b: Scored) => number> = {
  fastest: (a, b) => nullsLast(a.speed, b.speed, -1) || nullsLast(a.cost, b.cost, 1),
  cheapest: (a, b) => nullsLast(a.cost, b.cost, 1) || unpricedSmallestFirst(a, b) || nullsLast(a.speed, b.speed, -1),
  energy: (a, b) => nullsLast(a.energy, b.energy, 1) || nullsLast(a.speed, b.speed, -1) || nullsLast(a.cost, b.cost, 1),
  value: (a, b) => nullsLast(a.value, b.value, -1) || unpricedSmallestFirst(a, b) || nullsLast(a.speed, b.speed, -1) || nullsLast(a.cost, b.cost, 1),
};

/** Sorts `rows` in place in that order (a total order: equal rows keep the catalog's order, as the sort is stable). */
function rankRows(rows: Scored[], objective: Objective): void {
  const byObjective = OBJECTIVE_ORDER[objective];
  rows.sort((a, b) =>
    a.meets !== b.meets ? (a.meets ? -1 : 1) : !a.meets && a.closeness !== b.closeness ? (a.closeness < b.closeness ? 1 : a.closeness > b.closeness ? -1 : 0) : byObjective(a, b),
  );
}

/** The first index with the highest (or lowest) finite score offered; −1 when none was. */
class BestIndex {
  index = -1;
  private score = 0;
  constructor(private readonly higher: boolean) {}
  offer(index: number, score: number | null): void {
    if (score == null || !Number.isFinite(score)) return;
    if (this.index < 0 || (this.higher ? score > this.score : score < this.score)) {
      this.index = index;
      this.score = score;
    }
  }
}

/** "Rent 2 × NVIDIA GeForce RTX 4090" */
function configName(c: RankedConfig): string {
  return `${c.acquisition === "rent" ? "Rent" : "Buy"} ${c.estimate.count > 1 ? `${c.estimate.count} × ` : ""}${c.estimate.gpuName}${c.offload ? " with CPU offload" : ""}`;
}

/** Speed in words for sentences: "52 tok/s", "1.2 images/s", "3.4 h". */
function speedWords(c: RankedConfig, w: ResolvedWorkload): string {
  if (w.task !== "inference") return c.estimate.hours == null ? "unknown time" : `${sig(c.estimate.hours)} h`;
  return c.speed == null ? "unknown speed" : c.speedLabel.replace(" with CPU offload", "");
}

/**
 * One sentence: why the best pick beats the runner-up, as the trade-off in dollars and speed.
 * "Beats the runner-up, Buy AMD Radeon RX 7900 XTX ($1,043, 45 tok/s): $689 less over the horizon for 3.8 tok/s more."
 */
export function versusRunnerUp(best: RankedConfig, runner: RankedConfig | undefined, w: ResolvedWorkload): string {
  if (!runner) return "It is the only configuration left under the constraints.";
  const head = `Beats the runner-up, ${configName(runner)} (${runner.horizonCostUsd == null ? "no price" : money(runner.horizonCostUsd)}, ${speedWords(runner, w)})`;
  if (best.meetsTarget && !runner.meetsTarget) return `${head}, which misses the need: ${runner.shortfalls[0] ?? "too slow"}.`;
  let cost: string;
  if (best.horizonCostUsd == null || runner.horizonCostUsd == null) cost = "at a price that cannot be compared (no list price or cloud offer)";
  else {
    const d = runner.horizonCostUsd - best.horizonCostUsd;
    cost = Math.abs(d) < 0.005 ? "at the same cost" : `${money(Math.abs(d))} ${d > 0 ? "less" : "more"}`;
  }
  let speed: string;
  if (w.task !== "inference") {
    const hb = best.estimate.hours;
    const hr = runner.estimate.hours;
    speed = hb == null || hr == null ? "" : Math.abs(hr - hb) < 1e-9 ? "the same run time" : `a run ${sig(Math.abs(hr - hb))} h ${hb < hr ? "shorter" : "longer"}`;
  } else {
    const d = best.speed != null && runner.speed != null ? best.speed - runner.speed : null;
    const unit = w.model.flopsPerSample != null ? `${w.model.sampleUnit}s/s` : "tok/s";
    speed = d == null ? "" : Math.abs(d) < 1e-9 ? "the same speed" : `${sig(Math.abs(d))} ${unit} ${d > 0 ? "more" : "less"}`;
  }
  return `${head}: ${cost}${speed ? ` for ${speed}` : ""}.`;
}

/** Text generation by a decoder LLM: the workloads a per-user reading speed applies to. */
function isChatModel(w: ResolvedWorkload): boolean {
  return w.task === "inference" && w.model.flopsPerSample == null && w.model.kind === "llm";
}

/** The usage horizon and the need, with their defaults for this workload. */
export function horizonAndNeed(w: ResolvedWorkload, c: Constraints): { horizon: Horizon; need: Need } {
  let horizon: Horizon;
  if (w.task === "inference") {
    const defaults = w.batchSize > 1 ? DEFAULT_HORIZONS.serving : DEFAULT_HORIZONS.personal;
    const hoursPerWeek = c.usageHoursPerWeek ?? defaults.hoursPerWeek;
    const months = c.horizonMonths ?? defaults.months;
    const hours = hoursPerWeek * months * WEEKS_PER_MONTH;
    horizon = { basis: "usage", hoursPerWeek, months, hours, text: `over ${sig(months)} months at ${sig(hoursPerWeek)} h/week` };
  } else {
    horizon = { basis: "run", hoursPerWeek: null, months: null, hours: null, text: "for the run" };
  }
  const llm = isChatModel(w);
  const tokensPerSecond = llm ? (c.targetTokensPerSecond ?? DEFAULT_READING_TOKENS_PER_SECOND) : null;
  const maxHours = w.task !== "inference" ? (c.maxHours ?? DEFAULT_TRAINING_HOURS) : null;
  const text = llm
    ? `at least ${sig(tokensPerSecond!)} tokens/s per user${c.targetTokensPerSecond == null ? " (a comfortable reading speed, about twice as fast as people read)" : ""}, with the model and its ${w.promptTokens + w.outputTokens}-token context in memory`
    : w.task === "inference"
      ? "the model in memory"
      : `the run done within ${sig(maxHours!)} h${c.maxHours == null ? " (a week: state a time budget for longer runs)" : ""}, the model and its training state in memory`;
  return { horizon, need: { tokensPerSecond, defaultSpeed: llm && c.targetTokensPerSecond == null, maxHours, defaultTime: w.task !== "inference" && c.maxHours == null, text } };
}

/**
 * Scores every GPU of the catalog at 1, 2, 4 and 8 GPUs (configurations that fit; llama.cpp
 * partial offload on one local GPU that cannot hold an LLM goes to `offloadOptions`), under the constraints. Each
 * configuration is priced in one unit, its total cost over the usage horizon, once per way to get
 * it (buy, rent). Configurations that meet the need rank first, then by the objective
 * (docs/recommendations.md). Marks the cost/speed Pareto frontier and names the picks with
 * plain-language reasons. Every configuration carries its figures; only the picks carry their
 * working (`math`, `reasons`, `assumptions`), which is what the results and share pages show.
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
  const { horizon, need } = horizonAndNeed(workload, constraints);
  const llm = isChatModel(workload);
  const excluded = { doesNotFit: 0, byConstraints: 0, noPrice: 0 };
  const scored: Scored[] = [];
  const offloadScored: Scored[] = [];
  const gpus = [...catalog.gpus, ...(options.extraGpus ?? [])];
  const rentable = new Set(catalog.cloudOffers.map((o) => o.gpu));
  const systemMemory = { systemMemoryBandwidthGBps: constraints.systemMemoryBandwidthGBps, systemMemoryGB: constraints.systemMemoryGB };
  const context = (gpu: CatalogGpu, explain: boolean): EstimateContext => ({
    catalog: catalog.gpus,
    cloudOffers: catalog.cloudOffers,
    cost: { electricityUsdPerKWh: constraints.electricityUsdPerKWh },
    calibration: options.calibrations?.[gpu.slug],
    offload: systemMemory,
    explain,
  });
  const multiCounts = COUNTS.filter((n) => n <= constraints.maxGpus);
  const acquisitions: ("buy" | "rent")[] = constraints.mode === "buy" ? ["buy"] : constraints.mode === "rent" ? ["rent"] : ["rent", "buy"];

  // "value" counts speed up to VALUE_HEADROOM × the need (per user, times the users): a reader gains nothing beyond.
  const valueSpeedCap = need.tokensPerSecond != null ? VALUE_HEADROOM * need.tokensPerSecond * workload.batchSize : Infinity;

  // The cheapest single machine with at least n GPUs, per GPU: what renting n of them costs.
  const machinesBySlug = new Map<string, { gpuCount: number; priceUsdPerHour: number }[]>();
  for (const o of catalog.cloudOffers) {
    const list = machinesBySlug.get(o.gpu);
    if (list) list.push(o);
    else machinesBySlug.set(o.gpu, [o]);
  }
  const machineFor = (e: Estimate): Machine | null => {
    if (e.cloud != null && e.cloud.instances === 1) return rentalMachine(e.cloud.priceUsdPerHour, e.cloud.gpusPerInstance);
    let best: { gpuCount: number; priceUsdPerHour: number } | null = null;
    for (const o of machinesBySlug.get(e.gpu) ?? []) {
      if (o.gpuCount >= e.count && (best == null || o.priceUsdPerHour < best.priceUsdPerHour)) best = o;
    }
    return best && rentalMachine(best.priceUsdPerHour, best.gpuCount);
  };

  // The need as the shortfalls write it, once per call.
  const wantedText = need.tokensPerSecond != null ? String(sig(need.tokensPerSecond)) : "";
  const budgetText = need.maxHours != null ? String(sig(need.maxHours)) : "";

  /** Adds one row per way to get the configuration (buy, rent) that the constraints allow. */
  const addRows = (gpu: CatalogGpu, e: Estimate, offload: OffloadEstimate | null) => {
    const { speed, label: speedLabel } = speedOf(e, workload, offload);
    const perUser = llm ? (offload ? offload.decodeTokensPerSecond : e.decodeTokensPerSecond) : null;
    const shortfalls: string[] = [];
    // The need includes the model fitting in GPU memory: offload runs, but below the ones that fit.
    if (offload) shortfalls.push(`the model does not fit in ${sig(e.memory.capacityGB)} GB of GPU memory (${offload.layers - offload.gpuLayers} of ${offload.layers} layers run from system memory)`);
    if (need.tokensPerSecond != null && (perUser == null || perUser < need.tokensPerSecond)) {
      shortfalls.push(`${perUser == null ? "unknown speed" : `${sig(perUser)} tok/s per user`} < ${wantedText} wanted`);
    }
    if (need.maxHours != null && (e.hours == null || e.hours > need.maxHours)) shortfalls.push(`${e.hours == null ? "unknown run time" : `${sig(e.hours)} h`} > ${budgetText} h budget`);
    const hours = horizon.hours ?? e.hours;
    let closeness = 1;
    if (need.tokensPerSecond != null) closeness = Math.min(closeness, (perUser ?? 0) / need.tokensPerSecond);
    if (need.maxHours != null) closeness = Math.min(closeness, e.hours == null ? 0 : need.maxHours / e.hours);
    const purchaseText = e.purchase && acquisitions.includes("buy") ? dollars(e.purchase.priceUsd) : "";
    let added = 0;
    let constrained = false;
    for (const acquisition of acquisitions) {
      // Renting n GPUs means one machine with n GPUs: n single-GPU instances share no GPU link.
      const machine = acquisition === "rent" ? machineFor(e) : null;
      if (acquisition === "rent" && machine == null) continue;
      if (acquisition === "buy" && e.count > MAX_DESKTOP_CARDS && DESKTOP_SEGMENTS.has(gpu.segment)) {
        constrained = true; // a limit of the machine: counted with the constraints
        continue;
      }
      // Mode "any": a GPU with neither a list price nor a cloud offer still shows, unpriced.
      if (acquisition === "buy" && e.purchase == null && (constraints.mode === "buy" || e.cloud != null)) continue;
      if (acquisition === "buy" && constraints.budgetUsd != null && (e.purchase == null || e.purchase.priceUsd > constraints.budgetUsd)) {
        constrained = true;
        continue;
      }
      if (machine != null && constraints.budgetUsdPerHour != null && machine.priceUsdPerHour > constraints.budgetUsdPerHour) {
        constrained = true;
        continue;
      }
      const { cost, kind, label: costLabel } = machine != null ? rentCost(e, workload, machine) : buyCost(e, purchaseText);
      const total = horizonCost(e, acquisition, hours, machine, purchaseText);
      const config: RankedConfig = {
        rank: 0,
        estimate: e,
        speed,
        speedLabel,
        cost,
        costKind: kind,
        costLabel,
        energy: e.energyKWh,
        pareto: false,
        meetsTarget: shortfalls.length === 0,
        acquisition,
        horizonCostUsd: total.cost,
        horizonCostLabel: total.label,
        perUserTokensPerSecond: perUser,
        maxContextTokens: offload ? null : e.maxContextTokens,
        offload,
        shortfalls,
      };
      const value =
        total.cost == null || total.cost <= 0 ? null : workload.task === "inference" ? (speed == null ? null : Math.min(speed, valueSpeedCap) / total.cost) : 1 / total.cost;
      (offload ? offloadScored : scored).push({
        config,
        gpu,
        value,
        closeness,
        meets: config.meetsTarget,
        cost: total.cost,
        speed,
        energy: config.energy,
        memoryGB: e.memory.capacityGB * e.count,
      });
      added++;
    }
    if (added === 0) {
      if (constrained) excluded.byConstraints++;
      else excluded.noPrice++;
    }
  };

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
    if (constraints.mode === "buy" && gpu.launchPriceUsd == null) {
      excluded.noPrice++;
      continue;
    }
    const counts = gpu.segment === "apple-silicon" || gpu.formFactor === "soc" ? [1] : multiCounts;
    const minimum = minimumGpus(gpu, workload, catalog.gpus);
    // A layer split (pipeline) over more GPUs than needed only adds cost: not worth estimating.
    const pipelined = workload.task === "inference" && inferenceSplit(workload, engineFor(gpu, workload, catalog.gpus)) === "pipeline";
    // One local GPU that cannot hold an LLM for one user: llama.cpp can keep some layers in system memory.
    const offloadable = llm && workload.batchSize === 1 && OFFLOAD_SEGMENTS.has(gpu.segment) && (workload.engine == null || workload.engine === "llama.cpp") && (minimum == null || minimum > 1);
    // Figures only (no working), with what does not depend on the count worked out once per GPU.
    let lean: ((count: number) => Estimate) | undefined;
    for (const count of counts) {
      considered++;
      if (count === 1 && offloadable) {
        const e = (lean ??= estimatorFor(gpu, workload, context(gpu, false)))(1);
        if (e.offload?.fitsSystemMemory) addRows(gpu, e, e.offload);
      }
      if (minimum == null || count < minimum) {
        excluded.doesNotFit++;
        continue;
      }
      // (the smallest count of the list that holds it: a 3-GPU minimum is run on 4)
      if (pipelined && count > (counts.find((n) => n >= minimum) ?? minimum)) continue;
      const e = (lean ??= estimatorFor(gpu, workload, context(gpu, false)))(count);
      if (!e.fits) {
        excluded.doesNotFit++;
        continue;
      }
      addRows(gpu, e, null);
    }
  }
  // One cost unit for every row (dollars over the horizon): one frontier.
  const frontier = markPareto(scored);
  for (let i = 0; i < scored.length; i++) scored[i].config.pareto = frontier[i];
  rankRows(scored, objective);
  const ranked = scored.map((r, i) => {
    r.config.rank = i + 1;
    return r.config;
  });
  rankRows(offloadScored, objective);
  const offloadOptions = offloadScored
    .slice(0, OFFLOAD_OPTIONS_SHOWN)
    .map((r, i) => {
      r.config.rank = i + 1;
      return r.config;
    });

  const picks: RecommendationPick[] = [];
  const addPick = (kind: PickKind, title: string, index: number, why: string) => {
    if (index >= 0) picks.push({ kind, title, index, why });
  };
  const anyMeets = ranked.length > 0 && ranked[0].meetsTarget;
  // One pass for the four picks that are a best score: among the rows that meet the need (all rows
  // when none does), the first with the lowest horizon cost, the highest speed, the highest value,
  // the lowest horizon cost of a consumer card or Mac bought.
  const cheapest = new BestIndex(false);
  const fastest = new BestIndex(true);
  const bestValue = new BestIndex(true);
  const budget = new BestIndex(false);
  for (let i = 0; i < scored.length; i++) {
    const r = scored[i];
    if (anyMeets && !r.meets) break; // the rows that meet the need come first
    cheapest.offer(i, r.cost);
    fastest.offer(i, r.speed);
    bestValue.offer(i, r.value);
    if (r.config.acquisition === "buy" && r.config.estimate.purchase) {
      const segment = r.gpu.segment;
      if (segment === "consumer" || segment === "apple-silicon") budget.offer(i, r.cost);
    }
  }
  if (ranked.length > 0) {
    const first = ranked[0];
    const meaning =
      objective === "fastest"
        ? "Fastest"
        : objective === "cheapest"
          ? `Lowest total cost ${horizon.text}`
          : objective === "energy"
            ? "Least energy per unit of work"
            : workload.task === "inference" && fastest.index < 0
              ? `Lowest total cost ${horizon.text} (no speed estimate for this model, so value falls back to cost)`
              : workload.task === "inference"
                ? `Most speed per dollar of total cost ${horizon.text}${need.tokensPerSecond != null ? ` (speed counted up to ${sig(VALUE_HEADROOM * need.tokensPerSecond)} tokens/s per user)` : ""}`
                : "Cheapest way to finish the run";
    const meets = first.meetsTarget ? " among configurations that meet the need" : " (none meets the need: " + (first.shortfalls[0] ?? "") + ")";
    addPick("best", "Best overall", 0, `${meaning}${meets}. ${versusRunnerUp(first, ranked[1], workload)}`);
    const among = anyMeets ? " among configurations that meet the need" : "";
    addPick("cheapest", anyMeets ? "Cheapest that meets the need" : "Cheapest", cheapest.index, `Lowest total cost ${horizon.text}${among}.`);
    addPick("fastest", "Fastest", fastest.index, `Highest speed${among}.`);
    addPick("value", "Best value", bestValue.index, workload.task === "inference" ? `Most tokens/s per dollar of total cost ${horizon.text}${need.tokensPerSecond != null ? `, counting speed up to ${sig(VALUE_HEADROOM * need.tokensPerSecond)} tokens/s per user` : ""}.` : "Cheapest run: a run is a fixed amount of work.");
    addPick("budget", "Budget / consumer pick", budget.index, `The cheapest consumer card or Mac to buy${anyMeets ? " that meets the need" : ""}.`);
  }
  // The picks are shown with their working: estimate them again, explained (same figures).
  for (const index of new Set(picks.map((p) => p.index))) {
    const gpu = scored[index].gpu;
    ranked[index].estimate = estimate(gpu, ranked[index].estimate.count, workload, context(gpu, true));
  }
  // So is the first offload option (its card shows what runs where).
  if (offloadOptions.length > 0) {
    const gpu = offloadScored[0].gpu;
    offloadOptions[0].estimate = estimate(gpu, 1, workload, context(gpu, true));
    offloadOptions[0].offload = offloadOptions[0].estimate.offload;
  }
  const notes: string[] = [];
  const firstOffload = offloadOptions[0];
  if (ranked.length === 0 && firstOffload) {
    notes.push(
      `Nothing under the constraints holds the model in GPU memory. With llama.cpp offload to system memory, ${configName(firstOffload)} runs it at about ${firstOffload.perUserTokensPerSecond} tokens/s (${firstOffload.horizonCostLabel}): see the offload options.`,
    );
  }
  if (ranked.length === 0) {
    notes.push(
      excluded.doesNotFit > 0
        ? `No configuration of up to ${constraints.maxGpus} GPUs fits this workload under the constraints. Try a smaller precision (e.g. 4-bit), a shorter context, LoRA/QLoRA, or allow more GPUs.`
        : excluded.noPrice > 0
          ? `None of these GPUs has ${constraints.mode === "buy" ? "a list price in the catalog to buy at" : constraints.mode === "rent" ? "a cloud offer in the catalog" : "a price"}. Try ${constraints.mode === "buy" ? "renting" : "buying"}, or "Either".`
          : "No GPU matches the constraints. Loosen the vendor, form factor or budget filters.",
    );
  } else if (!anyMeets) {
    notes.push(`No configuration meets the need (${need.text}); they are ranked by ${objective} anyway. Loosen the speed or time target, or allow more GPUs or budget.`);
  }
  return {
    objective,
    workload: { task: workload.task, model: workload.model.name, precision: workload.precision, method: workload.method },
    results: ranked,
    picks,
    considered,
    excluded,
    notes,
    horizon,
    need,
    offloadOptions,
  };
}
