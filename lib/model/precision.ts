import type { Precision } from "../workload/schema";

/**
 * Bytes per weight for each precision, quantization block overhead included.
 * GGUF block formats (llama.cpp, ggml-quants.h): q4_0 stores 32 weights in 18 bytes = 4.5 bits,
 * q8_0 32 in 34 bytes = 8.5 bits, q6_k 256 in 210 bytes = 6.5625 bits. The k-quant "M" mixes keep
 * some tensors at higher precision; their effective sizes come from llama.cpp's quantize table for
 * Llama-3.1-8B (https://github.com/ggml-org/llama.cpp/blob/master/tools/quantize/README.md):
 * Q4_K_M 4.89 bits, Q5_K_M 5.70 bits per weight. int4 (GPTQ/AWQ/NF4, group size 64–128 with
 * fp16 scales) ≈ 4.25 bits (QLoRA paper, Dettmers et al. 2023, §3: NF4 with double quantization
 * costs 0.127 extra bits per parameter → ≈ 4.127).
 */
export const BITS_PER_WEIGHT: Record<Precision, number> = {
  fp32: 32,
  fp16: 16,
  bf16: 16,
  fp8: 8,
  int8: 8,
  int4: 4.127,
  q8_0: 8.5,
  q6_k: 6.5625,
  q5_k_m: 5.7,
  q4_k_m: 4.89,
  q4_0: 4.5,
  mxfp4: 4.25,
  nvfp4: 4.5,
};

/**
 * 4-bit float formats: E2M1 elements (1 sign, 2 exponent, 1 mantissa bit) with a shared scale per block.
 * MXFP4 (OCP Microscaling Formats MX v1.0, §5: https://www.opencompute.org/documents/ocp-microscaling-formats-mx-v1-0-spec-final-pdf):
 * 32 elements share one 8-bit E8M0 scale → 4 + 8/32 = 4.25 bits per weight.
 * NVFP4 (NVIDIA, https://developer.nvidia.com/blog/introducing-nvfp4-for-efficient-and-accurate-low-precision-inference/):
 * 16 elements share one FP8 E4M3 scale → 4 + 8/16 = 4.5 bits, plus one FP32 scale per tensor (negligible).
 * Vendors' "FP4" peak figures (Blackwell, MI355X) are the E2M1 math both formats feed; there is no separate
 * "fp4" checkpoint format to choose.
 * Quantizers keep the token embedding and LM head in 16 bit (gpt-oss's quantization_config lists
 * embed_tokens and lm_head in modules_to_not_convert; NVIDIA ModelOpt excludes lm_head too): see fp4WeightsBytes.
 */
export const FP4_FORMATS = ["mxfp4", "nvfp4"] as const satisfies readonly Precision[];

export function isFp4(precision: Precision): boolean {
  return (FP4_FORMATS as readonly Precision[]).includes(precision);
}

/** What fp4WeightsBytes needs to know of a model. */
export interface Fp4Shape {
  parameters: number;
  vocabSize: number;
  hiddenSize: number;
  /** One matrix serves as embedding and LM head (tie_word_embeddings). */
  tiedEmbeddings?: boolean | null;
  /** MoE: parameters in the routed and shared expert MLPs. */
  expertParameters?: number | null;
}

/**
 * Weights of a model stored in a 4-bit float format. Dense models: every linear layer at the
 * format's bits, the vocabulary matrices (embedding, and the LM head unless tied) at 16 bit.
 * MoE models with a known expert share: the expert MLPs at 4 bits, everything else (attention,
 * router, vocabulary) at 16 bit, as gpt-oss ships (quantization_config.modules_to_not_convert).
 * gpt-oss-120b (OpenAI model card: 114.71e9 MLP + 2.12e9 other parameters) in MXFP4:
 * 114.71e9 × 4.25/8 + 2.12e9 × 2 = 65.18e9 B = 60.7 GiB; the card gives 60.8 GiB.
 */
export function fp4WeightsBytes(model: Fp4Shape, precision: Precision): number {
  const bytes = bytesPerWeight(precision);
  if (model.expertParameters != null && model.expertParameters > 0) {
    const experts = Math.min(model.parameters, model.expertParameters);
    return experts * bytes + (model.parameters - experts) * 2;
  }
  const vocabMatrices = Math.min(model.parameters, model.vocabSize * model.hiddenSize * (model.tiedEmbeddings ? 1 : 2));
  return (model.parameters - vocabMatrices) * bytes + vocabMatrices * 2;
}

export function bytesPerWeight(precision: Precision): number {
  return BITS_PER_WEIGHT[precision] / 8;
}

/**
 * Weight bytes a decode step reads from a 4-bit float checkpoint when it touches `parametersRead`
 * parameters, `unread` of the 16-bit ones (the input embedding table: each token gathers one row,
 * performance.ts embeddingLookupParameters) left out. MoE models with a known expert share read
 * every other non-expert weight at 16 bit and the touched experts at the format's bits; dense
 * models all of fp4WeightsBytes less the unread rows. gpt-oss-120b at batch 1 (5.13e9 read: its
 * 2.12e9 non-expert parameters less the 0.58e9 embedding table, and 3.59e9 expert parameters):
 * 1.54e9 × 2 + 3.59e9 × 4.25/8 = 4.99e9 B, not 5.13e9 × 4.25/8 = 2.73e9 B.
 */
