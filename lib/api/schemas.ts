import { z } from "zod";
import { constraintsSchema, OBJECTIVES } from "../model/recommend";
import { workloadSchema } from "../workload/schema";

/** Request bodies of the public API; the CLI's --cases entries use estimateRequestSchema too. */
export const estimateRequestSchema = z
  .object({
    gpu: z.string().trim().min(1).max(64),
    count: z.number().int().min(1).max(1024).default(1),
    workload: workloadSchema,
  })
  .strict();

export const recommendationRequestSchema = z
  .object({
    workload: workloadSchema,
    constraints: constraintsSchema.default({ mode: "any", maxGpus: 8, electricityUsdPerKWh: 0.15 }),
    objective: z.enum(OBJECTIVES).default("value"),
  })
  .strict();

export type EstimateRequest = z.output<typeof estimateRequestSchema>;
export type RecommendationRequest = z.output<typeof recommendationRequestSchema>;
export type RecommendationRequestInput = z.input<typeof recommendationRequestSchema>;
