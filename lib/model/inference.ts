import type { ResolvedWorkload } from "../workload/resolve";
import type { Engine } from "../workload/schema";
import { GLOBAL_KNOBS, type EngineFactors, type Platform } from "./calibration";
import type { Bottleneck } from "./estimate";
import type { Hardware, PeakChoice } from "./hardware";
import { kvCacheBytes, weightsBytes } from "./memory";
import { allReduceSeconds, embeddingLookupParameters, expertParametersReadPerStep, forwardFlopsPerToken, parametersReadPerStep, prefillFlops, type LinkModel } from "./performance";
import type { MemoryPlan } from "./plan";
import { bytesPerWeight, fp4BytesRead, ggufUnpackCost, isFp4, isGguf, isWeightOnlyQuant } from "./precision";

/**
 * Phase 2, inference speed: a roofline per decode step (Williams, Waterman & Patterson 2009,
 * "Roofline", https://doi.org/10.1145/1498765.1498785; applied to LLM decode as in kipply's
 * "Transformer inference arithmetic", https://kipp.ly/transformer-inference-arithmetic/), prefill as
 * matrix FLOPs at a fitted fraction of the peak, and serving throughput from both.
 */

/** What every inference and training speed formula reads. */
export interface SpeedInputs {
  workload: ResolvedWorkload;
  hw: Hardware;
  engine: Engine;
  platform: Platform;
  factors: EngineFactors;
  peak: PeakChoice;
  /** Effective memory bandwidth: catalog peak × engine efficiency × the visitor's calibration, bytes/s. */
  bandwidth: number;
  computeRatio: number;
  /** The visitor's measured bandwidth ÷ catalog peak (1 without a calibration). */
  bandwidthRatio: number;
  /** GPUs that work together (1 for an SoC asked for more than one). */
  effectiveCount: number;
  link: LinkModel;
  /** Usable memory of one GPU, bytes. */
  capacity: number;
  plan: MemoryPlan;
}

/** Vision/diffusion inference: samples/s = n × peak × efficiency ÷ FLOPs per sample. */
export function visionInferenceSamplesPerSecond(s: SpeedInputs, flopsPerSample: number): number {
  return (s.effectiveCount * s.peak.flopsPerSecond * s.factors.prefill[s.platform] * s.computeRatio) / flopsPerSample;
}

/**
 * Continuous-batching servers (vLLM, TensorRT-LLM) run as many sequences as the KV cache leaves
 * room for and queue the rest; a single-stream engine runs the batch as asked.
 */
export function servingBatch(s: SpeedInputs): number {
  const { workload, engine } = s;
  const kvPerSequence = kvCacheBytes(workload.model, workload.promptTokens + workload.outputTokens, 1, workload.precision);
  const roomForKv = s.capacity * (s.hw.multiGpu ? s.effectiveCount : 1) - (s.plan.totalBytes - s.plan.parts.kv);
  return engine === "vllm" || engine === "tensorrt-llm" ? Math.max(1, Math.min(workload.batchSize, Math.floor(roomForKv / Math.max(1, kvPerSequence)))) : workload.batchSize;
}

/** One decode step's ceilings and costs, seconds. */
export interface DecodeStep {
  batch: number;
  parallelCount: number;
  weightBytesRead: number;
  kvBytesRead: number;
  stepFlops: number;
  /** weights ÷ (effective bandwidth × GPUs) + KV ÷ (effective bandwidth × KV efficiency × GPUs). */
  memorySeconds: number;
  /** step FLOPs ÷ (GPUs × peak × the engine's batched-decode efficiency). */
  computeSeconds: number;
  /** GGUF unpacking: weights × the backend's ops per weight ÷ FP32 vector peak. */
  dequantSeconds: number;
  /** layers × fixed per-layer cost (launches, synchronisation). */
  overheadSeconds: number;
  /** Tensor parallel: 2 all-reduces of the hidden state per layer. */
  commSeconds: number;
  /** max(memory, compute, dequant) + overhead + comm; max(memory, compute, dequant, overhead) + comm where the host overlaps (hostOverlap). */
  stepSeconds: number;
}

/**
 * GPU work and the host's per-layer work: their sum, or for an engine whose eager host loop runs
 * ahead of the GPU (EngineFactors.hostOverlap) the longer of the two.
 */
