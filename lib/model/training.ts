import { GLOBAL_KNOBS, GRADIENT_COMM_OVERLAP, optimizerStepBytesPerParameter, TRAINING_MFU } from "./calibration";
import type { Bottleneck } from "./estimate";
import { matmulPeak, type PeakChoice } from "./hardware";
import type { SpeedInputs } from "./inference";
import { attentionScoreBytes, loraParameters, trainingActivationBytes } from "./memory";
import { allReduceSeconds, trainingFlopsPerToken } from "./performance";

/**
 * Phase 3, training and fine-tuning speed: a roofline with two serial parts per step.
 * - matrix work: model FLOPs (6·N per token, Kaplan et al. 2020, https://arxiv.org/abs/2001.08361;
 *   4·N with a frozen base; +1 forward with checkpointing) at a matrix-FLOPs utilisation of the
 *   16-bit tensor peak;
 * - element-wise work: normalisation, activation and loss kernels move trainingTrafficPerActivationByte
 *   bytes and run trainingVectorFlopsPerActivationByte FP32 operations per byte of stored
 *   activations (each bound by the slower of the two), and the optimizer step reads and writes every trained
 *   parameter's state once (optimizerStepBytesPerParameter), both at trainingBandwidthEfficiency of
 *   the memory bandwidth (Ivanov et al. 2021, "Data movement is all you need",
 *   https://arxiv.org/abs/2007.00072);
 * plus the data-parallel gradient all-reduce that does not overlap with compute.
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
  /** Element-wise/normalisation traffic and the optimizer step, seconds per step (vision: per sample). */
  memorySeconds: number;
  /** Vision: the per-sample floor (calibration.ts visionInputSecondsPerSample ÷ GPUs) when it sets the pace; 0 otherwise. */
  inputSeconds: number;
  /** Vision training with AMP: the activation layout assumed (NCHW pays for transposes); null otherwise. */
  layout: "nchw" | "nhwc" | null;
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

/**
 * Element-wise work on `activationBytes` of stored activations, seconds: each kernel is bound by
 * the slower of its traffic over effective bandwidth and its FP32 vector operations over the FP32
 * peak (GPUs without a published FP32 figure: traffic only).
 */
function elementwiseSeconds(s: SpeedInputs, activationBytes: number, bandwidth: number, mixedPrecisionBytes = activationBytes): number {
  // Convolutional nets (batch norm, ReLU) and transformers (layer norm, GELU, softmax, dropout) run different element-wise kernels.
  const perByte = s.workload.model.flopsPerSample != null ? GLOBAL_KNOBS.visionTrafficPerActivationByte : GLOBAL_KNOBS.trainingTrafficPerActivationByte;
  const traffic = (perByte * activationBytes) / bandwidth;
  // Operations go by element, not by byte: counted on the mixed-precision bytes (FP32 stores the same elements in twice the bytes).
  const vector = s.hw.fp32Flops != null ? (GLOBAL_KNOBS.trainingVectorFlopsPerActivationByte * mixedPrecisionBytes) / (s.hw.fp32Flops * s.computeRatio) : 0;
  return Math.max(traffic, vector);
}

/** Effective bandwidth of the memory-bound training kernels, bytes/s. */
function trainingBandwidth(s: SpeedInputs): number {
  return s.hw.bandwidthBytesPerSecond * GLOBAL_KNOBS.trainingBandwidthEfficiency * s.bandwidthRatio;
}

