import type { ResolvedWorkload } from "../workload/resolve";
import { attendedTokens, kvValuesPerTokenPerLayer, inferenceActivationBytes, storedActivationBytes } from "./memory";
import { kvBytesPerElement } from "./precision";

/**
 * The longest context that fits: the largest number of tokens per sequence (prompt + output for
 * inference, the sequence length for training) for which a configuration's memory per GPU stays
 * within its usable memory. Memory grows linearly with the context: the KV cache (inference) or
 * the activations (training; Korthikanti et al. 2022 with flash attention, no s² term), so the
 * limit is the planned context plus the free memory divided by the bytes each more token costs.
 *
 * Example (inference, one sequence): Llama 3.1 8B at fp16 on a 24 GB RTX 4090 with vLLM: 16.06 GB
 * of weights, 1 GB of runtime and 0.05 GB of working buffers leave 6.89 GB; each token caches
 * 32 layers × 2 × 8 KV heads × 128 × 2 B = 131,072 B, so about 52,600 tokens fit.
 */

/** The schema's ceiling on promptTokens: a model whose cache stops growing (sliding window) is capped here. */
export const MAX_CONTEXT_TOKENS = 2_000_000;

/** Bytes per GPU that one more token of context costs, and the working buffers at a long context. */
function growth(workload: ResolvedWorkload, count: number, builtOn?: string): { perToken: number; buffersNow: number; buffersLong: number; context: number } | null {
  const model = workload.model;
  if (model.flopsPerSample != null) return null;
  if (workload.task === "inference") {
    const perToken = (model.layers * kvValuesPerTokenPerLayer(model) * kvBytesPerElement(workload.precision) * workload.batchSize) / count;
    return {
      perToken,
      // Prompts are processed in chunks of at most 512 tokens: at a long context the buffers are the 512-token ones.
      buffersNow: inferenceActivationBytes(model, workload.batchSize, workload.promptTokens),
      buffersLong: inferenceActivationBytes(model, workload.batchSize, 512),
      context: workload.promptTokens + workload.outputTokens,
    };
  }
  const sequencesPerGpu = Math.ceil(workload.batchSize / count);
  return {
    perToken: storedActivationBytes(workload, sequencesPerGpu, 1, builtOn),
    buffersNow: 0,
    buffersLong: 0,
    context: workload.sequenceLength,
  };
}

/**
 * Longest context (tokens per sequence) that fits in `capacityBytes` per GPU, given the memory
 * per GPU `perGpuBytes` the configuration needs at the workload's own context, and at most the
 * model's own limit where known (`builtOn`: the build era the plan was made for, as planMemory). 0 when even a one-token context does not fit; null for models
 * without a context (vision, diffusion).
 */
export function maxContextTokens(workload: ResolvedWorkload, count: number, perGpuBytes: number, capacityBytes: number, builtOn?: string): number | null {
  const g = growth(workload, count, builtOn);
  if (!g || g.perToken <= 0) return null;
  // Hybrid models (some layers global) keep growing past the window: counted as growing on every layer, which errs short.
  const window = workload.task === "inference" && workload.model.slidingWindowLayers == null ? workload.model.slidingWindow : null;
  // Memory without the context-dependent part, at a long context's working buffers.
  const fixed = perGpuBytes - g.perToken * (window != null ? Math.min(g.context, window) : workload.task === "inference" ? attendedTokens(workload.model, g.context) : g.context) - g.buffersNow + g.buffersLong;
  let tokens = Math.floor((capacityBytes - fixed) / g.perToken);
  // What fits at the asked context fits (the longer context's bigger prompt chunks aside).
  if (perGpuBytes <= capacityBytes) tokens = Math.max(tokens, g.context);
  if (tokens < 1) return 0;
  // No more than the model itself takes (Llama 3.1: 131,072), however much memory is left.
  const limit = workload.model.maxContext ?? MAX_CONTEXT_TOKENS;
  // A sliding-window cache stops growing at the window: any context fits once the window does.
  if (window != null && tokens >= window) return limit;
  return Math.min(tokens, limit);
}
