import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kvCacheBytes } from "@/lib/model/memory";
import { fp4WeightsBytes } from "@/lib/model/precision";
import { parseHfConfig } from "@/lib/workload/hf-config";
import { PRESETS } from "@/lib/workload/presets";
import { resolveModel } from "@/lib/workload/resolve";

const config = (name: string): unknown => JSON.parse(fs.readFileSync(path.join("tests", "fixtures", "hf-configs", name), "utf8"));
const within = (value: number, published: number, tolerance: number) => {
  expect(value / published).toBeGreaterThan(1 - tolerance);
  expect(value / published).toBeLessThan(1 + tolerance);
};
const GiB = 2 ** 30;

// Published totals and active counts from each model card (URLs in the presets' sources).
describe("2025–26 architectures read from config.json", () => {
  it("Qwen3 MoE: 30B-A3B has 30.5B parameters, 3.3B activated; 235B-A22B has 235B, 22B", () => {
    const small = parseHfConfig(config("qwen3-30b-a3b.json"));
    within(small.parameters, 30.5e9, 0.01);
    within(small.activeParameters!, 3.3e9, 0.02);
    const large = parseHfConfig(config("qwen3-235b-a22b.json"));
    within(large.parameters, 235e9, 0.01);
    within(large.activeParameters!, 22e9, 0.02);
  });

  it("gpt-oss: 116.83B / 20.91B total; active 5.13B / 3.61B once the input embedding (a lookup) is left out, as OpenAI counts", () => {
    const embedding = 201_088 * 2880;
    const big = parseHfConfig(config("gpt-oss-120b.json"));
    within(big.parameters, 116.83e9, 0.005);
    within(big.activeParameters! - embedding, 5.13e9, 0.01);
    const small = parseHfConfig(config("gpt-oss-20b.json"));
    within(small.parameters, 20.91e9, 0.005);
    within(small.activeParameters! - embedding, 3.61e9, 0.01);
  });

  it("gpt-oss alternates 128-token windows with full attention: half the layers windowed", () => {
    expect(parseHfConfig(config("gpt-oss-120b.json"))).toMatchObject({ slidingWindow: 128, slidingWindowLayers: 18, layers: 36 });
  });

  it("Llama 4: Scout 109B total with its vision encoder (the text model ≈ 108B), Maverick 400B; both 17B active (shared + 1 routed expert)", () => {
    const scout = parseHfConfig(config("llama-4-scout.json"));
    within(scout.parameters, 109e9, 0.02);
    within(scout.activeParameters!, 17e9, 0.02);
    const maverick = parseHfConfig(config("llama-4-maverick.json"));
    within(maverick.parameters, 400e9, 0.01);
    within(maverick.activeParameters!, 17e9, 0.02);
    // Chunked local attention (8192) on 3 of every 4 layers.
    expect(maverick).toMatchObject({ slidingWindow: 8192, slidingWindowLayers: 36 });
  });

  it("Kimi K2 (DeepSeek-V3 layout, 384 experts, one dense layer): about 1T total and 32B activated", () => {
    const k2 = parseHfConfig(config("kimi-k2.json"));
    within(k2.parameters, 1e12, 0.05);
    within(k2.activeParameters!, 32e9, 0.05);
    expect(k2).toMatchObject({ kvLoraRank: 512, qkRopeHeadDim: 64, experts: 384 });
  });

  it("GLM-4.5: 355B total, 32B active; GLM-4.5-Air: 106B total, 12B active (vocabulary matrices not counted as active)", () => {
    const glm = parseHfConfig(config("glm-4.5.json"));
    within(glm.parameters, 355e9, 0.01);
    within(glm.activeParameters! - 2 * 151_552 * 5120, 32e9, 0.01);
    const air = parseHfConfig(config("glm-4.5-air.json"));
    within(air.parameters, 106e9, 0.01);
    within(air.activeParameters! - 2 * 151_552 * 4096, 12e9, 0.02);
  });

  it("Mistral Small 3.1: 23,572,403,200 text parameters (24.0B with the 0.44B vision encoder)", () => {
    within(parseHfConfig(config("mistral-small-3.1-24b.json")).parameters, 23_572_403_200, 0.001);
  });

  it("Phi-4-mini has 3.8B parameters with a tied 200K vocabulary; SmolLM3 about 3.08B", () => {
    const phi = parseHfConfig(config("phi-4-mini.json"));
    within(phi.parameters, 3.8e9, 0.02);
    expect(phi.tiedEmbeddings).toBe(true);
    within(parseHfConfig(config("smollm3-3b.json")).parameters, 3.08e9, 0.01);
  });

  it("Gemma 3 27B keeps a 1024-token window on 52 of 62 layers (every 6th global)", () => {
    expect(parseHfConfig(config("gemma-3-27b.json"))).toMatchObject({ slidingWindow: 1024, slidingWindowLayers: 52 });
  });

  it("Gemma 3n E4B counts its per-layer embeddings (262,144 × 35 × 256) and windows 28 of 35 layers", () => {
    const m = parseHfConfig(config("gemma-3n-e4b.json"));
    expect(m.parameters).toBeGreaterThan(262_144 * 35 * 256);
    expect(m).toMatchObject({ slidingWindow: 512, slidingWindowLayers: 28 });
  });
});