function withHostWork(gpuSeconds: number, hostSeconds: number, overlap: boolean): number {
  return overlap ? Math.max(gpuSeconds, hostSeconds) : gpuSeconds + hostSeconds;
}

/**
 * Decode step at batch B, average context c = prompt + output/2:
 * t = max(bytes ÷ bandwidth, FLOPs ÷ compute, dequant ÷ FP32) + L·t_layer + t_allreduce; for an
 * engine whose eager host loop runs ahead of the GPU (EngineFactors.hostOverlap) the host's L·t_layer
 * overlaps the kernels: t = max(…, L·t_layer) + t_allreduce.
 */
export function decodeStep(s: SpeedInputs, batch: number, parallelCount: number): DecodeStep {
  const { workload, hw, factors, platform, peak, link } = s;
  const model = workload.model;
  const tensorParallel = s.plan.parallelism === "tensor";
  // 4-bit float checkpoints keep some weights in 16 bit (precision.ts fp4BytesRead).
  const weightBytesRead = isFp4(workload.precision) ? fp4BytesRead(model, parametersReadPerStep(model, batch), workload.precision, embeddingLookupParameters(model)) : parametersReadPerStep(model, batch) * bytesPerWeight(workload.precision);
  const averageContext = workload.promptTokens + workload.outputTokens / 2;
  const kvBytesRead = kvCacheBytes(model, averageContext, batch, workload.precision);
  // Attention kernels read the KV cache less efficiently than the weight GEMVs stream weights
  // (many short rows per head; llama.cpp without flash attention also writes KQ to memory).
  // MoE expert weights stream at the engine's moeBandwidth share (grouped expert kernels).
  const expertShare = expertParametersReadPerStep(model, batch) / parametersReadPerStep(model, batch);
  const weightBytesAtFullRate = weightBytesRead * (1 - expertShare + expertShare / factors.moeBandwidth);
  const memorySeconds = (weightBytesAtFullRate + kvBytesRead / factors.kvEfficiency) / (s.bandwidth * parallelCount);
  const stepFlops = forwardFlopsPerToken(model, averageContext) * batch;
  const computeSeconds = stepFlops / (parallelCount * peak.flopsPerSecond * factors.batchCompute[platform] * s.computeRatio);
  const overheadSeconds = model.layers * factors.perLayerSeconds[platform];
  // GGUF weights are unpacked in shader code on every pass over them (matrix-vector kernels):
  // dequantOpsPerWeight vector operations per weight read (per q4_k_m weight; other formats at
  // their relative cost, precision.ts ggufUnpackCost), at the FP32 vector peak; a third
  // ceiling beside memory and matrix compute (the kernel is bound by whichever is slowest).
  const dequantSeconds = isGguf(workload.precision) && hw.fp32Flops != null ? (parametersReadPerStep(model, batch) * factors.dequantOpsPerWeight[platform] * ggufUnpackCost(workload.precision, hw.parallelIntegerPipes)) / (parallelCount * hw.fp32Flops) : 0;
  const commSeconds = tensorParallel && s.effectiveCount > 1 ? 2 * model.layers * allReduceSeconds(batch * model.hiddenSize * 2, s.effectiveCount, link, factors.oneShotAllReduce) : 0;
  const stepSeconds = withHostWork(Math.max(memorySeconds, computeSeconds, dequantSeconds), overheadSeconds, factors.hostOverlap) + commSeconds;
  return { batch, parallelCount, weightBytesRead, kvBytesRead, stepFlops, memorySeconds, computeSeconds, dequantSeconds, overheadSeconds, commSeconds, stepSeconds };
}

/** Which ceiling bounds a decode step. */
export function decodeLimit(step: DecodeStep): Bottleneck {
  const { memorySeconds, computeSeconds, dequantSeconds, commSeconds } = step;
  return commSeconds > Math.max(memorySeconds, computeSeconds, dequantSeconds) ? "interconnect" : Math.max(computeSeconds, dequantSeconds) > memorySeconds ? "compute" : "memory-bandwidth";
}

export interface Prefill {
  /** Fraction of the matrix peak reached by the dense matrix work (rate ÷ peak). */
  efficiency: number;
  /** Dense and attention FLOPs of the prompt at the prefill rate, seconds. */
  computeSeconds: number;
  /** One pass over the weights, seconds. */
  weightPassSeconds: number;
  /** compute + weight pass + per-layer overhead (overlapping the first two where the host runs ahead) + all-reduces + the engine's time per request. */
  seconds: number;
}

