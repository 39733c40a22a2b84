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
    /** Gemma 3n lists one width per layer. */
    intermediate_size: z.union([num, z.array(num).nonempty()]).optional(),
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
    /** Hybrid attention, per layer: "sliding_attention" / "full_attention" (gpt-oss, Gemma 3n, newer Gemma 3 configs). */
    layer_types: z.array(z.string()).optional(),
    /** Gemma 3: every Nth layer attends globally, the others use the window. */
    sliding_window_pattern: num.optional(),
    /** Llama 4: chunked local attention on the layers that use RoPE (no_rope_layers[i] = 1); the others are global. */
    attention_chunk_size: num.nullable().optional(),
    no_rope_layers: z.array(z.number()).optional(),
    /** Llama 4: every Nth layer is MoE; the dense ones use intermediate_size_mlp. */
    interleave_moe_layer_step: z.number().int().min(0).optional(),
    intermediate_size_mlp: num.optional(),
    /** Qwen2/3-MoE: every Nth layer is MoE, except the listed mlp_only_layers. */
    decoder_sparse_step: num.optional(),
    mlp_only_layers: z.array(z.number().int()).optional(),
    shared_expert_intermediate_size: z.number().int().min(0).optional(),
    experts_per_token: num.optional(),
    /** Gemma 3n: a per-layer embedding table of vocab_size_per_layer_input × (layers × hidden_size_per_layer_input). */
    vocab_size_per_layer_input: num.optional(),
    hidden_size_per_layer_input: num.optional(),
    text_config: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

type HfConfig = z.infer<typeof hfConfigSchema>;

export class HfConfigError extends Error {}

/** Families whose MLP has three matrices (gate, up, down: SwiGLU/GeGLU) rather than two. */
const GATED = /llama|mistral|mixtral|qwen|gemma|phi3|phi4|deepseek|kimi|glm|gpt_oss|smollm|olmo|granite|cohere|internlm|yi/i;

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
  // The workload schema allows at most 1000 layers; refusing here also bounds the per-layer loops below.
  if (layers > 1000) throw new HfConfigError(`config.json: num_hidden_layers ${layers} is more than 1000`);
  const kvHeads = c.num_key_value_heads ?? heads;
  const headDim = c.head_dim ?? Math.round(d / heads);
  const widths = c.intermediate_size;
  const intermediate = (Array.isArray(widths) ? Math.round(widths.reduce((a, b) => a + b, 0) / widths.length) : widths) ?? c.n_inner ?? c.d_ff ?? 4 * d;
  const family = `${c.model_type ?? ""} ${(c.architectures ?? []).join(" ")}`;
  const gated = GATED.test(family);
  const mlpMatrices = gated ? 3 : 2;
  const experts = c.num_local_experts ?? c.n_routed_experts ?? c.num_experts ?? 1;
  const perToken = c.num_experts_per_tok ?? c.experts_per_token ?? 1;
  const expertWidth = c.moe_intermediate_size ?? intermediate;
  const llama4 = /llama4/i.test(family);
  // Shared experts: DeepSeek/Kimi/GLM count them (n_shared_experts), Qwen2-MoE gives one shared
  // expert's width, Llama 4 has one shared expert of the routed width in every MoE layer.
  const sharedWidth = c.shared_expert_intermediate_size ?? 0;
  const shared = c.n_shared_experts ?? (sharedWidth > 0 ? sharedWidth / expertWidth : llama4 ? 1 : 0);
  const moeLayers = experts > 1 ? countMoeLayers(c, layers) : 0;
  const denseLayers = layers - moeLayers;
  // Llama 4's dense layers (between MoE layers) are wider than its experts.
  const denseWidth = experts > 1 && c.intermediate_size_mlp ? c.intermediate_size_mlp : intermediate;

  let attention: number;
  let kvLoraRank: number | undefined;
  let qkRopeHeadDim: number | undefined;
  if (c.kv_lora_rank) {
    // Multi-head latent attention (DeepSeek-V2/V3, Kimi K2): low-rank q and kv projections.
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
  const denseMlp = mlpMatrices * d * denseWidth;
  const expertMlp = mlpMatrices * d * expertWidth;
  const expertParameters = moeLayers * (experts + shared) * expertMlp;
  const router = moeLayers * d * experts;
  const tied = c.tie_word_embeddings ?? true;
  const embeddings = c.vocab_size * d * (tied ? 1 : 2);
  // Gemma 3n's per-layer embeddings: looked up, not multiplied, but stored with the weights.
  const perLayerEmbeddings = c.vocab_size_per_layer_input && c.hidden_size_per_layer_input ? c.vocab_size_per_layer_input * layers * c.hidden_size_per_layer_input : 0;
  const parameters = layers * attention + denseLayers * denseMlp + expertParameters + router + embeddings + perLayerEmbeddings;
  const active = layers * attention + denseLayers * denseMlp + moeLayers * (perToken + shared) * expertMlp + router + embeddings;
  const hybrid = slidingLayers(c, layers, family);
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
    ...(experts > 1 ? { experts, expertsPerToken: perToken, activeParameters: active, expertParameters } : {}),
    ...(kvLoraRank ? { kvLoraRank, qkRopeHeadDim } : {}),
    ...(hybrid ? { slidingWindow: hybrid.window, ...(hybrid.layers < layers ? { slidingWindowLayers: hybrid.layers } : {}) } : {}),
    ...(tied ? { tiedEmbeddings: true } : {}),
  };
}

