import { z } from "zod";
import { recommendationRequestSchema, type RecommendationRequest } from "../api/schemas";
import type { Estimate } from "../model/estimate";
import { OBJECTIVES, type RankedConfig, type Recommendation } from "../model/recommend";

/**
 * The share document: one resource, the same text from `POST /api/v1/recommendations` (201) and
 * `GET /api/v1/recommendations/{id}`, and what the share page renders. It keeps what the results
 * and share pages show and nothing else:
 *
 * - every Recommendation field but `results` as recommend() made it (objective, workload, picks,
 *   counts, notes, and whatever fields the model adds later: they pass through);
 * - `results`: every configuration that fits, ranked, as a compact row (the RankedConfig figures
 *   without their full estimate, plus the few estimate figures the table shows); the rows the
 *   picks point at also carry their full `estimate`, working included (math, reasons,
 *   assumptions), which the pick cards and "show the math" draw.
 *
 * A stored snapshot is this document's JSON text, compressed (lib/share/snapshot.ts), so it reads
 * back byte for byte: the numbers a visitor saw are the numbers the link shows.
 */

const nullableNumber = z.number().nullable();

/** The figures of one ranked configuration; a pick's row also carries its full estimate. */
export const shareRowSchema = z.looseObject({
  rank: z.number().int().min(1),
  gpu: z.string(),
  gpuName: z.string(),
  count: z.number().int().min(1),
  perGpuGB: z.number().describe("Memory needed per GPU, GB"),
  capacityGB: z.number().describe("Usable memory per GPU, GB"),
  speed: nullableNumber.describe("Higher is faster: tokens/s (inference), runs per hour (training) or samples/s"),
  speedLabel: z.string(),
  cost: nullableNumber,
  costKind: z.enum(["rent-per-million-tokens", "rent-per-run", "rent-per-hour", "purchase"]).nullable(),
  costLabel: z.string(),
  energy: nullableNumber.describe("kWh per million output tokens (inference) or per run (training)"),
  confidence: z.enum(["measured", "calibrated", "estimated"]),
  bottleneck: z.string(),
  pareto: z.boolean(),
  meetsTarget: z.boolean().describe("Meets the need: fits, speed per user ≥ the wanted speed (inference), run within the time budget (training)"),
  acquisition: z.enum(["buy", "rent"]).optional().describe("Bought (purchase + electricity) or rented (hours × hourly price)"),
  horizonCostUsd: nullableNumber.optional().describe("Total cost over the usage horizon (inference) or of the run (training), USD: the unit every objective compares"),
  horizonCostLabel: z.string().optional(),
  perUserTokensPerSecond: nullableNumber.optional().describe("Decode tokens/s each user sees (LLM inference)"),
  maxContextTokens: nullableNumber.optional().describe("Longest context that fits this configuration, tokens per sequence (KV cache or activations included)"),
  offload: z
    .looseObject({ gpuLayers: z.number().int(), layers: z.number().int(), decodeTokensPerSecond: nullableNumber, summary: z.string() })
    .nullable()
    .optional()
    .describe("llama.cpp partial offload to system memory (offload options only)"),
  shortfalls: z.array(z.string()).optional().describe("Why the configuration misses the need"),
  /** Only on the rows the picks point at: the estimate with its working. */
  estimate: z.looseObject({ gpu: z.string(), count: z.number().int() }).optional().describe("Full Estimate with its working; only on rows a pick points at"),
});
/** A row as the code builds it (shareRowSchema describes it; a unit test holds the two together). */
export type ShareRow = Omit<RankedConfig, "estimate" | "perUserTokensPerSecond" | "offload" | "shortfalls"> &
  Partial<Pick<RankedConfig, "perUserTokensPerSecond" | "offload" | "shortfalls">> & {
  gpu: string;
  gpuName: string;
  count: number;
  perGpuGB: number;
  capacityGB: number;
  confidence: Estimate["confidence"];
  bottleneck: Estimate["bottleneck"];
  estimate?: Estimate;
};