describe("KV cache of hybrid and latent attention", () => {
  it("Gemma 3 27B at 32,768 tokens: 10 global layers cache all, 52 only 1024 (2 × 16 KV heads × 128 × 2 B per token per layer)", () => {
    const perTokenPerLayer = 2 * 16 * 128 * 2;
    const expected = perTokenPerLayer * (10 * 32_768 + 52 * 1024);
    expect(kvCacheBytes(resolveModel("gemma-3-27b"), 32_768, 1, "bf16")).toBeCloseTo(expected, 0);
  });

  it("gpt-oss-120b at 100,000 tokens: 18 full layers + 18 layers of 128 tokens (2 × 8 × 64 × 2 B)", () => {
    const expected = 2 * 8 * 64 * 2 * (18 * 100_000 + 18 * 128);
    expect(kvCacheBytes(resolveModel("gpt-oss-120b"), 100_000, 1, "bf16")).toBeCloseTo(expected, 0);
  });

  it("Kimi K2 caches the 512 + 64 latent per layer: 61 × 576 × 2 B = 70,272 B per token", () => {
    expect(kvCacheBytes(resolveModel("kimi-k2"), 1000, 1, "bf16")).toBe(70_272_000);
  });

  it("the gpt-oss-120b preset in MXFP4 is OpenAI's 60.8 GiB checkpoint (±2%)", () => {
    within(fp4WeightsBytes(resolveModel("gpt-oss-120b"), "mxfp4") / GiB, 60.8, 0.02);
  });
});

describe("the preset list", () => {
  it("has at least 80 models, the 2025–26 ones among them", () => {
    expect(PRESETS.length).toBeGreaterThanOrEqual(80);
    const ids = new Set(PRESETS.map((p) => p.id));
    for (const id of [
      "qwen3-0.6b", "qwen3-1.7b", "qwen3-4b", "qwen3-8b", "qwen3-14b", "qwen3-32b", "qwen3-30b-a3b", "qwen3-235b-a22b",
      "gpt-oss-20b", "gpt-oss-120b", "llama-4-scout", "llama-4-maverick",
      "deepseek-r1-distill-qwen-1.5b", "deepseek-r1-distill-qwen-7b", "deepseek-r1-distill-qwen-14b", "deepseek-r1-distill-qwen-32b",
      "deepseek-r1-distill-llama-8b", "deepseek-r1-distill-llama-70b", "deepseek-v3.1",
      "gemma-3n-e2b", "gemma-3n-e4b", "gemma-3-1b", "gemma-3-27b", "mistral-small-3.1-24b", "phi-4-mini",
      "glm-4.5", "glm-4.5-air", "kimi-k2", "smollm3-3b", "flux.1-dev", "flux.1-schnell", "sd-3.5-large", "sd-3.5-medium", "whisper-large-v3",
    ])
      expect(ids, id).toContain(id);
  });

  it("names an architecture source for every model, the model's config.json for every language model", () => {
    for (const p of PRESETS) {
      expect(p.sources.architecture, p.id).toMatch(/^https:\/\//);
      if (p.kind === "llm") expect(p.sources.architecture, p.id).toMatch(/^https:\/\/(huggingface\.co\/.+\/config\.json|github\.com\/)/);
    }
  });

  it("keeps MoE counts consistent: active ≤ total, expert weights ≤ total", () => {
    for (const p of PRESETS) {
      if (p.activeParameters !== undefined) expect(p.activeParameters, p.id).toBeLessThanOrEqual(p.parameters);
      if (p.expertParameters !== undefined) expect(p.expertParameters, p.id).toBeLessThanOrEqual(p.parameters);
      if (p.slidingWindowLayers !== undefined) expect(p.slidingWindowLayers, p.id).toBeLessThanOrEqual(p.layers!);
    }
  });
});
