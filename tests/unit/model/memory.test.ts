import { describe, expect, it } from "vitest";
import { kvCacheBytes, loraParameters, optimizerBytesPerParameter, sixteenBitEmbeddingParameters, weightsBytes } from "@/lib/model/memory";
import { resolveModel } from "@/lib/workload/resolve";

const GiB = 2 ** 30;

describe("weights", () => {
  it("Llama-2-7B in fp16 is 13.5 GB (6.74e9 parameters × 2 bytes)", () => {
    expect(weightsBytes(6_738_415_616, "fp16") / 1e9).toBeCloseTo(13.477, 2);
  });

  it("q4_0 stores 32 weights in 18 bytes: 4.5 bits per weight", () => {
    // 6.738e9 × 18/32 bytes = 3.790 GB; llama.cpp prints 3.56 GiB (= 3.83 GB) for the whole file, which
    // keeps the output layer at q6_k.
    expect(weightsBytes(6_738_415_616, "q4_0") / 1e9).toBeCloseTo(3.790, 2);
  });

  it("more parameters never need less memory at any precision", () => {
    for (const precision of ["fp32", "bf16", "fp8", "int4", "q4_k_m", "q8_0"] as const) {
      expect(weightsBytes(8e9, precision)).toBeGreaterThan(weightsBytes(7e9, precision));
    }
  });
});

describe("KV cache", () => {
  it("Llama-2-7B (MHA, 32 KV heads) at 4096 tokens in fp16 is exactly 2 GiB", () => {
    // 2 (K and V) × 32 layers × 32 heads × 128 dims × 4096 tokens × 2 bytes
    expect(kvCacheBytes(resolveModel("llama-2-7b"), 4096, 1, "fp16")).toBe(2 * GiB);
  });

  it("GQA shrinks it: Llama 3.1 8B (8 KV heads) at 8192 tokens is 1 GiB", () => {
    expect(kvCacheBytes(resolveModel("llama-3.1-8b"), 8192, 1, "bf16")).toBe(GiB);
  });

  it("MLA caches the 512 + 64 latent per layer: DeepSeek-V3, 61 layers, 1000 tokens", () => {
    // 61 × (512 + 64) × 1000 × 2 bytes = 70,272,000 bytes
    expect(kvCacheBytes(resolveModel("deepseek-v3"), 1000, 1, "bf16")).toBe(70_272_000);
  });

  it("scales linearly with batch", () => {
    const model = resolveModel("llama-3.1-8b");
    expect(kvCacheBytes(model, 2048, 4, "fp16")).toBe(4 * kvCacheBytes(model, 2048, 1, "fp16"));
  });
});

describe("training state", () => {
  it("mixed-precision AdamW keeps 12 bytes of optimizer state per parameter (16 with weights and gradients)", () => {
    expect(optimizerBytesPerParameter("adamw", true)).toBe(12);
    expect(optimizerBytesPerParameter("adamw", true) + 2 + 2).toBe(16);
  });

  it("8-bit Adam keeps a 4-byte master copy and 2 one-byte moments", () => {
    expect(optimizerBytesPerParameter("adamw-8bit", true)).toBe(6);
  });

  it("QLoRA keeps the token embedding and LM head in 16 bit: two matrices when untied, one when tied", () => {
    // Llama 3.1 8B: 128,256 × 4,096, untied; Llama 3.2 1B: 128,256 × 2,048, tied.
    expect(sixteenBitEmbeddingParameters(resolveModel("llama-3.1-8b"))).toBe(2 * 128_256 * 4096);
    expect(sixteenBitEmbeddingParameters(resolveModel("llama-3.2-1b"))).toBe(128_256 * 2048);
    expect(sixteenBitEmbeddingParameters(resolveModel("resnet-50"))).toBe(0);
  });

  it("LoRA rank 16 on every linear layer of Llama-2-7B trains 39,976,960 parameters (as PEFT reports)", () => {
    // per layer: q, k, v, o: 4 × (4096 + 4096); gate, up, down: 3 × (4096 + 11008); × 16 × 32 layers
    expect(loraParameters(resolveModel("llama-2-7b"), 16)).toBe(39_976_960);
  });
});