export const shareDocumentSchema = z
  .looseObject({
    id: z.string().regex(/^[0-9A-Za-z]{12}$/),
    url: z.string().describe("The share page, at the address the snapshot was created through"),
    createdAt: z.string().describe("ISO 8601, UTC"),
    catalogVersion: z.number().int().describe("The catalog version the figures were computed on"),
    input: recommendationRequestSchema.describe("The request with every default applied"),
    objective: z.enum(OBJECTIVES),
    workload: z.looseObject({ task: z.string(), model: z.string(), precision: z.string(), method: z.string() }),
    picks: z.array(
      z.object({
        kind: z.enum(["best", "cheapest", "fastest", "value", "budget", "offload"]),
        title: z.string(),
        index: z.number().int().min(0).describe("Index into results"),
        why: z.string(),
      }),
    ),
    considered: z.number().int(),
    excluded: z.object({ doesNotFit: z.number().int(), byConstraints: z.number().int(), noPrice: z.number().int() }),
    notes: z.array(z.string()),
    results: z.array(shareRowSchema),
    horizon: z
      .looseObject({ basis: z.enum(["usage", "run"]), hoursPerWeek: nullableNumber, months: nullableNumber, hours: nullableNumber, text: z.string() })
      .optional()
      .describe("What costs add up over: hours of use (inference) or one run (training)"),
    need: z
      .looseObject({ tokensPerSecond: nullableNumber, defaultSpeed: z.boolean(), maxHours: nullableNumber, defaultTime: z.boolean().optional(), text: z.string() })
      .optional()
      .describe("The need a configuration must meet to rank above those that do not"),
    offloadOptions: z.array(shareRowSchema).optional().describe("One local GPU that cannot hold the model, with llama.cpp partial offload, as compact rows"),
  })
  .describe("A shared recommendation: the same document from POST /api/v1/recommendations and GET /api/v1/recommendations/{id}");

/** The document's body: everything but the id, URL and creation time, which the store adds. */
export type ShareBody = { catalogVersion: number; input: RecommendationRequest } & Omit<Recommendation, "results" | "offloadOptions"> & { results: ShareRow[]; offloadOptions: ShareRow[] };

/** The share document (shareDocumentSchema describes it). */
export type ShareDocument = { id: string; url: string; createdAt: string } & ShareBody;

/** One compact row: the RankedConfig without its estimate, plus the estimate figures the table shows. */
function toRow(config: RankedConfig, picked: boolean): ShareRow {
  // The per-user speed is left out where it equals `speed` (one user), offload and shortfalls where
  // empty: fromRow puts them back (a few KB on a 400-row document).
  const { estimate, rank, perUserTokensPerSecond, offload, shortfalls, ...figures } = config;
  return {
    rank,
    gpu: estimate.gpu,
    gpuName: estimate.gpuName,
    count: estimate.count,
    perGpuGB: estimate.memory.perGpuGB,
    capacityGB: estimate.memory.capacityGB,
    ...figures,
    ...(perUserTokensPerSecond !== config.speed ? { perUserTokensPerSecond } : {}),
    ...(offload ? { offload } : {}),
    ...(shortfalls?.length ? { shortfalls } : {}),
    confidence: estimate.confidence,
    bottleneck: estimate.bottleneck,
    ...(picked ? { estimate } : {}),
  };
}

/** The document body of a recommendation computed on `catalogVersion` for `input`. */
export function toShareBody(recommendation: Recommendation, input: RecommendationRequest, catalogVersion: number): ShareBody {
  const { results, offloadOptions, ...rest } = recommendation;
  const picked = new Set(recommendation.picks.map((p) => p.index));
  return {
    catalogVersion,
    input,
    ...rest,
    results: results.map((config, i) => toRow(config, picked.has(i))),
    // Compact rows: each option's offload summary says what runs where.
    offloadOptions: offloadOptions.map((config) => toRow(config, false)),
  };
}

/**
 * The Recommendation the results components draw, read from a document: picked rows get their
 * full estimate, the others an estimate holding only the figures their row keeps (the table and
 * the cost/speed chart read nothing else from them).
 */
export function recommendationOf(document: ShareBody): Recommendation {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { results, offloadOptions, catalogVersion, input, ...rest } = document;
  const fromRow = (row: ShareRow): RankedConfig => {
    const { estimate, gpu, gpuName, count, perGpuGB, capacityGB, confidence, bottleneck, ...figures } = row;
    const partial = estimate ?? ({ gpu, gpuName, count, memory: { perGpuGB, capacityGB }, confidence, bottleneck } as unknown as Estimate);
    return {
      ...figures,
      perUserTokensPerSecond: "perUserTokensPerSecond" in row ? (row.perUserTokensPerSecond ?? null) : row.speed,
      offload: row.offload ?? null,
      shortfalls: row.shortfalls ?? [],
      estimate: partial,
    };
  };
  // Snapshots stored before offload options existed have none.
  return { ...rest, results: results.map(fromRow), offloadOptions: (offloadOptions ?? []).map(fromRow) };
}
