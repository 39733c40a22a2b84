import type { ModelSpec, ResolvedWorkload } from "../workload/resolve";
import type { Precision } from "../workload/schema";
import { bytesPerWeight, kvBytesPerElement } from "./precision";

/**
 * Memory arithmetic in bytes. Formulas follow EleutherAI's "Transformer Math 101"
 * (https://blog.eleuther.ai/transformer-math/) and Korthikanti et al. 2022, "Reducing Activation
 * Recomputation in Large Transformer Models" (https://arxiv.org/abs/2205.05198).
 */

/** Weights: parameters × bytes per weight. Llama-2-7B (6.74e9) in fp16 → 13.5 GB. */
export function weightsBytes(parameters: number, precision: Precision): number {
  return parameters * bytesPerWeight(precision);
}

/** Values cached per token per layer: K and V for each KV head (GQA/MQA aware), or MLA's compressed latent. */
export function kvValuesPerTokenPerLayer(model: ModelSpec): number {
  if (model.kvLoraRank != null) return model.kvLoraRank + (model.qkRopeHeadDim ?? 0);
  return 2 * model.kvHeads * model.headDim;
}

/**
 * Tokens each layer attends to (and caches), averaged over the layers: a sliding-window layer at
 * most `slidingWindow`, a global layer all of them. Hybrid models window only some layers:
 * Gemma 3 27B (62 layers, 52 of them with a 1024-token window) at 32,768 tokens:
 * (10 × 32,768 + 52 × 1024) / 62 = 6144 tokens per layer.
 */
export function attendedTokens(model: ModelSpec, tokens: number): number {
  if (model.slidingWindow == null) return tokens;
  const windowed = Math.min(tokens, model.slidingWindow);
  if (model.slidingWindowLayers == null || model.layers <= 0) return windowed;
  const slidingShare = Math.min(1, model.slidingWindowLayers / model.layers);
  return slidingShare * windowed + (1 - slidingShare) * tokens;
}

/**
 * KV cache: 2 × layers × kvHeads × headDim × tokens × batch × bytes (MLA: layers × (rank + rope dim)).
 * Llama-2-7B, 4096 tokens, fp16: 2 × 32 × 32 × 128 × 4096 × 2 B = 2 GiB.
 * Sliding-window layers cache at most `slidingWindow` tokens (see attendedTokens).
 */
export function kvCacheBytes(model: ModelSpec, tokens: number, batch: number, precision: Precision): number {
  return model.layers * kvValuesPerTokenPerLayer(model) * attendedTokens(model, tokens) * batch * kvBytesPerElement(precision);
}

/**
 * Inference working buffers: prompts are processed in chunks of at most 512 tokens per sequence
 * (llama.cpp's default n_ubatch; vLLM chunked prefill is similar): per chunk token the hidden
 * state, q/k/v/o and MLP intermediates in 16 bit, plus fp32 logits for each sequence.
 */
export function inferenceActivationBytes(model: ModelSpec, batch: number, promptTokens: number): number {
  const chunk = Math.min(Math.max(promptTokens, 1), 512) * Math.min(batch, 8);
  return chunk * (4 * model.hiddenSize + 2 * model.intermediateSize) * 2 + batch * model.vocabSize * 4;
}

/**
 * Training activations per GPU, with flash attention (so no s² attention-score term):
 * Korthikanti et al. eq. 2 gives s·b·h·(34 + 5·a·s/h) bytes per layer in 16 bit; flash attention
 * removes the 5·a·s/h term. Full checkpointing keeps only each layer's input (2·s·b·h bytes)
 * plus one layer being recomputed. Logits add s·b·V·6 bytes (16-bit logits and fp32 softmax).
 * Those counts are for mixed precision; FP32 training (`fp32`) stores every tensor in 4 bytes: 66
 * bytes where Korthikanti count 34 (the two 1-byte dropout masks stay), 8 a logit, 2× for vision.
 * Vision/diffusion models: ≈ 0.006 bytes per forward FLOP per sample (ResNet-50: 49 MB per
 * 224-px image in mixed precision), an assumption named in the output.
 */
