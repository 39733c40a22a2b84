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

/**
 * A visitor's own benchmark results, per GPU slug, as ratios to a typical GPU of its kind (the
 * advisor's `my=` parameter; lib/benchmark/calibration.ts). Part of what a recommendation shows,
 * so part of what a share link keeps.
 */
const ratio = z.number().finite().positive().max(10);
export const calibrationsSchema = z
  .record(
    z.string().max(64).regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, "must be a GPU slug"),
    z
      .object({ bandwidthRatio: ratio.optional(), computeRatio: ratio.optional() })
      .strict()
      .refine((c) => c.bandwidthRatio !== undefined || c.computeRatio !== undefined, "needs a bandwidth or compute ratio"),
  )
  .refine((record) => Object.keys(record).length <= 8, "at most 8 calibrated GPUs");

export const recommendationRequestSchema = z
  .object({
    workload: workloadSchema,
    constraints: constraintsSchema.default({ mode: "any", maxGpus: 8, electricityUsdPerKWh: 0.15 }),
    objective: z.enum(OBJECTIVES).default("value"),
    calibrations: calibrationsSchema.optional(),
  })
  .strict();

export type EstimateRequest = z.output<typeof estimateRequestSchema>;
export type RecommendationRequest = z.output<typeof recommendationRequestSchema>;
export type RecommendationRequestInput = z.input<typeof recommendationRequestSchema>;
