import { measuredRunSchema, measurementSubmissionSchema, submissionResultSchema } from "../ledger/schema";
import { z } from "zod";
import { cloudOfferResponseSchema, gpuFieldsSchema } from "../catalog/schema";
import { gpuQuerySchema } from "../catalog/filters";
import { gpuPatchSchema } from "../admin/gpus";
import { offerPatchSchema } from "../admin/offers";
import { importRequestSchema } from "../admin/transfer";
import { loginRequestSchema } from "../auth/login";
import { benchmarkSubmissionSchema } from "../benchmark/schema";
import { estimateRequestSchema, recommendationRequestSchema } from "./schemas";
import { shareDocumentSchema } from "../share/document";
import { shareDocumentExample } from "../share/example";
import { hubQuerySchema } from "../workload/hf-hub";
import { customModelSchema } from "../workload/schema";

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with
 * (z.toJSONSchema), so it cannot drift from the code.
 */
type JsonSchema = Record<string, unknown>;

const input = (schema: z.ZodType): JsonSchema => {
  const document = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  delete document.$schema;
  return document;
};

const errorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: { type: "string" },
    issues: { type: "array", items: { type: "object", required: ["path", "message"], properties: { path: { type: "string" }, message: { type: "string" } } } },
  },
};

const jsonContent = (schema: JsonSchema) => ({ "application/json": { schema } });
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: { 400: "Invalid input", 404: "Not found", 405: "Method not allowed", 413: "Body over 64 KB", 429: "Rate limited", 503: "Database unavailable" }[code] ?? "Error",
        content: jsonContent({ $ref: "#/components/schemas/Error" }),
      },
    ]),
  );

const estimateShape: JsonSchema = {
  type: "object",
  description: "An Estimate: memory breakdown, fit, speed, cost, energy, ranges, bottleneck, reasons and assumptions (see lib/model/estimate.ts).",
  required: ["gpu", "count", "fits", "minGpusToFit", "memory", "bottleneck", "assumptions"],
  properties: {
    gpu: { type: "string" },
    count: { type: "integer" },
    fits: { type: "boolean" },
    minGpusToFit: { type: ["integer", "null"] },
    memory: {
      type: "object",
      properties: Object.fromEntries(["weightsGB", "kvCacheGB", "activationsGB", "gradientsGB", "optimizerGB", "overheadGB", "totalGB", "perGpuGB", "capacityGB"].map((k) => [k, { type: "number" }])),
    },
    prefillTokensPerSecond: { type: ["number", "null"] },
    decodeTokensPerSecond: { type: ["number", "null"] },
    throughputTokensPerSecond: { type: ["number", "null"] },
    timeToFirstTokenSeconds: { type: ["number", "null"] },
    costPerMillionOutputTokensUsd: { type: ["number", "null"] },
    tokensPerSecond: { type: ["number", "null"] },
    samplesPerSecond: { type: ["number", "null"] },
    hours: { type: ["number", "null"] },
    costUsd: { type: ["number", "null"] },
    energyKWh: { type: ["number", "null"] },
    ranges: {
      type: "object",
      description:
        "Likely range of each speed figure and of perGpuGB, keyed by field name, as { low, high }: at least 80% of published measurements of that kind, from sources the model was not fitted to, fell inside ranges like these (docs/accuracy.md).",
      additionalProperties: { type: "object", required: ["low", "high"], properties: { low: { type: "number" }, high: { type: "number" } } },
    },
    confidence: { enum: ["measured", "calibrated", "estimated"] },
    bottleneck: { enum: ["memory-bandwidth", "compute", "interconnect", "memory-capacity"] },
    reasons: { type: "array", items: { type: "string" } },
    assumptions: { type: "array", items: { type: "string" } },
  },
};

