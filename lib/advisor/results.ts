import type { RecommendationRequest } from "../api/schemas";
import { MAX_CONTEXT_TOKENS } from "../model/context";
import { groupThousands } from "../model/format";
import { markPareto, type CostKind, type PickKind, type RankedConfig, type Recommendation } from "../model/recommend";
import { findPreset } from "../workload/presets";
import { formatParameters } from "./format";

/**
 * Shapes a Recommendation for the results page: picks grouped by configuration, compact rows for
 * the table and charts (client components get only what they draw, not every estimate).
 */
export interface PickGroup {
  index: number;
  kinds: PickKind[];
  titles: string[];
  whys: string[];
  config: RankedConfig;
}

/** One card per configuration: "Best overall" and "Best value" on the same GPU share a card. */
export function groupPicks(recommendation: Recommendation): PickGroup[] {
  const groups = new Map<number, PickGroup>();
  for (const pick of recommendation.picks) {
    const config = recommendation.results[pick.index];
    if (!config) continue;
    const group = groups.get(pick.index) ?? { index: pick.index, kinds: [], titles: [], whys: [], config };
    group.kinds.push(pick.kind);
    group.titles.push(pick.title);
    group.whys.push(pick.why);
    groups.set(pick.index, group);
  }
  return [...groups.values()];
}

export interface TableRow {
  rank: number;
  gpu: string;
  gpuName: string;
  count: number;
  label: string;
  perGpuGB: number;
  capacityGB: number;
  speed: number | null;
  speedLabel: string;
  cost: number | null;
  costKind: CostKind | null;
  costLabel: string;
  energy: number | null;
  /** Longest context that fits, tokens per sequence: inference only (null for training, whose table has no such column). */
  maxContextTokens: number | null;
  maxContextLabel: string;
  confidence: string;
  bottleneck: string;
  pareto: boolean;
  meetsTarget: boolean;
}

export const configLabel = (c: RankedConfig) => (c.estimate.count > 1 ? `${c.estimate.count} × ${c.estimate.gpuName}` : c.estimate.gpuName);

/**
 * The longest context as the results write it: "52,600 tokens"; at MAX_CONTEXT_TOKENS (a
 * sliding-window cache stops growing) "no memory limit (sliding window)", as on the pick cards.
 */
export function maxContextLabel(tokens: number | null): string {
  if (tokens == null) return "—";
  return tokens >= MAX_CONTEXT_TOKENS ? "no memory limit (sliding window)" : `${groupThousands(tokens)} tokens`;
}

export function tableRows(recommendation: Recommendation): TableRow[] {
  const inference = recommendation.workload.task === "inference";
  return recommendation.results.map((c) => ({
    rank: c.rank,
    gpu: c.estimate.gpu,
    gpuName: c.estimate.gpuName,
    count: c.estimate.count,
    label: configLabel(c),
    perGpuGB: c.estimate.memory.perGpuGB,
    capacityGB: c.estimate.memory.capacityGB,
    speed: c.speed,
    speedLabel: c.speedLabel,
    cost: c.cost,
    costKind: c.costKind,
    costLabel: c.costLabel,
    energy: c.energy,
    // Snapshots stored before the field existed have none.
    maxContextTokens: inference ? (c.maxContextTokens ?? null) : null,
    maxContextLabel: inference ? maxContextLabel(c.maxContextTokens ?? null) : "—",
    confidence: c.estimate.confidence,
    bottleneck: c.estimate.bottleneck,
    pareto: c.pareto,
    meetsTarget: c.meetsTarget,
  }));
}

export const COST_KIND_LABELS: Record<CostKind, string> = {
  "rent-per-million-tokens": "rental cost per million output tokens (USD)",
  "rent-per-run": "rental cost of the whole run (USD)",
  "rent-per-hour": "rental cost per hour (USD)",
  purchase: "purchase price (USD)",
};

export interface ScatterPoint {
  label: string;
  cost: number;
  speed: number;
  frontier: boolean;
}

/**
 * Cost-vs-speed points of one cost kind (the most common one: purchase prices and rental costs
 * cannot share an axis), with the Pareto frontier of those points.
 */
export function costSpeedPoints(recommendation: Recommendation): { kind: CostKind | null; points: ScatterPoint[]; left: number } {
  const priced = recommendation.results.filter((r) => r.cost != null && r.speed != null && r.costKind != null && r.cost > 0 && r.speed > 0);
  const counts = new Map<CostKind, number>();
  for (const r of priced) counts.set(r.costKind!, (counts.get(r.costKind!) ?? 0) + 1);
  const kind = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const same = priced.filter((r) => r.costKind === kind);
  const frontier = markPareto(same.map((r) => ({ cost: r.cost, speed: r.speed })));
  const points = same.map((r, i) => ({ label: configLabel(r), cost: r.cost!, speed: r.speed!, frontier: frontier[i] }));
  return { kind, points, left: recommendation.results.length - same.length };
}

