import type { ModelSpec } from "../workload/resolve";
import { attendedTokens, hasVocabulary } from "./memory";
import { COLLECTIVE_LATENCY_SECONDS } from "./calibration";
import type { Hardware } from "./hardware";

/**
 * FLOP and byte counts per token, after Kaplan et al. 2020 (https://arxiv.org/abs/2001.08361)
 * and kipply's "Transformer inference arithmetic" (https://kipp.ly/transformer-inference-arithmetic/).
 */

/** Width of the attention (heads × head dimension). */
export function attentionWidth(model: ModelSpec): number {
  return model.attentionHeads * model.headDim;
}

/**
 * Forward FLOPs for one token at context length `context`: 2 × active parameters (one multiply
 * and one add per weight) + attention over the context, 4 × layers × context × attention width
 * (QKᵀ and A·V). Llama-2-7B at context 0: 2 × 6.74e9 = 13.5 GFLOP per token.
 */
export function forwardFlopsPerToken(model: ModelSpec, context: number): number {
  return 2 * model.activeParameters + 4 * model.layers * attendedTokens(model, context) * attentionWidth(model);
}

/** Prefill of a p-token prompt: 2·A·p + causal attention 2·L·p²·width (half of the full p×p). */
export function prefillFlops(model: ModelSpec, promptTokens: number): number {
  return 2 * model.activeParameters * promptTokens + 2 * model.layers * promptTokens * attendedTokens(model, promptTokens) * attentionWidth(model);
}

/**
 * MoE: parameters read per decode step. With E experts of which k are routed per token, the
 * expert weights are (P − A)·E/(E − k); a batch of B tokens touches a fraction 1 − (1 − k/E)^B
 * of them (independent uniform routing). Dense models read every weight but the input embedding
 * table, of which each token gathers one row (embeddingLookupParameters).
 */
export function parametersReadPerStep(model: ModelSpec, batch: number): number {
  return model.parameters - embeddingLookupParameters(model) - expertParameters(model) + expertParametersReadPerStep(model, batch);
}

/**
 * The input embedding table of a model whose LM head is a separate matrix: each token looks up
 * one row of it (a gather, not a matrix product), so a forward pass does not stream it
 * (llama.cpp's get_rows on token_embd; nn.Embedding). With tied embeddings the same matrix is the
 * LM head and is read whole. Llama 3.1 8B: 128,256 × 4,096 = 0.53e9 of its 8.03e9 parameters.
 */
export function embeddingLookupParameters(model: ModelSpec): number {
  // A generating model with tied embeddings multiplies by the table in its LM head; an encoder's
  // (BERT) only in the masked-LM head over the masked positions, which fine-tuning heads replace.
  if (!hasVocabulary(model) || (model.tiedEmbeddings && model.kind !== "encoder")) return 0;
  return Math.min(model.vocabSize * model.hiddenSize, model.parameters / 4);
}

/** MoE: parameters in the routed experts, (P − A)·E/(E − k); 0 for dense models. */
function expertParameters(model: ModelSpec): number {
  if (model.experts <= 1 || model.activeParameters >= model.parameters) return 0;
  const e = model.experts;
  const k = model.expertsPerToken;
  return Math.min(model.parameters, ((model.parameters - model.activeParameters) * e) / (e - k));
}

/** MoE: the expert parameters a decode step of B tokens touches, expert parameters × (1 − (1 − k/E)^B); 0 for dense models. */
export function expertParametersReadPerStep(model: ModelSpec, batch: number): number {
  const experts = expertParameters(model);
  if (experts === 0) return 0;
  return experts * (1 - Math.pow(1 - model.expertsPerToken / model.experts, batch));
}

/** Training FLOPs per token: 6·A (forward + backward, Kaplan et al.), 4·A when the weights are frozen (LoRA), + one more forward with checkpointing. */
export function trainingFlopsPerToken(model: ModelSpec, sequenceLength: number, frozenBase: boolean, checkpointing: boolean): number {
  const forward = forwardFlopsPerToken(model, sequenceLength / 2);
  const passes = (frozenBase ? 2 : 3) + (checkpointing ? 1 : 0);
  return forward * passes;
}

export interface LinkModel {
  /** Unidirectional bytes per second per GPU. */
  bytesPerSecond: number;
  latencySeconds: number;
  fast: boolean;
  label: string;
}

/** PCIe 4.0 x16: 32 GB/s each way, when the catalog names no interconnect. */
const DEFAULT_PCIE = 32e9;

const links = new WeakMap<Hardware, LinkModel>();

/** The link between GPUs of this kind (once per hardware view: estimates ask for it per configuration). */
export function gpuLink(hw: Hardware): LinkModel {
  let link = links.get(hw);
  if (!link) links.set(hw, (link = linkOf(hw)));
  return link;
}

/** The GPU-to-GPU link: the catalog's printed figure is bidirectional, so half of it each way. */
function linkOf(hw: Hardware): LinkModel {
  const fast = hw.interconnect != null && /nvlink|infinity|xe link|gaudi|roce|ethernet/i.test(hw.interconnect);
  const bytesPerSecond = hw.interconnectBytesPerSecond != null ? hw.interconnectBytesPerSecond / 2 : DEFAULT_PCIE;
  return {
    bytesPerSecond,
    latencySeconds: fast ? COLLECTIVE_LATENCY_SECONDS.fast : COLLECTIVE_LATENCY_SECONDS.pcie,
    fast,
    label: hw.interconnect ?? "PCIe (assumed 4.0 x16)",
  };
}

/** Largest tensor the engines' custom all-reduce sends one-shot (vLLM: 512 KB on 8 GPUs); above it, two-shot. */
export const ONE_SHOT_MAX_BYTES = 512 * 1024;

/**
 * Ring all-reduce of `bytes` across n GPUs: 2(n−1) steps, each sending 1/n of the data (Patarasuk
 * & Yuan 2009). With `custom` on a peer-to-peer link (the engines' own kernels: vLLM's
 * custom_all_reduce.cuh, which SGLang reuses; TensorRT-LLM's customAllReduce) a small tensor goes
 * one-shot (every GPU reads its n−1 peers' whole buffers in one step: one link latency,
 * (n−1)·bytes) and a larger one two-shot (reduce-scatter then all-gather straight through peer
 * memory: two latencies, the ring's bytes).
 */
export function allReduceSeconds(bytes: number, n: number, link: LinkModel, custom = false): number {
  if (n <= 1) return 0;
  if (custom && link.fast) {
    return bytes <= ONE_SHOT_MAX_BYTES
      ? link.latencySeconds + ((n - 1) * bytes) / link.bytesPerSecond
      : 2 * link.latencySeconds + (2 * (n - 1) * bytes) / (n * link.bytesPerSecond);
  }
  return link.latencySeconds * 2 * (n - 1) + (2 * (n - 1) * bytes) / (n * link.bytesPerSecond);
}