/** The share document (lib/share/document.ts) with a pick's `estimate` described as an Estimate, and a computed example. */
function shareDocument(): JsonSchema {
  const schema = z.toJSONSchema(shareDocumentSchema, {
    io: "output",
    unrepresentable: "any",
    override: (ctx) => {
      const properties = (ctx.jsonSchema as { properties?: Record<string, JsonSchema> }).properties;
      if (properties?.estimate && properties.speedLabel) properties.estimate = { $ref: "#/components/schemas/Estimate", description: "Only on rows a pick points at: the full estimate with its working" };
    },
  }) as JsonSchema;
  delete schema.$schema;
  // The example runs the model on the seed files; the document is still served should that fail.
  let example: unknown;
  try {
    example = shareDocumentExample();
  } catch (error) {
    console.error(`openapi: no ShareDocument example (${(error as Error).message})`);
  }
  return example ? { ...schema, examples: [example] } : schema;
}

export function openApiDocument(serverUrl?: string): JsonSchema {
  const gpu = input(gpuFieldsSchema.extend({ retired: z.boolean(), version: z.number().int(), updatedAt: z.string() }));
  return {
    openapi: "3.1.0",
    info: {
      title: "GPU Advisor API",
      version: "1.0.0",
      description: "Sourced GPU specs, and memory/speed/cost estimates of deep-learning workloads. Every error is JSON {error, issues?}.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths: {
      "/api/health": {
        get: { summary: "Liveness and database check", responses: { 200: { description: "OK", content: jsonContent({ type: "object", properties: { status: { const: "ok" }, db: { const: "ok" } } }) }, ...errors(503) } },
      },
      "/api/v1/gpus": {
        get: {
          summary: "List catalog GPUs (filter and sort)",
          parameters: Object.entries((input(gpuQuerySchema).properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({ name, in: "query", required: false, schema })),
          responses: { 200: { description: "GPUs", content: jsonContent({ type: "array", items: { $ref: "#/components/schemas/Gpu" } }) }, ...errors(400, 503) },
        },
      },
      "/api/v1/gpus/{slug}": {
        get: {
          summary: "One GPU with its cloud offers",
          parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            200: {
              description: "GPU and its cloud offers; an offer's `stale` is true when its price was observed more than 90 days ago",
              content: jsonContent({ allOf: [{ $ref: "#/components/schemas/Gpu" }, { type: "object", required: ["cloudOffers"], properties: { cloudOffers: { type: "array", items: { $ref: "#/components/schemas/CloudOffer" } } } }] }),
            },
            ...errors(404, 503),
          },
        },
      },
      "/api/v1/estimate": {
        post: {
          summary: "Estimate a workload on count × GPU",
          requestBody: { required: true, content: jsonContent({ $ref: "#/components/schemas/EstimateRequest" }) },
          responses: { 200: { description: "Estimate", content: jsonContent({ $ref: "#/components/schemas/Estimate" }) }, ...errors(400, 405, 413, 503) },
        },
      },
      "/api/v1/recommendations": {
        post: {
          summary: "Rank every GPU configuration for a workload and store a shareable snapshot",
          requestBody: { required: true, content: jsonContent({ $ref: "#/components/schemas/RecommendationRequest" }) },
          responses: {
            201: {
              description:
                "The share document, stored: every configuration that fits, ranked, as compact rows; the rows the picks point at also carry their full estimate with its working (POST /api/v1/estimate gives any configuration's). GET /api/v1/recommendations/{id} answers the same document.",
              headers: { Location: { schema: { type: "string" }, description: "The share page" } },
              content: jsonContent({ $ref: "#/components/schemas/ShareDocument" }),
            },
            ...errors(400, 405, 413, 429, 503),
          },
        },
      },
      "/api/v1/recommendations/{id}": {
        get: {
          summary: "A stored recommendation snapshot (immutable)",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: { description: "The share document, exactly as POST /api/v1/recommendations answered it (immutable)", content: jsonContent({ $ref: "#/components/schemas/ShareDocument" }) }, ...errors(404, 503) },
        },
      },
      "/api/v1/models/hub": {
        get: {
          summary: "A Hugging Face model's architecture, read from its config.json on the configured Hub (ADVISOR_HF_ENDPOINT) and cached; `model` is a custom workload model",
          parameters: [{ name: "id", in: "query", required: true, schema: input(hubQuerySchema.shape.id), description: 'A model id ("Qwen/Qwen3-8B") or its huggingface.co address' }],
          responses: {
            200: {
              description: "The model; `source` is hub or cache",
              content: jsonContent({ type: "object", required: ["id", "model", "source", "fetchedAt"], properties: { id: { type: "string" }, model: input(customModelSchema), source: { enum: ["hub", "cache"] }, fetchedAt: { type: "string", format: "date-time" } } }),
            },
            ...errors(400, 429),
            ...Object.fromEntries(
              [
                [403, "Gated or private on the Hub: paste the config.json"],
                [404, "No such model on the Hub"],
                [422, "config.json unreadable, over 1 MB, or not a model the advisor reads"],
                [502, "The Hub answered an error"],
                [503, "The Hub cannot be reached (offline deployment, timeout)"],
              ].map(([code, description]) => [String(code), { description, content: jsonContent({ type: "object", required: ["error", "reason"], properties: { error: { type: "string" }, reason: { type: "string" } } }) }]),
            ),
          },
        },
      },
      "/api/v1/benchmarks": {
        post: {
          summary: "Submit a browser benchmark run (opt-in; rate-limited per client; no IP stored)",
          requestBody: { required: true, content: jsonContent({ $ref: "#/components/schemas/BenchmarkSubmission" }) },
          responses: { 201: { description: "Stored", content: jsonContent({ type: "object", properties: { id: { type: "integer" } } }) }, ...errors(400, 413, 429, 503), 422: { description: "Implausible against the GPU's catalog peak", content: jsonContent({ $ref: "#/components/schemas/Error" }) } },
        },
        get: {
          summary: "Community results for one GPU (?gpu=<slug>): count, medians, spread",
          parameters: [{ name: "gpu", in: "query", required: true, schema: { type: "string" } }],
          responses: { 200: { description: "Summary" }, ...errors(400, 404) },
        },
      },
      "/api/v1/measurements": {
        post: {
          summary: "Submit measured runs: pasted llama-bench (table or -o json) or vllm bench serve output, or one figure; queued for an editor (dryRun: preview only)",
          requestBody: { required: true, content: jsonContent({ $ref: "#/components/schemas/MeasurementSubmission" }) },
          responses: {
            201: { description: "Stored (queued), with a calibration of the visitor's GPU", content: jsonContent({ $ref: "#/components/schemas/MeasurementSubmissionResult" }) },
            200: { description: "dryRun: the same document, nothing stored", content: jsonContent({ $ref: "#/components/schemas/MeasurementSubmissionResult" }) },
            ...errors(400, 413, 429, 503),
          },
        },
        get: {
          summary: "The accepted ledger (CC BY 4.0): ?gpu=&model=&format=json|csv",
          parameters: [
            { name: "gpu", in: "query", required: false, schema: { type: "string" } },
            { name: "model", in: "query", required: false, schema: { type: "string" } },
            { name: "format", in: "query", required: false, schema: { type: "string", enum: ["json", "csv"] } },
          ],
          responses: { 200: { description: "Accepted runs", content: jsonContent({ type: "object", properties: { license: { type: "string" }, count: { type: "integer" }, runs: { type: "array", items: { $ref: "#/components/schemas/MeasuredRun" } } } }) }, ...errors(400, 503) },
        },
      },
      "/api/v1/accuracy": {
        get: {
          summary: "The model's error against published measurements and the accepted ledger, per metric, vendor and engine, with range coverage and the worst cases",
          responses: { 200: { description: "Accuracy report" }, ...errors(503) },
        },
      },
      "/api/v1/auth/login": {
        post: {
          summary: "Sign in; sets an httpOnly session cookie and returns the CSRF token for state-changing requests",
          requestBody: { required: true, content: jsonContent({ $ref: "#/components/schemas/LoginRequest" }) },
          responses: { 200: { description: "Signed in", content: jsonContent({ type: "object", required: ["csrfToken"], properties: { csrfToken: { type: "string" } } }) }, 401: { description: "Wrong email or password", content: jsonContent({ $ref: "#/components/schemas/Error" }) }, 429: { description: "Backing off after failed sign-ins (per client and per account; Retry-After in seconds)", content: jsonContent({ $ref: "#/components/schemas/Error" }) }, ...errors(400) },
        },
      },
      "/api/v1/auth/logout": { post: { summary: "Sign out this session (X-CSRF-Token and same-origin Origin required)", responses: { 200: { description: "Signed out" } } } },
      "/api/v1/admin/gpus": {
        post: {
          summary: "Create a GPU (admin or editor; session cookie, X-CSRF-Token, same-origin Origin)",
          requestBody: { required: true, content: jsonContent({ $ref: "#/components/schemas/GpuSeed" }) },
          responses: { 201: { description: "Created" }, ...errors(400), 401: { description: "No session" }, 403: { description: "Bad CSRF token or foreign Origin" } },
        },
      },
      "/api/v1/admin/gpus/{slug}": {
        patch: {
          summary: "Update a GPU based on `version` (optimistic concurrency); a changed figure needs its source URL",
          parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { required: true, content: jsonContent({ $ref: "#/components/schemas/GpuPatch" }) },
          responses: { 200: { description: "The updated GPU with its new version" }, 409: { description: "Stale version: the body holds the current GPU" }, ...errors(400, 404), 401: { description: "No session" }, 403: { description: "Bad CSRF token or foreign Origin" } },
        },
        delete: { summary: "Retire a GPU (hidden from new recommendations, kept for old snapshots)", parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }], responses: { 200: { description: "Retired" }, 401: { description: "No session" }, 403: { description: "Forbidden" } } },
      },
      "/api/v1/admin/cloud-offers/{id}": {
        patch: {
          summary: "Update a cloud offer based on `version`",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
          requestBody: { required: true, content: jsonContent({ $ref: "#/components/schemas/OfferPatch" }) },
          responses: { 200: { description: "Updated" }, 409: { description: "Stale version" }, ...errors(400, 404) },
        },
      },
      "/api/v1/admin/benchmark-runs": {
        get: {
          summary: "Community benchmark runs for moderation, newest first (admin or editor); ?gpu=<slug>&hidden=true|false&before=<id>&limit=",
          responses: { 200: { description: "Runs, hidden ones included" }, ...errors(400), 401: { description: "No session" } },
        },
      },
      "/api/v1/admin/benchmark-runs/{id}": {
        patch: {
          summary: "Hide a run from every aggregate, or show it again (audited, revertible)",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
          requestBody: { required: true, content: jsonContent({ type: "object", required: ["hidden"], properties: { hidden: { type: "boolean" } }, additionalProperties: false }) },
          responses: { 200: { description: "{id, hidden, auditId}" }, ...errors(400, 404), 401: { description: "No session" }, 403: { description: "Bad CSRF token or foreign Origin" } },
        },
        delete: {
          summary: "Delete a run; its audit entry keeps the row, so a revert puts it back",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
          responses: { 200: { description: "{deleted, auditId}" }, ...errors(404), 401: { description: "No session" }, 403: { description: "Bad CSRF token or foreign Origin" } },
        },
      },
      "/api/v1/admin/import": {
        post: {
          summary: "Import JSON or CSV: a dry-run preview per row, then an all-or-nothing apply",
          requestBody: { required: true, content: jsonContent({ $ref: "#/components/schemas/ImportRequest" }) },
          responses: { 200: { description: "Preview or applied" }, 409: { description: "Catalog changed since the preview" }, ...errors(400, 413) },
        },
      },
    },
    components: {
      schemas: {
        Error: errorSchema,
        Gpu: gpu,
        CloudOffer: input(cloudOfferResponseSchema),
        EstimateRequest: input(estimateRequestSchema),
        RecommendationRequest: input(recommendationRequestSchema),
        ShareDocument: shareDocument(),
        Estimate: estimateShape,
        BenchmarkSubmission: input(benchmarkSubmissionSchema),
        LoginRequest: input(loginRequestSchema),
        GpuSeed: input(gpuFieldsSchema),
        GpuPatch: input(gpuPatchSchema),
        OfferPatch: input(offerPatchSchema),
        ImportRequest: input(importRequestSchema),
        MeasurementSubmission: input(measurementSubmissionSchema),
        MeasurementSubmissionResult: input(submissionResultSchema),
        MeasuredRun: input(measuredRunSchema),
      },
    },
  };
}
