import { z } from "zod";
import { gpuFieldsSchema } from "../catalog/schema";
import { gpuQuerySchema } from "../catalog/filters";
import { estimateRequestSchema, recommendationRequestSchema } from "./schemas";

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
    confidence: { enum: ["measured", "calibrated", "estimated"] },
    bottleneck: { enum: ["memory-bandwidth", "compute", "interconnect", "memory-capacity"] },
    reasons: { type: "array", items: { type: "string" } },
    assumptions: { type: "array", items: { type: "string" } },
  },
};

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
          responses: { 200: { description: "GPU", content: jsonContent({ $ref: "#/components/schemas/Gpu" }) }, ...errors(404, 503) },
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
              description: "Stored recommendation",
              content: jsonContent({
                type: "object",
                required: ["id", "url", "catalogVersion", "results"],
                properties: { id: { type: "string", pattern: "^[0-9A-Za-z]{12}$" }, url: { type: "string" }, catalogVersion: { type: "integer" }, results: { type: "array", items: { type: "object", properties: { estimate: { $ref: "#/components/schemas/Estimate" } } } } },
              }),
            },
            ...errors(400, 405, 413, 429, 503),
          },
        },
      },
      "/api/v1/recommendations/{id}": {
        get: {
          summary: "A stored recommendation snapshot (immutable)",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: { description: "Snapshot" }, ...errors(404, 503) },
        },
      },
    },
    components: {
      schemas: {
        Error: errorSchema,
        Gpu: gpu,
        EstimateRequest: input(estimateRequestSchema),
        RecommendationRequest: input(recommendationRequestSchema),
        Estimate: estimateShape,
      },
    },
  };
}
