import type { CatalogGpu } from "../catalog/types";
import type { ResolvedWorkload } from "../workload/resolve";
import type { Engine } from "../workload/schema";
import { GLOBAL_KNOBS } from "./calibration";
import type { Bottleneck, CloudChoice, MemoryEstimate } from "./estimate";
import { fmt, GB, groupThousands, round } from "./format";
import type { Hardware, PeakChoice } from "./hardware";
import type { LlmInferenceSpeed, SpeedInputs } from "./inference";
import { attentionWidth, embeddingLookupParameters, prefillFlops } from "./performance";
import type { MemoryPlan } from "./plan";
import type { TrainingSpeed } from "./training";

/**
 * Phase 5, the explanation ("show the math"): sentences and formula inputs built from the outputs
 * of the same functions that computed the figures, so the two cannot disagree.
 */
type MathRecord = Record<string, number | string | null>;

/** Does it fit, and if not, how many GPUs it needs. */
export function explainMemory(
  reasons: string[],
  assumptions: string[],
  a: { gpu: CatalogGpu; hw: Hardware; count: number; workload: ResolvedWorkload; plan: MemoryPlan; memory: MemoryEstimate; capacity: number; fits: boolean; minimum: number | null },
): void {
  const { gpu, hw, count, workload, memory, capacity, minimum } = a;
  if (hw.vendor === "apple") assumptions.push(`Apple unified memory: about ${Math.round((capacity / hw.memoryBytes) * 100)}% of ${gpu.memoryGB} GB is usable by the GPU (macOS working-set limit).`);
  if (!a.fits && hw.multiGpu) {
    reasons.push(
      minimum == null
        ? `Does not fit: needs ${fmt(memory.perGpuGB)} GB per GPU against ${fmt(memory.capacityGB)} GB, and no practical number of these GPUs fits it.`
        : `Does not fit on ${count}: needs ${fmt(memory.perGpuGB)} GB per GPU against ${fmt(memory.capacityGB)} GB usable; needs at least ${minimum}.`,
    );
  } else if (count > 1 && minimum != null && minimum > 1) {
    const largest = workload.task === "inference" ? `${fmt(memory.weightsGB)} GB of ${workload.precision} weights` : `${fmt(memory.totalGB)} GB of weights, gradients, optimizer state and activations`;
    reasons.push(`Needs ${minimum} GPUs: ${largest} exceed one ${gpu.memoryGB} GB card.`);
  } else if (a.fits) {
    reasons.push(`Fits: ${fmt(memory.perGpuGB)} GB per GPU of ${fmt(memory.capacityGB)} GB usable (${Math.round((a.plan.perGpuBytes / capacity) * 100)}% full).`);
  }
}

/** The peak and bandwidth every speed formula starts from. */
export function explainPeaks(math: MathRecord, gpu: CatalogGpu, peak: PeakChoice | null, bandwidthEfficiency: number, engine: Engine): void {
  math.peakFigure = peak?.figure ?? null;
  math.peakTflops = peak ? round(peak.flopsPerSecond / 1e12) : null;
  math.memoryBandwidthGBps = gpu.memoryBandwidthGBps;
  math.bandwidthEfficiency = bandwidthEfficiency;
  math.engine = engine;
}