export function trainingActivationBytes(model: ModelSpec, sequencesPerGpu: number, sequenceLength: number, checkpointing: boolean, fp32 = false): number {
  if (model.flopsPerSample != null) {
    return sequencesPerGpu * model.flopsPerSample * 0.006 * (checkpointing ? 0.35 : 1) * (fp32 ? 2 : 1);
  }
  const sbh = sequenceLength * sequencesPerGpu * model.hiddenSize;
  // Of Korthikanti's 34 bytes, 32 are 16-bit tensors and 2 the two 1-byte dropout masks: in FP32, 66.
  const perLayer = fp32 ? 66 : 34;
  const layers = checkpointing ? model.layers * (fp32 ? 4 : 2) * sbh + perLayer * sbh : model.layers * perLayer * sbh;
  // Logits: 16-bit logits and an fp32 softmax (6 bytes); in FP32, 4 + 4.
  return layers + sequenceLength * sequencesPerGpu * model.vocabSize * (fp32 ? 8 : 6);
}

/**
 * Attention scores an encoder's training step writes and reads back per GPU: Korthikanti et al.
 * 2022 (eq. 2) count 5·a·s/h bytes per token per layer of them (QKᵀ in 16 bit, the softmax, the
 * dropout mask and its output), i.e. 5·a·s²·b per layer, which fused (flash) attention never
 * stores. The BERT implementations in published training benchmarks (NVIDIA's DeepLearningExamples,
 * Hugging Face's eager attention) compute softmax(QKᵀ) explicitly, so encoder training pays this
 * traffic: BERT-large at 384 tokens, 30 bytes per token per layer beside the other 34. Decoder
 * models are assumed to train with flash attention (0 here).
 */
export function attentionScoreBytes(model: ModelSpec, sequencesPerGpu: number, sequenceLength: number, fp32 = false): number {
  if (model.kind !== "encoder" || model.flopsPerSample != null) return 0;
  // 2 (QKᵀ) + 2 (softmax) + 1 (dropout mask) bytes per score; in FP32, 4 + 4 + 1.
  return model.layers * (fp32 ? 9 : 5) * model.attentionHeads * sequenceLength * sequenceLength * sequencesPerGpu;
}

/** A model with a token vocabulary (an embedding table, and an LM head when it generates). */
export function hasVocabulary(model: ModelSpec): boolean {
  return model.kind === "llm" || model.kind === "encoder" || model.kind === "encoder-decoder";
}

/**
 * QLoRA's 16-bit matrices: the token embedding and the LM head (one matrix when tied). Only linear
 * layers are quantized: nn.Embedding is not a Linear, and Hugging Face's bitsandbytes quantizer
 * leaves the output embedding unconverted (transformers get_keys_to_not_convert; PEFT QLoRA and
 * torchtune's NF4 recipes do the same). Llama 3.1 8B: 2 × 128,256 × 4,096 = 1.05e9 parameters,
 * 2.1 GB in bf16 beside 3.6 GB of NF4 for the rest.
 */
export function sixteenBitEmbeddingParameters(model: ModelSpec): number {
  if (!hasVocabulary(model) || model.flopsPerSample != null) return 0;
  const matrices = model.tiedEmbeddings ? 1 : 2;
  return Math.min(matrices * model.vocabSize * model.hiddenSize, model.parameters / 2);
}

/**
 * bitsandbytes releases up to 0.43.1 kept each 4-bit linear's input for a backward pass that never
 * used it (MatMul4Bit.forward: `ctx.tensors = (A, B)`); bitsandbytes PR #1270, "fix QLoRA mem bug:
 * delete useless buffered activation", merged 2024-07-16 and released in 0.43.2, saves the weight
 * alone. A frozen 16-bit linear never kept its input (autograd saves a matmul's input only for the
 * weight's gradient). QLoRA builds from before then (BNB_SAVED_INPUTS_UNTIL) hold, per stored layer,
 * the inputs of the attention projections (one tensor for q, k and v), of the output projection, of
 * the MLP's up/gate projections (one tensor) and of its down projection, in 16 bit: Llama 2 7B,
 * 2 × (4,096 + 4,096 + 4,096 + 11,008) = 46.6 kB per token per layer. With checkpointing, only the
 * layer being recomputed holds them. Current builds: 0.
 */