/**
 * Layers whose feed-forward is a mixture of experts. DeepSeek/Kimi/GLM: all but the first
 * `first_k_dense_replace`; Llama 4: every `interleave_moe_layer_step`-th (Maverick: 2 → 24 of 48);
 * Qwen-MoE: every `decoder_sparse_step`-th except `mlp_only_layers`.
 */
function countMoeLayers(c: HfConfig, layers: number): number {
  const step = c.interleave_moe_layer_step ?? c.decoder_sparse_step ?? 1;
  if (step <= 0) return 0;
  const first = Math.min(layers, c.first_k_dense_replace ?? 0);
  const dense = new Set(c.mlp_only_layers ?? []);
  let count = 0;
  for (let i = first; i < layers; i++) if ((i + 1) % step === 0 && !dense.has(i)) count++;
  return count;
}

/**
 * The attention window and how many layers use it, or null when every layer attends globally.
 * Read from `layer_types` where the config lists them, else Gemma 3's `sliding_window_pattern`
 * (every Nth layer global: 62 layers, pattern 6 → 52 windowed), Gemma 2's alternation, Llama 4's
 * chunked attention on RoPE layers (no_rope_layers[i] = 1; default every 4th layer global),
 * or a plain `sliding_window` on every layer (Mistral 7B) unless `use_sliding_window` is false (Qwen).
 */
function slidingLayers(c: HfConfig, layers: number, family: string): { window: number; layers: number } | null {
  if (/llama4/i.test(family) && c.attention_chunk_size) {
    const chunked = c.no_rope_layers?.length ? c.no_rope_layers.filter((x) => x === 1).length : layers - Math.floor(layers / 4);
    return { window: c.attention_chunk_size, layers: chunked };
  }
  const window = c.use_sliding_window === false ? undefined : (c.sliding_window ?? undefined);
  if (!window) return null;
  if (c.layer_types?.length) {
    const windowed = c.layer_types.filter((t) => /sliding|local|chunked/i.test(t)).length;
    return windowed > 0 ? { window, layers: Math.min(layers, windowed) } : null;
  }
  if (c.sliding_window_pattern && c.sliding_window_pattern > 1) return { window, layers: layers - Math.floor(layers / c.sliding_window_pattern) };
  if (/gemma3/i.test(family)) return { window, layers: layers - Math.floor(layers / 6) };
  if (/gemma2/i.test(family)) return { window, layers: Math.ceil(layers / 2) };
  return { window, layers };
}