/** Decode, prefill and serving: the ceilings of one decode step and which one binds. */
export function explainInference(math: MathRecord, reasons: string[], assumptions: string[], s: SpeedInputs, gpu: CatalogGpu, speed: LlmInferenceSpeed, bottleneck: Bottleneck): void {
  const { workload, engine, hw } = s;
  const { step, fill } = speed;
  if (step.batch < workload.batchSize) {
    assumptions.push(`Only ${step.batch} of ${workload.batchSize} sequences fit in memory at once; ${engine} queues the rest, so throughput is computed at batch ${step.batch}.`);
  }
  Object.assign(math, {
    bytesPerDecodeStepGB: round((step.weightBytesRead + step.kvBytesRead) / GB),
    weightBytesPerStepGB: round(step.weightBytesRead / GB),
    kvBytesPerStepGB: round(step.kvBytesRead / GB),
    flopsPerDecodeStep: step.stepFlops,
    decodeMemorySeconds: step.memorySeconds,
    decodeComputeSeconds: step.computeSeconds,
    dequantSecondsPerStep: step.dequantSeconds,
    perStepOverheadSeconds: step.overheadSeconds,
    // The engine's host loop runs ahead of the GPU: the overhead overlaps the kernels (max, not sum).
    hostOverlap: s.factors.hostOverlap ? "yes" : null,
    interconnectSecondsPerStep: step.commSeconds,
    // The step's bytes over the catalog bandwidth at one blended efficiency: the engine's streaming
    // efficiency (× the HBM share on HBM parts), with KV-cache reads at kvEfficiency of it.
    bandwidthEfficiency: step.memorySeconds > 0 ? (step.weightBytesRead + step.kvBytesRead) / (step.memorySeconds * s.hw.bandwidthBytesPerSecond * step.parallelCount) : math.bandwidthEfficiency,
    kvEfficiency: s.factors.kvEfficiency,
    hbmBandwidthShare: s.hw.hbm ? s.factors.hbmBandwidth[s.platform] : null,
    prefillFlops: prefillFlops(workload.model, workload.promptTokens),
    prefillEfficiency: fill.efficiency,
    decodeComputeEfficiency: s.factors.batchCompute[s.platform],
    parallelGpus: step.parallelCount,
  });
  const parallelCount = step.parallelCount;
  reasons.push(
    bottleneck === "memory-bandwidth"
      ? `Decode is memory-bandwidth-bound: each token streams ${fmt((step.weightBytesRead + step.kvBytesRead) / GB)} GB of weights and KV cache at ${gpu.memoryBandwidthGBps} GB/s${parallelCount > 1 ? ` on each of ${parallelCount} GPUs` : ""}.`
      : bottleneck === "compute"
        ? step.dequantSeconds > step.computeSeconds
          ? `Decode is bound by unpacking ${workload.precision} weights (${fmt(step.dequantSeconds * 1000)} ms per token at ${fmt((hw.fp32Flops ?? 0) / 1e12)} TFLOPS FP32), more than by memory bandwidth.`
          : `At batch ${step.batch} decode is compute-bound: ${fmt(step.stepFlops / 1e12)} TFLOP per step against ${math.peakTflops} TFLOPS peak.`
        : bottleneck === "interconnect"
          ? `Tensor-parallel all-reduces over ${s.link.label} dominate each decode step.`
          : reasons.length === 0
            ? "Does not fit in memory."
            : "",
  );
  const lookup = embeddingLookupParameters(workload.model);
  if (lookup > 0 && workload.model.kind === "llm") {
    assumptions.push(`Each token gathers one row of the ${fmt(lookup / 1e9)}B-parameter input embedding table; a decode step does not stream it (the LM head is a separate matrix and is read whole).`);
  }
  if (s.plan.parallelism === "pipeline") assumptions.push(`${engine} splits layers across the ${s.effectiveCount} GPUs (pipeline): more memory, no faster per token.`);
  if (s.plan.parallelism === "tensor") {
    const how = s.factors.oneShotAllReduce && s.link.fast ? `the engine's own all-reduce kernel (one step through peer memory for a decode step's hidden state)` : `a ring all-reduce (2 × (GPUs − 1) link latencies each)`;
    assumptions.push(`Tensor parallel over ${s.effectiveCount} GPUs via ${s.link.label}: 2 all-reduces per layer per token, by ${how}.`);
  }
}