export interface MemoryRow {
  label: string;
  weights: number;
  kvCache: number;
  activations: number;
  gradients: number;
  optimizer: number;
  overhead: number;
  total: number;
  capacity: number;
}

/** Memory of each pick, all GPUs together, against the usable memory of all its GPUs. */
export function memoryRows(groups: PickGroup[]): MemoryRow[] {
  return groups.map(({ config }) => {
    const m = config.estimate.memory;
    return {
      label: configLabel(config),
      weights: m.weightsGB,
      kvCache: m.kvCacheGB,
      activations: m.activationsGB,
      gradients: m.gradientsGB,
      optimizer: m.optimizerGB,
      overhead: m.overheadGB,
      total: m.totalGB,
      capacity: Number((m.capacityGB * config.estimate.count).toPrecision(4)),
    };
  });
}

export interface BottleneckRow {
  label: string;
  /** Milliseconds per decode step (inference) or per training step. */
  memory: number;
  compute: number;
  dequant: number;
  overhead: number;
  interconnect: number;
  bottleneck: string;
}

const ms = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? Number((value * 1000).toPrecision(3)) : 0);

/** Where each pick's step time goes: the roofline's two sides plus the fixed costs. */
export function bottleneckRows(groups: PickGroup[]): { unit: "decode step" | "training step"; rows: BottleneckRow[] } | null {
  const inference = groups.filter((g) => typeof g.config.estimate.math.decodeMemorySeconds === "number");
  if (inference.length > 0) {
    return {
      unit: "decode step",
      rows: inference.map(({ config }) => ({
        label: configLabel(config),
        memory: ms(config.estimate.math.decodeMemorySeconds),
        compute: ms(config.estimate.math.decodeComputeSeconds),
        dequant: ms(config.estimate.math.dequantSecondsPerStep),
        overhead: ms(config.estimate.math.perStepOverheadSeconds),
        interconnect: ms(config.estimate.math.interconnectSecondsPerStep),
        bottleneck: config.estimate.bottleneck,
      })),
    };
  }
  const training = groups.filter((g) => typeof g.config.estimate.math.stepComputeSeconds === "number");
  if (training.length === 0) return null;
  return {
    unit: "training step",
    rows: training.map(({ config }) => ({
      label: configLabel(config),
      memory: 0,
      compute: ms(config.estimate.math.stepComputeSeconds),
      dequant: 0,
      overhead: 0,
      interconnect: ms(config.estimate.math.gradientAllReduceSeconds),
      bottleneck: config.estimate.bottleneck,
    })),
  };
}

/** One line about the request: "Run Llama 3.1 8B (8.0B) at q4_k_m, 512+256 tokens, batch 1; buy, ≤ $2,000". */
export function describeRequest(request: RecommendationRequest, recommendation: Recommendation): string {
  const w = request.workload;
  const c = request.constraints;
  const preset = typeof w.model === "string" ? findPreset(w.model) : undefined;
  const size = preset ? formatParameters(preset.parameters) : typeof w.model === "object" ? formatParameters(w.model.parameters) : "";
  const what =
    w.task === "inference"
      ? `Run ${recommendation.workload.model}${size && !recommendation.workload.model.includes(size) ? ` (${size})` : ""} at ${recommendation.workload.precision}, ${w.promptTokens} prompt + ${w.outputTokens} output tokens, ${w.batchSize === 1 ? "one user" : `${w.batchSize} concurrent users`}`
      : `${w.task === "finetune" ? `Fine-tune (${recommendation.workload.method})` : "Train"} ${recommendation.workload.model} at ${recommendation.workload.precision}, ${w.sequenceLength}-token sequences, batch ${w.batchSize}, ${formatParameters(w.trainingTokens)} tokens`;
  const how = [
    c.mode === "buy" ? "buy" : c.mode === "rent" ? "rent" : "buy or rent",
    c.budgetUsd != null ? `up to $${c.budgetUsd.toLocaleString("en-US")}` : "",
    c.budgetUsdPerHour != null ? `up to $${c.budgetUsdPerHour}/h` : "",
    c.formFactors?.length ? c.formFactors.join("/") : "",
    c.vendors?.length ? c.vendors.join("/") : "",
    `at most ${c.maxGpus} GPU${c.maxGpus > 1 ? "s" : ""}`,
    `ranked by ${request.objective}`,
  ].filter(Boolean);
  return `${what}; ${how.join(", ")}.`;
}
