import { z } from "zod";
import type { CustomModel } from "./schema";

/**
 * Reads a Hugging Face `config.json` into a custom model description: layers, hidden size, heads,
 * KV heads, vocabulary, intermediate size, experts, and the parameter count computed from the
 * shapes (norms and biases, < 0.1%, are left out).
 */
const num = z.number().int().positive();
export const hfConfigSchema = z
  .object({
    model_type: z.string().optional(),
    architectures: z.array(z.string()).optional(),
    hidden_size: num.optional(),
    n_embd: num.optional(),
    d_model: num.optional(),
    num_hidden_layers: num.optional(),
    n_layer: num.optional(),
    num_layers: num.optional(),
    num_attention_heads: num.optional(),
    n_head: num.optional(),
    num_heads: num.optional(),
    num_key_value_heads: num.optional(),
    head_dim: num.optional(),
    vocab_size: num,
    intermediate_size: num.optional(),
    n_inner: num.nullable().optional(),
    d_ff: num.optional(),
    tie_word_embeddings: z.boolean().optional(),
    num_local_experts: num.optional(),
    n_routed_experts: num.optional(),
    num_experts: num.optional(),
    num_experts_per_tok: num.optional(),
    n_shared_experts: num.nullable().optional(),
    moe_intermediate_size: num.optional(),
    first_k_dense_replace: z.number().int().min(0).optional(),
    kv_lora_rank: num.nullable().optional(),
    q_lora_rank: num.nullable().optional(),
    qk_rope_head_dim: num.optional(),
    qk_nope_head_dim: num.optional(),
    v_head_dim: num.optional(),
    sliding_window: num.nullable().optional(),
    use_sliding_window: z.boolean().optional(),
    text_config: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export class HfConfigError extends Error {}

/** Families whose MLP has three matrices (gate, up, down: SwiGLU/GeGLU) rather than two. */
const GATED = /llama|mistral|mixtral|qwen|gemma|phi3|phi4|deepseek|olmo|granite|cohere|internlm|yi/i;

export function parseHfConfig(raw: unknown, name?: string): CustomModel {
  let input = raw;
  // Multimodal wrappers (Gemma 3, Llava…) keep the language model under text_config.
  if (input && typeof input === "object" && "text_config" in input && (input as { text_config?: unknown }).text_config) {
    input = { ...(input as Record<string, unknown>), ...((input as { text_config: Record<string, unknown> }).text_config) };
  }
  const parsed = hfConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HfConfigError(`config.json: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  const c = parsed.data;
  const d = c.hidden_size ?? c.n_embd ?? c.d_model;
  const layers = c.num_hidden_layers ?? c.n_layer ?? c.num_layers;
  const heads = c.num_attention_heads ?? c.n_head ?? c.num_heads;
  if (!d || !layers || !heads) throw new HfConfigError("config.json: needs hidden_size, num_hidden_layers and num_attention_heads (or their GPT-2 names)");
  const kvHeads = c.num_key_value_heads ?? heads;
  const headDim = c.head_dim ?? Math.round(d / heads);
  const intermediate = c.intermediate_size ?? c.n_inner ?? c.d_ff ?? 4 * d;
  const family = `${c.model_type ?? ""} ${(c.architectures ?? []).join(" ")}`;
  const gated = GATED.test(family);
  const mlpMatrices = gated ? 3 : 2;
  const experts = c.num_local_experts ?? c.n_routed_experts ?? c.num_experts ?? 1;
  const perToken = c.num_experts_per_tok ?? 1;
  const shared = c.n_shared_experts ?? 0;
  const expertWidth = c.moe_intermediate_size ?? intermediate;
  const denseLayers = experts > 1 ? Math.min(layers, c.first_k_dense_replace ?? 0) : layers;
  const moeLayers = layers - denseLayers;

  let attention: number;
  let kvLoraRank: number | undefined;
  let qkRopeHeadDim: number | undefined;
  if (c.kv_lora_rank) {
    // Multi-head latent attention (DeepSeek-V2/V3): low-rank q and kv projections.
    const rope = c.qk_rope_head_dim ?? 64;
    const nope = c.qk_nope_head_dim ?? 128;
    const v = c.v_head_dim ?? 128;
    const q = c.q_lora_rank ? d * c.q_lora_rank + c.q_lora_rank * heads * (nope + rope) : d * heads * (nope + rope);
    const kv = d * (c.kv_lora_rank + rope) + c.kv_lora_rank * heads * (nope + v);
    attention = q + kv + heads * v * d;
    kvLoraRank = c.kv_lora_rank;
    qkRopeHeadDim = rope;
  } else {
    attention = d * heads * headDim * 2 + d * kvHeads * headDim * 2;
  }
  const denseMlp = mlpMatrices * d * intermediate;
  const expertMlp = mlpMatrices * d * expertWidth;
  const moeMlpTotal = (experts + shared) * expertMlp + d * experts;
  const moeMlpActive = (perToken + shared) * expertMlp + d * experts;
  const tied = c.tie_word_embeddings ?? true;
  const embeddings = c.vocab_size * d * (tied ? 1 : 2);
  const parameters = layers * attention + denseLayers * denseMlp + moeLayers * moeMlpTotal + embeddings;
  const active = layers * attention + denseLayers * denseMlp + moeLayers * moeMlpActive + embeddings;
  const window = c.use_sliding_window === false ? undefined : (c.sliding_window ?? undefined);
  return {
    ...(name ? { name } : {}),
    parameters,
    layers,
    hiddenSize: d,
    attentionHeads: heads,
    kvHeads,
    headDim,
    vocabSize: c.vocab_size,
    intermediateSize: experts > 1 ? expertWidth : intermediate,
    ...(experts > 1 ? { experts, expertsPerToken: perToken, activeParameters: active } : {}),
    ...(kvLoraRank ? { kvLoraRank, qkRopeHeadDim } : {}),
    // Gemma 2 alternates sliding and global layers: a window on every layer would understate the cache.
    ...(window && !/gemma2/i.test(family) ? { slidingWindow: window } : {}),
  };
}