export function fp4BytesRead(model: Fp4Shape, parametersRead: number, precision: Precision, unread = 0): number {
  if (model.expertParameters != null && model.expertParameters > 0) {
    const nonExpert = Math.max(0, model.parameters - Math.min(model.parameters, model.expertParameters) - unread);
    return Math.min(parametersRead, nonExpert) * 2 + Math.max(0, parametersRead - nonExpert) * bytesPerWeight(precision);
  }
  return Math.max(0, fp4WeightsBytes(model, precision) - 2 * unread);
}

/** GGUF formats are llama.cpp's own. */
export function isGguf(precision: Precision): boolean {
  return precision.startsWith("q");
}

/**
 * Vector operations llama.cpp's matrix-vector kernels spend per weight to unpack each GGUF format,
 * counted in the inner loops of its Metal kernels (ggml/src/ggml-metal/ggml-metal.metal,
 * kernel_mul_mv_*_f32), split into integer operations and floating-point ones: q8_0 converts and
 * multiply-adds (0 + 2); q4_0 and q4_K mask a nibble (integer), convert and multiply-add (1 + 2;
 * q4_K's 6-bit sub-block scales are unpacked once per 256 weights); q5_K adds a mask, select and
 * add for the fifth bit (4 + 2); q6_K assembles each weight from two arrays (two masks, a shift,
 * an or and the −32 offset, then convert and multiply-add: 5 + 2). The K-quant "M" mixes keep
 * attn_v and ffn_down at q6_K in half the layers and the output matrix at q6_K (llama.cpp
 * src/llama-quant.cpp, use_more_bits): 18% of the weights a Llama 2 7B / Llama 3 8B decode step
 * reads (17.3% and 20.4%).
 */
type UnpackOps = { integer: number; float: number };
const Q4: UnpackOps = { integer: 1, float: 2 };
const Q5: UnpackOps = { integer: 4, float: 2 };
const Q6: UnpackOps = { integer: 5, float: 2 };
const mix = (a: UnpackOps, b: UnpackOps, shareB: number): UnpackOps[] => [
  { integer: a.integer * (1 - shareB), float: a.float * (1 - shareB) },
  { integer: b.integer * shareB, float: b.float * shareB },
];
const GGUF_UNPACK_OPS: Partial<Record<Precision, UnpackOps[]>> = {
  q8_0: [{ integer: 0, float: 2 }],
  q4_0: [Q4],
  q4_k_m: mix(Q4, Q6, 0.18),
  q5_k_m: mix(Q5, Q6, 0.18),
  q6_k: [Q6],
};

/**
 * Operations per weight as a GPU issues them: one after another where integer and floating-point
 * instructions share the pipes, or the longer of the two streams where they issue in parallel
 * (Apple's M3-family shader core and later: "Explore GPU advancements in M3 and A17 Pro", Apple
 * tech talk 111375, 2023, its high-performance ALU pipelines run FP32, FP16 and integer
 * instructions from different SIMD groups at once). q4_k_m: 3.72 serial, 2.54 in parallel.
 */
function unpackOps(parts: UnpackOps[], parallelIntegerPipes: boolean): number {
  return parts.reduce((sum, p) => sum + (parallelIntegerPipes ? Math.max(p.integer, p.float) : p.integer + p.float), 0);
}

const Q4_K_M_SERIAL_OPS = unpackOps(GGUF_UNPACK_OPS.q4_k_m!, false);

/**
 * Unpacking cost of a GGUF format relative to q4_k_m on a GPU that issues integer and float
 * operations in turn, the unit of the per-backend dequantOpsPerWeight knobs (calibration.ts):
 * q4_0 0.81, q8_0 0.54, q5_k_m 1.66, q6_k 1.88; with parallel integer pipes q4_k_m 0.68, q4_0
 * 0.54, q8_0 0.54, q5_k_m 1.12, q6_k 1.34. 1 for any other format.
 */
export function ggufUnpackCost(precision: Precision, parallelIntegerPipes = false): number {
  const parts = GGUF_UNPACK_OPS[precision];
  return parts == null ? 1 : unpackOps(parts, parallelIntegerPipes) / Q4_K_M_SERIAL_OPS;
}

/** Weight-only quantized formats: matrix math still runs in 16-bit (or int8 dot products in llama.cpp). */
export function isWeightOnlyQuant(precision: Precision): boolean {
  return isGguf(precision) || precision === "int4";
}


/**
 * Bytes per KV-cache element: 16-bit by default (llama.cpp, vLLM), fp32 only for fp32 runs, fp8 for
 * fp8 runs and for NVFP4 checkpoints: NVFP4 checkpoints come from NVIDIA's Model Optimizer, whose
 * PTQ script quantizes the KV cache to FP8 unless told otherwise (`--kv_cache_qformat`, "default to
 * fp8 if not provided", https://github.com/NVIDIA/TensorRT-Model-Optimizer/blob/main/examples/llm_ptq/hf_ptq.py),
 * as in the nvidia/*-FP4 checkpoints TensorRT-LLM's perf overview runs. MXFP4 checkpoints (gpt-oss) keep a 16-bit cache.
 */
export function kvBytesPerElement(precision: Precision): number {
  if (precision === "fp32") return 4;
  if (precision === "fp8" || precision === "nvfp4") return 1;
  return 2;
}