export function trainingSpeed(s: SpeedInputs): TrainingSpeed {
  const { workload, effectiveCount, computeRatio, link } = s;
  const model = workload.model;
  const frozen = workload.method !== "full";
  const mfu = trainingMfu(s);
  const peak = trainingPeak(s);
  const trainedParameters = frozen ? loraParameters(model, workload.loraRank) : model.parameters;
  const gradientBytes = trainedParameters * 2;
  const bandwidth = trainingBandwidth(s);
  const mixed = workload.precision !== "fp32";
  // ZeRO stage 1+ shards the optimizer state: each GPU steps its 1/n share.
  const optimizerShare = s.plan.zeroStage != null && s.plan.zeroStage >= 1 ? 1 / effectiveCount : 1;
  const optimizerSecondsPerStep = (trainedParameters * optimizerShare * optimizerStepBytesPerParameter(workload.optimizer, mixed)) / bandwidth;
  const sequencesPerGpu = Math.max(1, Math.ceil(workload.batchSize / effectiveCount));
  const recompute = workload.gradientCheckpointing ? 4 / 3 : 1;
  if (model.flopsPerSample != null) {
    // Vision: forward + backward = 3 × forward FLOPs per sample; the all-reduce and the optimizer
    // step are spread over the samples of a step.
    const computeSeconds = (3 * model.flopsPerSample) / (effectiveCount * peak.flopsPerSecond * mfu * computeRatio);
    const stored = recompute * trainingActivationBytes(model, 1, 1, false, !mixed);
    const elements = mixed ? stored : recompute * trainingActivationBytes(model, 1, 1, false);
    const trafficSeconds = elementwiseSeconds(s, stored, bandwidth, elements) / effectiveCount;
    // AMP convolutions in PyTorch's default NCHW layout: cuDNN transposes each one's input and output (calibration.ts).
    const layout = mixed ? (s.workload.memoryFormat ?? "nchw") : null;
    const transposeSeconds = layout === "nchw" ? (GLOBAL_KNOBS.nchwTransposeTrafficPerActivationByte * stored) / bandwidth / effectiveCount : 0;
    const memorySeconds = trafficSeconds + transposeSeconds + optimizerSecondsPerStep / (sequencesPerGpu * effectiveCount);
    const commSeconds = allReduceSeconds(gradientBytes, effectiveCount, link) / Math.max(1, workload.batchSize);
    const busySeconds = computeSeconds + memorySeconds;
    // A per-sample floor that faster GPUs do not lower (calibration.ts visionInputSecondsPerSample): whichever is slower sets the pace.
    const inputSeconds = GLOBAL_KNOBS.visionInputSecondsPerSample / effectiveCount;
    const perSample = Math.max(inputSeconds, busySeconds + Math.max(0, commSeconds - GRADIENT_COMM_OVERLAP * busySeconds));
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
      memorySeconds,
      inputSeconds: inputSeconds >= perSample ? inputSeconds : 0,
      layout,
      commSeconds,
      limit: commSeconds > busySeconds ? "interconnect" : memorySeconds > computeSeconds ? "memory-bandwidth" : "compute",
    };
  }
  const flopsPerToken = trainingFlopsPerToken(model, workload.sequenceLength, frozen, workload.gradientCheckpointing);
  const stepTokens = workload.batchSize * workload.sequenceLength;
  const computeSeconds = (stepTokens * flopsPerToken) / (effectiveCount * peak.flopsPerSecond * mfu * computeRatio);
  const activations = trainingActivationBytes(model, sequencesPerGpu, workload.sequenceLength, false, !mixed) + attentionScoreBytes(model, sequencesPerGpu, workload.sequenceLength, !mixed);
  // The same tensors counted in mixed-precision bytes (the element count the vector operations go by).
  const elements = mixed ? activations : trainingActivationBytes(model, sequencesPerGpu, workload.sequenceLength, false) + attentionScoreBytes(model, sequencesPerGpu, workload.sequenceLength);
  const trafficSeconds = elementwiseSeconds(s, recompute * activations, bandwidth, recompute * elements);
  const memorySeconds = trafficSeconds + optimizerSecondsPerStep;
  const commSeconds = allReduceSeconds(gradientBytes, effectiveCount, link);
  const busySeconds = computeSeconds + memorySeconds;
  const stepSeconds = busySeconds + Math.max(0, commSeconds - GRADIENT_COMM_OVERLAP * busySeconds);
  const tokensPerSecond = stepTokens / stepSeconds;
  return {
    mfu,
    peak,
    trainedParameters,
    tokensPerSecond,
    // Encoders (BERT) are benchmarked in sequences per second.
    samplesPerSecond: model.kind === "encoder" ? tokensPerSecond / workload.sequenceLength : null,
    flopsPerToken,
    flopsPerSample: null,
    stepTokens,
    computeSeconds,
    memorySeconds,
    inputSeconds: 0,
    layout: null,
    commSeconds,
    limit: commSeconds > busySeconds ? "interconnect" : memorySeconds > computeSeconds ? "memory-bandwidth" : "compute",
  };
}
