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
};

export function bytesPerWeight(precision: Precision): number {
  return BITS_PER_WEIGHT[precision] / 8;
}

/** GGUF formats are llama.cpp's own. */
export function isGguf(precision: Precision): boolean {
  return precision.startsWith("q");
}

/** Weight-only quantized formats: matrix math still runs in 16-bit (or int8 dot products in llama.cpp). */
export function isWeightOnlyQuant(precision: Precision): boolean {
  return isGguf(precision) || precision === "int4";
}

/** Bytes per KV-cache element: 16-bit by default (llama.cpp, vLLM), fp32 only for fp32 runs, fp8 for fp8 runs. */
export function kvBytesPerElement(precision: Precision): number {
  if (precision === "fp32") return 4;
  if (precision === "fp8") return 1;
  return 2;
}
