import { z } from "zod";
import { slugSchema } from "../catalog/schema";
import { findPreset } from "../workload/presets";
import { PRECISIONS } from "../workload/schema";

/**
 * The measured-results ledger's inputs and answers: one zod schema each, shared by
 * POST /api/v1/measurements, the submit page, the admin review and OpenAPI.
 */
export const LEDGER_METRICS = ["decodeTokensPerSecond", "prefillTokensPerSecond", "throughputTokensPerSecond", "trainingSamplesPerSecond", "trainingTokensPerSecond"] as const;
export type LedgerMetricName = (typeof LEDGER_METRICS)[number];
export const PASTE_FORMATS = ["auto", "llama-bench-md", "llama-bench-json", "vllm-bench"] as const;
export const RUN_STATUSES = ["queued", "accepted", "rejected"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A model preset id ("llama-3.1-8b") or a Hugging Face id ("org/name"). */
export const ledgerModelSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((id) => findPreset(id) !== undefined || /^[\w.-]+\/[\w.-]+$/.test(id), { message: "a model preset id (see /api/v1/openapi.json) or a Hugging Face id like org/name" });

const engineSchema = z.string().trim().min(1).max(40).regex(/^[\w.+-]+$/, "letters, digits, . _ + - only");
const versionSchema = z.string().trim().min(1).max(80);

/** A run typed into the form. */
export const formRunSchema = z
  .object({
    gpu: slugSchema,
    count: z.number().int().min(1).max(64).default(1),
    model: ledgerModelSchema,
    precision: z.enum(PRECISIONS),
    engine: engineSchema,
    engineVersion: versionSchema.optional(),
    metric: z.enum(LEDGER_METRICS),
    value: z.number().finite().positive().max(1e7),
    promptTokens: z.number().int().min(0).max(2_000_000).default(0),
    outputTokens: z.number().int().min(0).max(2_000_000).default(0),
    /** Concurrent sequences (serving) or batch size (training); 1 for a single chat. */
    concurrency: z.number().int().min(1).max(65_536).default(1),
    peakMemoryGB: z.number().finite().positive().max(100_000).optional(),
  })
  .strict();
export type FormRun = z.output<typeof formRunSchema>;

/** Output pasted from llama-bench or vllm bench serve, with what the output itself does not say. */
export const pastedRunsSchema = z
  .object({
    text: z.string().min(1).max(60_000),
    format: z.enum(PASTE_FORMATS).default("auto"),
    /** The catalog GPU; read from the output when llama-bench printed its device line. */
    gpu: slugSchema.optional(),
    count: z.number().int().min(1).max(64).default(1),
    /** The model; matched from llama-bench's model type and parameter count when absent. */
    model: ledgerModelSchema.optional(),
    /** vllm bench serve does not print the weights' format. */
    precision: z.enum(PRECISIONS).optional(),
    engineVersion: versionSchema.optional(),
  })
  .strict();

export const measurementSubmissionSchema = z
  .object({
    run: formRunSchema.optional(),
    paste: pastedRunsSchema.optional(),
    /** Parse, match and estimate without storing anything (the submit page's preview). */
    dryRun: z.boolean().default(false),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.run === undefined) === (body.paste === undefined)) ctx.addIssue({ code: "custom", path: [], message: "send either run (a form) or paste (tool output), not both" });
  });
export type MeasurementSubmission = z.output<typeof measurementSubmissionSchema>;

export const reviewSchema = z
  .object({
    action: z.enum(["accept", "reject", "reopen"]),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

/** One run as the API answers it. */
export const measuredRunSchema = z.object({
  id: z.number().int().nullable(),
  status: z.enum(RUN_STATUSES),
  gpu: z.string(),
  gpuCount: z.number().int(),
  gpuMatch: z.number().min(0).max(1),
  model: z.string(),
  modelLabel: z.string().nullable(),
  modelMatch: z.number().min(0).max(1),
  precision: z.string(),
  engine: z.string(),
  engineVersion: z.string().nullable(),
  metric: z.enum(LEDGER_METRICS),
  value: z.number(),
  promptTokens: z.number().int(),
  outputTokens: z.number().int(),
  depthTokens: z.number().int(),
  concurrency: z.number().int(),
  peakMemoryGB: z.number().nullable(),
  /** The model's estimate of the same figure, and measured ÷ estimate. */
  estimate: z.number().nullable(),
  ratio: z.number().nullable(),
  /** Within 0.2×–5× of the estimate; others wait for an editor with a warning. */
  plausible: z.boolean(),
  format: z.string(),
  submissions: z.number().int(),
  createdAt: z.string(),
});
export type MeasuredRunView = z.infer<typeof measuredRunSchema>;

export const submissionResultSchema = z.object({
  stored: z.boolean(),
  runs: z.array(measuredRunSchema),
  /** Notes on matching (which GPU or model was assumed and how sure we are). */
  notes: z.array(z.string()),
  /** The runs as a calibration of the advisor for this GPU (measured ÷ estimated, clamped), like the browser benchmark's. */
  calibration: z.object({ gpu: z.string(), bandwidthRatio: z.number().optional(), computeRatio: z.number().optional() }).nullable(),
});
export type SubmissionResult = z.infer<typeof submissionResultSchema>;

/** GET /api/v1/measurements: the accepted ledger, filtered, as JSON or CSV. */
export const ledgerQuerySchema = z
  .object({
    gpu: slugSchema.optional(),
    model: z.string().trim().min(1).max(120).optional(),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict();