/**
 * Prefill matrix rate, FLOP/s: peak × engine prefill efficiency, × quantizedPrefillFactor for
 * weight-only formats (tiles are unpacked before the matrix units see them). The peak is already
 * the one the engine's kernels can reach (matmulPeak: FP16-accumulate rate on GeForce for
 * llama.cpp; the mma.sync share of Hopper's peak for engines without wgmma kernels).
 */
export function prefillMatrixRate(s: SpeedInputs): number {
  const { workload, factors, platform, peak } = s;
  const quantized = isGguf(workload.precision) ? GLOBAL_KNOBS.ggufPrefillFactor : isWeightOnlyQuant(workload.precision) ? GLOBAL_KNOBS.quantizedPrefillFactor : 1;
  return peak.flopsPerSecond * factors.prefill[platform] * quantized;
}

/**
 * Prefill of the prompt: t = 2·A·p ÷ (n × rate) + attention FLOPs ÷ (n × rate × attention
 * efficiency) + weights ÷ bandwidth + tensor-parallel all-reduces + L·t_layer + the engine's fixed
 * time per request.
 */
export function prefill(s: SpeedInputs, parallelCount: number, overheadSeconds: number): Prefill {
  const { workload, peak, factors } = s;
  const model = workload.model;
  const rate = prefillMatrixRate(s);
  const prompt = Math.max(1, workload.promptTokens);
  const dense = 2 * model.activeParameters * prompt;
  const attention = Math.max(0, prefillFlops(model, prompt) - dense);
  const computeSeconds = (dense + attention / factors.prefillAttentionEfficiency) / (parallelCount * rate * s.computeRatio);
  const weightPassSeconds = weightsBytes(model.parameters - embeddingLookupParameters(model), workload.precision) / (s.bandwidth * parallelCount);
  // Tensor parallel: two all-reduces of the prompt's hidden states per layer, as in decode.
  const commSeconds = parallelCount > 1 ? 2 * model.layers * allReduceSeconds(prompt * model.hiddenSize * 2, parallelCount, s.link) : 0;
  return {
    efficiency: rate / peak.flopsPerSecond,
    computeSeconds,
    weightPassSeconds,
    seconds: withHostWork(computeSeconds + weightPassSeconds, overheadSeconds, factors.hostOverlap) + commSeconds + factors.requestSeconds,
  };
}

/**
 * End-to-end serving throughput: the batch's prompts are prefilled, then outputTokens steps
 * produce one token per sequence each (what TensorRT-LLM and vLLM throughput benchmarks time).
 */
export function servingThroughput(s: SpeedInputs, step: DecodeStep, fill: Prefill): number {
  const batch = step.batch;
  const outputTokens = s.workload.outputTokens;
  const batchSeconds = batch * fill.computeSeconds + fill.weightPassSeconds + outputTokens * step.stepSeconds;
  return outputTokens > 0 ? (batch * outputTokens) / batchSeconds : batch / step.stepSeconds;
}

export interface LlmInferenceSpeed {
  step: DecodeStep;
  fill: Prefill;
  decodeTokensPerSecond: number;
  prefillTokensPerSecond: number | null;
  timeToFirstTokenSeconds: number;
  throughputTokensPerSecond: number;
  limit: Bottleneck;
}

/** LLM inference: decode, prefill, time to first token (prefill + one step) and serving throughput. */
export function llmInferenceSpeed(s: SpeedInputs): LlmInferenceSpeed {
  const batch = servingBatch(s);
  const parallelCount = s.plan.parallelism === "tensor" ? s.effectiveCount : 1;
  const step = decodeStep(s, batch, parallelCount);
  const fill = prefill(s, parallelCount, step.overheadSeconds);
  return {
    step,
    fill,
    decodeTokensPerSecond: 1 / step.stepSeconds,
    prefillTokensPerSecond: s.workload.promptTokens > 0 ? s.workload.promptTokens / fill.seconds : null,
    timeToFirstTokenSeconds: fill.seconds + step.stepSeconds,
    throughputTokensPerSecond: servingThroughput(s, step, fill),
    limit: decodeLimit(step),
  };
}