/** Training: FLOPs per token (or sample), the MFU and the peak it applies to. */
export function explainTraining(math: MathRecord, reasons: string[], assumptions: string[], speed: TrainingSpeed, effectiveCount: number, workload: ResolvedWorkload): void {
  const frozen = workload.method !== "full";
  if (workload.gradientCheckpointing) {
    assumptions.push(
      frozen
        ? "Activation checkpointing on, as in common LoRA/QLoRA recipes (torchtune, PEFT): only each layer's input is kept and the forward pass is recomputed (about ⅓ more compute)."
        : "Activation checkpointing on: only each layer's input is kept and the forward pass is recomputed (about ⅓ more compute).",
    );
  }
  if (workload.method === "qlora" && workload.model.flopsPerSample == null) {
    assumptions.push("QLoRA quantizes the linear layers to 4 bits (NF4 with double quantization); the token embedding and LM head stay in 16 bit, as Hugging Face's bitsandbytes integration and torchtune leave them.");
  }
  if (speed.flopsPerSample != null) {
    math.flopsPerSample = speed.flopsPerSample;
    if (speed.layout === "nchw") {
      assumptions.push("PyTorch's default NCHW layout: with AMP, cuDNN transposes each convolution's input and output. channels_last (NHWC) avoids that; NVIDIA's ResNet-50 recipe uses it and trains about 1.8× faster on an A100 than the same script in NCHW. Choose the channels_last layout (memoryFormat: nhwc) if your script sets it.");
    } else if (speed.layout === "nhwc") {
      assumptions.push("channels_last (NHWC) layout, as asked: cuDNN's tensor-core convolutions need no layout transposes.");
    }
    if (speed.inputSeconds > 0) {
      reasons.push(`Published vision training rates (ResNet-50, with synthetic data) stop rising at about ${groupThousands(1 / GLOBAL_KNOBS.visionInputSecondsPerSample)} samples/s per GPU on the fastest GPUs, and this one would outrun that, so the estimate is held there (${groupThousands(1 / speed.inputSeconds)} samples/s in all). A real input pipeline (disk, JPEG decoding) can bind earlier.`);
    }
  } else if (speed.flopsPerToken != null) {
    Object.assign(math, {
      trainingFlopsPerToken: speed.flopsPerToken,
      stepTokens: speed.stepTokens,
      stepComputeSeconds: speed.computeSeconds,
      stepMemorySeconds: speed.memorySeconds,
      gradientAllReduceSeconds: speed.commSeconds,
    });
    if (workload.model.kind === "encoder") {
      assumptions.push("Attention scores are computed explicitly (softmax(QKᵀ) written and read back, as the BERT implementations in published benchmarks do); fused attention (PyTorch SDPA) would move less memory and run faster.");
    }
    reasons.push(
      `Training runs at ${Math.round(speed.mfu * 100)}% model-FLOPs utilisation of ${fmt(speed.peak.flopsPerSecond / 1e12)} TFLOPS${effectiveCount > 1 ? ` × ${effectiveCount} GPUs` : ""}: ${(speed.flopsPerToken / 1e9).toFixed(1)} GFLOP per token${frozen ? " (frozen base: no weight gradients)" : ""}.`,
    );
  }
  math.mfu = speed.mfu;
  math.trainingPeakFigure = speed.peak.figure;
  math.trainingPeakTflops = round(speed.peak.flopsPerSecond / 1e12);
  math.trainedParameters = speed.trainedParameters;
}

/** Attention width of a transformer (null for vision models). */
export function explainModel(math: MathRecord, workload: ResolvedWorkload): void {
  math.attentionWidth = workload.model.flopsPerSample == null ? attentionWidth(workload.model) : null;
}

/** Prices, power and the parallel layout the figures assume. */
export function explainCost(
  math: MathRecord,
  assumptions: string[],
  a: { workload: ResolvedWorkload; hw: Hardware; count: number; engine: Engine; cloud: CloudChoice | null; powerKW: number | null; powerDrawFraction: number; electricityUsdPerKWh: number; zeroStage: number | null },
): void {
  const { cloud, hw } = a;
  if (a.workload.task === "inference") math.energyKWhPer = "million output tokens";
  if (cloud) assumptions.push(`Cloud price: ${cloud.instances} × ${cloud.provider} ${cloud.instanceType} (${cloud.gpusPerInstance} GPU${cloud.gpusPerInstance > 1 ? "s" : ""} each) at $${(cloud.priceUsdPerHour / cloud.instances).toFixed(2)}/h, ${cloud.region}, observed ${cloud.observedAt}.`);
  if (a.powerKW != null) assumptions.push(`Energy: ${Math.round(a.powerDrawFraction * 100)}% of ${hw.tdpWatts} W board power per GPU at $${a.electricityUsdPerKWh}/kWh.`);
  if (a.zeroStage != null) {
    assumptions.push(
      a.workload.method !== "full" ? `Data parallel over ${a.count} GPUs, base weights replicated (ZeRO stage ${a.zeroStage}).` : `Sharded data parallel over ${a.count} GPUs (ZeRO/FSDP stage ${a.zeroStage}).`,
    );
  }
  assumptions.push(`Engine: ${a.engine}; efficiency factors fitted to published measurements (docs/accuracy.md).`);
}