export const BNB_SAVED_INPUTS_UNTIL = "2024-07-16";

/** Whether a QLoRA run built on `builtOn` (absent: current builds) kept its 4-bit linears' inputs. */
export function keepsQuantizedInputs(method: ResolvedWorkload["method"], builtOn?: string): boolean {
  return method === "qlora" && builtOn != null && builtOn < BNB_SAVED_INPUTS_UNTIL;
}

export function quantizedInputBytes(model: ModelSpec, sequencesPerGpu: number, sequenceLength: number, checkpointing: boolean): number {
  if (model.flopsPerSample != null) return 0;
  const attention = model.hiddenSize + model.attentionHeads * model.headDim;
  // A routed expert receives its own gathered copy of its tokens: k copies of the MLP inputs per token.
  const mlp = (model.hiddenSize + model.intermediateSize) * (model.experts > 1 ? model.expertsPerToken : 1);
  const layers = checkpointing ? 1 : model.layers;
  return layers * 2 * (attention + mlp) * sequenceLength * sequencesPerGpu;
}

/**
 * What a training step keeps per GPU for the backward pass: the activations (trainingActivationBytes,
 * in FP32 for FP32 runs) and, for a QLoRA build from before BNB_SAVED_INPUTS_UNTIL, its 4-bit
 * linears' inputs. The memory plan and the longest-context search both count it here.
 */
export function storedActivationBytes(workload: ResolvedWorkload, sequencesPerGpu: number, sequenceLength: number, builtOn?: string): number {
  const { model, gradientCheckpointing } = workload;
  const activations = trainingActivationBytes(model, sequencesPerGpu, sequenceLength, gradientCheckpointing, workload.precision === "fp32");
  return activations + (keepsQuantizedInputs(workload.method, builtOn) ? quantizedInputBytes(model, sequencesPerGpu, sequenceLength, gradientCheckpointing) : 0);
}

/**
 * LoRA adapter parameters: rank × (in + out) for every adapted matrix of every layer, adapting
 * q, k, v, o and the three MLP projections (the QLoRA paper's "all linear layers" setting).
 */
export function loraParameters(model: ModelSpec, rank: number): number {
  const d = model.hiddenSize;
  const q = model.attentionHeads * model.headDim;
  const kv = model.kvHeads * model.headDim;
  const mlp = model.experts > 1 ? 0 : 3 * (d + model.intermediateSize);
  const perLayer = d + q + 2 * (d + kv) + (q + d) + mlp;
  return model.layers * rank * perLayer;
}

/**
 * Optimizer state bytes per trained parameter (Transformer Math 101, "Optimizer states"):
 * mixed-precision AdamW = 12 (fp32 master copy 4 + momentum 4 + variance 4); fp32 AdamW = 8;
 * 8-bit Adam (bitsandbytes) = 4 master + 2; SGD with momentum = 4 master + 4.
 * Adding 2 B of 16-bit weights and 2 B of gradients gives the familiar 16 B/param for AdamW.
 */
export function optimizerBytesPerParameter(optimizer: ResolvedWorkload["optimizer"], mixedPrecision: boolean): number {
  const master = mixedPrecision ? 4 : 0;
  if (optimizer === "adamw") return master + 8;
  if (optimizer === "adamw-8bit") return master + 2;
  return master + 4;
}

/** Runtime context per GPU (CUDA/ROCm/Metal context, library workspaces, allocator slack). */
export function runtimeOverheadBytes(engine: string, vendor: string): number {
  if (vendor === "apple") return 0.4e9;
  if (engine === "llama.cpp") return 0.5e9;
  return 1.0e9;
}

/**
 * Usable memory of one GPU. Apple silicon shares memory with the CPU and macOS lets the GPU wire
 * about 75% of it (recommendedMaxWorkingSetSize; ≈ 67% on machines with less than 36 GB).
 */
export function usableMemoryBytes(memoryBytes: number, vendor: string): number {
  if (vendor !== "apple") return memoryBytes;
  return memoryBytes * (memoryBytes < 36e9 ? 0.67 : 0.75);
}
