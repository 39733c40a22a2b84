import { GRADIENT_COMM_OVERLAP, TRAINING_MFU } from "./calibration";
import type { Bottleneck } from "./estimate";
import { matmulPeak, type PeakChoice } from "./hardware";
import type { SpeedInputs } from "./inference";
import { loraParameters } from "./memory";
import { allReduceSeconds, trainingFlopsPerToken } from "./performance";

/**
 * Phase 3, training and fine-tuning speed: model FLOPs (6·N per token, Kaplan et al. 2020,
 * https://arxiv.org/abs/2001.08361; 4·N with a frozen base; +1 forward with checkpointing) at a
 * model-FLOPs utilisation (MFU, Chowdhery et al. 2022, PaLM §B) of the 16-bit tensor peak, plus the
 * data-parallel gradient all-reduce that does not overlap with compute.
 */
export interface TrainingSpeed {
  mfu: number;
  peak: PeakChoice;
  trainedParameters: number;
  tokensPerSecond: number | null;
  samplesPerSecond: number | null;
  /** LLMs: FLOPs per token and per step; vision: FLOPs per sample (forward + backward). */
  flopsPerToken: number | null;
  flopsPerSample: number | null;
  stepTokens: number | null;
  computeSeconds: number;
  commSeconds: number;
  limit: Bottleneck;
}

/** MFU by vendor and model kind; QLoRA's 4-bit base is unpacked on every pass (×0.7). */
export function trainingMfu(s: SpeedInputs): number {
  return TRAINING_MFU[s.platform][s.workload.model.flopsPerSample != null ? "vision" : "llm"] * (s.workload.method === "qlora" ? 0.7 : 1);
}

/** Training runs its matrices at 16 bit (mixed precision) or TF32/FP32. */
export function trainingPeak(s: SpeedInputs): PeakChoice {
  return matmulPeak(s.hw, s.workload.precision === "fp32" ? "fp32" : "bf16", "pytorch") ?? s.peak;
}

export function trainingSpeed(s: SpeedInputs): TrainingSpeed {
  const { workload, effectiveCount, computeRatio, link } = s;
  const model = workload.model;
  const frozen = workload.method !== "full";
  const mfu = trainingMfu(s);
  const peak = trainingPeak(s);
  const trainedParameters = frozen ? loraParameters(model, workload.loraRank) : model.parameters;
  const gradientBytes = trainedParameters * 2;
  if (model.flopsPerSample != null) {
    // Vision: forward + backward = 3 × forward FLOPs per sample; the all-reduce is spread over the batch.
    const computeSeconds = (3 * model.flopsPerSample) / (effectiveCount * peak.flopsPerSecond * mfu * computeRatio);
    const commSeconds = allReduceSeconds(gradientBytes, effectiveCount, link) / Math.max(1, workload.batchSize);
    const perSample = Math.max(computeSeconds, commSeconds * (1 - GRADIENT_COMM_OVERLAP) + computeSeconds);
    return {
      mfu,
      peak,
      trainedParameters,
      tokensPerSecond: null,
      samplesPerSecond: 1 / perSample,
      flopsPerToken: null,
      flopsPerSample: 3 * model.flopsPerSample,
      stepTokens: null,
      computeSeconds,
      commSeconds,
      limit: "compute",
    };
  }
  const flopsPerToken = trainingFlopsPerToken(model, workload.sequenceLength, frozen, workload.gradientCheckpointing);
  const stepTokens = workload.batchSize * workload.sequenceLength;
  const computeSeconds = (stepTokens * flopsPerToken) / (effectiveCount * peak.flopsPerSecond * mfu * computeRatio);
  const commSeconds = allReduceSeconds(gradientBytes, effectiveCount, link);
  const stepSeconds = computeSeconds + Math.max(0, commSeconds - GRADIENT_COMM_OVERLAP * computeSeconds);
  return {
    mfu,
    peak,
    trainedParameters,
    tokensPerSecond: stepTokens / stepSeconds,
    samplesPerSecond: null,
    flopsPerToken,
    flopsPerSample: null,
    stepTokens,
    computeSeconds,
    commSeconds,
    limit: commSeconds > computeSeconds ? "interconnect" : "compute",
  };
}
