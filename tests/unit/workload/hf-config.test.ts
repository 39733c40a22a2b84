import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HfConfigError, parseHfConfig } from "@/lib/workload/hf-config";
import { workloadSchema } from "@/lib/workload/schema";
import { fieldIssues } from "@/lib/validation";

const config = (name: string): unknown => JSON.parse(fs.readFileSync(path.join("tests", "fixtures", "hf-configs", name), "utf8"));

// Published totals: the models' Hugging Face pages (safetensors parameter count) and the DeepSeek-V3 paper.
describe("parseHfConfig on real config.json files", () => {
  it("dense MHA: Llama 2 7B has 6,738,415,616 parameters (norms, < 0.01%, left out)", () => {
    const m = parseHfConfig(config("llama-2-7b.json"));
    expect(m).toMatchObject({ layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 32, vocabSize: 32000, intermediateSize: 11008 });
    expect(m.parameters / 6_738_415_616).toBeCloseTo(1, 3);
  });

  it("GQA: Llama 3.1 8B has 8 KV heads and 8.03B parameters", () => {
    const m = parseHfConfig(config("llama-3.1-8b.json"));
    expect(m.kvHeads).toBe(8);
    expect(m.parameters / 8_030_261_248).toBeCloseTo(1, 3);
  });

  it("MoE: Mixtral 8x7B has 46.7B parameters, 12.9B active", () => {
    const m = parseHfConfig(config("mixtral-8x7b.json"));
    expect(m).toMatchObject({ experts: 8, expertsPerToken: 2 });
    expect(m.parameters / 46_702_792_704).toBeCloseTo(1, 3);
    expect(m.activeParameters! / 12.9e9).toBeCloseTo(1, 1);
  });

  it("MLA MoE: DeepSeek-V3 has 671B parameters, 37B active, and caches the 512+64 latent", () => {
    const m = parseHfConfig(config("deepseek-v3.json"));
    expect(m.parameters / 671e9).toBeCloseTo(1, 2);
    expect(m.activeParameters! / 37e9).toBeCloseTo(1, 1);
    expect(m).toMatchObject({ kvLoraRank: 512, qkRopeHeadDim: 64, experts: 256, expertsPerToken: 8 });
  });

  it("explicit head_dim: Gemma 2 9B uses 256-wide heads (16 × 256 ≠ hidden 3584) and has 9.24B parameters", () => {
    const m = parseHfConfig(config("gemma-2-9b-it.json"));
    expect(m.headDim).toBe(256);
    expect(m.parameters / 9_241_705_984).toBeCloseTo(1, 3);
    // Alternating local (4096-token window) and global layers: 21 of the 42 layers use the window.
    expect(m).toMatchObject({ slidingWindow: 4096, slidingWindowLayers: 21 });
  });

  it("a config without the core shape is a clear error", () => {
    expect(() => parseHfConfig({ vocab_size: 10 })).toThrow(HfConfigError);
    const result = workloadSchema.safeParse({ model: { hfConfig: { vocab_size: 10 } } });
    expect(result.success).toBe(false);
    expect(fieldIssues(result.error!)[0].path).toBe("model.hfConfig");
  });

  it("refuses more than 1000 layers before counting them one by one", () => {
    const huge = { hidden_size: 8, num_hidden_layers: 1e9, num_attention_heads: 1, vocab_size: 10, num_experts: 4, num_experts_per_tok: 1 };
    expect(() => parseHfConfig(huge)).toThrow(/more than 1000/);
  });

  it("a pasted config works as a workload model", () => {
    const w = workloadSchema.parse({ model: { hfConfig: config("qwen3-8b.json") as Record<string, unknown> } });
    expect(typeof w.model === "object" && w.model.hiddenSize).toBe(4096);
  });
});
