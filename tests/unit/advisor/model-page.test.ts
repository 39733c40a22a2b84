import { describe, expect, it } from "vitest";
import { bestGpus, memoryByPrecision, modelsByKind, pageContexts, pagePrecisions } from "@/lib/advisor/model-page";
import { seedToCatalogGpu } from "@/lib/catalog/queries";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import type { Catalog } from "@/lib/catalog/types";
import { findPreset, PRESETS } from "@/lib/workload/presets";

const llama8 = findPreset("llama-3.1-8b")!;
const seedCatalog = (): Catalog => ({ version: 1, gpus: loadSeedCatalog().gpus.map(seedToCatalogGpu), cloudOffers: [] });

describe("the model list", () => {
  it("lists every preset once, grouped by kind", () => {
    const groups = modelsByKind();
    expect(groups.flatMap((g) => g.models)).toHaveLength(PRESETS.length);
    expect(groups.map((g) => g.kind)[0]).toBe("llm");
  });

  it("filters by a search term in the name and by kind", () => {
    const found = modelsByKind("llama 3.1").flatMap((g) => g.models.map((m) => m.id));
    expect(found).toContain("llama-3.1-8b");
    expect(found.every((id) => id.startsWith("llama-3.1"))).toBe(true);
    expect(modelsByKind(undefined, "vision").map((g) => g.kind)).toEqual(["vision"]);
    expect(modelsByKind("no such model")).toEqual([]);
  });
});

describe("memory per precision", () => {
  const { contexts, rows } = memoryByPrecision(llama8);
  const row = (precision: string) => rows.find((r) => r.precision === precision)!;

  it("shows KV cache at 4K, 32K and the model's 128K limit (max_position_embeddings 131,072)", () => {
    expect(contexts).toEqual([4096, 32768, 131072]);
  });

  it("weighs Llama 3.1 8B at bf16 as 2 bytes × 8.03e9 ≈ 16.1 GB", () => {
    expect(row("bf16").weightsBytes / 1e9).toBeCloseTo(16.06, 1);
  });

  it("weighs it at Q4_K_M as 4.89 bits per weight (llama.cpp quantize table) ≈ 4.9 GB", () => {
    expect(row("q4_k_m").weightsBytes / 1e9).toBeCloseTo((8.03e9 * 4.89) / 8 / 1e9, 1);
  });

  it("caches 2 × 32 layers × 8 KV heads × 128 dims × 2 B = 128 KiB per token: 17.2 GB at 131,072 tokens", () => {
    expect(row("bf16").kvBytes[2]).toBe(2 * 32 * 8 * 128 * 2 * 131072);
    expect(row("bf16").kvBytes[0]).toBe(2 * 32 * 8 * 128 * 2 * 4096);
    // FP8 runs keep an 8-bit cache: half the bytes.
    expect(row("fp8").kvBytes[2]).toBe(2 * 32 * 8 * 128 * 1 * 131072);
  });

  it("has no KV cache for a vision model, and an encoder's contexts stop at its 512-token limit", () => {
    const resnet = findPreset("resnet-50")!;
    expect(pageContexts(resnet)).toEqual([]);
    expect(pagePrecisions(resnet)).toContain("fp32");
    expect(memoryByPrecision(resnet).rows.find((r) => r.precision === "fp32")!.weightsBytes).toBe(25_557_032 * 4);
    const t5 = findPreset("t5-base")!;
    expect(pageContexts(t5)).toEqual([512]);
  });
});

describe("GPUs that run a model best at batch 1", () => {
  const catalog = seedCatalog();
  const picks = bestGpus(catalog, "llama-3.1-8b");
  const pick = (role: string) => picks.find((p) => p.role === role)!;

  it("picks the cheapest card by launch price that holds the model, at some precision", () => {
    const cheapest = pick("cheapest");
    expect(cheapest.precision).not.toBeNull();
    const cheaper = catalog.gpus.filter((g) => !g.retired && g.launchPriceUsd != null && g.launchPriceUsd < cheapest.launchPriceUsd!);
    // Anything cheaper has too little memory even for the 4.9 GB of Q4_K_M weights plus runtime overhead.
    for (const gpu of cheaper) expect(gpu.memoryGB).toBeLessThan(8);
  });

  it("finds a fastest single GPU no slower than the cheapest, within its memory bandwidth at the chosen precision", () => {
    const fastest = pick("fastest");
    expect(fastest.speed!).toBeGreaterThanOrEqual(pick("cheapest").speed!);
    const gpu = catalog.gpus.find((g) => g.slug === fastest.gpu)!;
    const weightsGB = memoryByPrecision(llama8).rows.find((r) => r.precision === fastest.precision)?.weightsBytes;
    if (weightsGB) expect(fastest.speed!).toBeLessThan(gpu.memoryBandwidthGBps / (weightsGB / 1e9));
  });

  it("picks the 12 GB RTX 3060 as the used card for Llama 3.1 8B, at a quant: 16.1 GB of bf16 weights exceed 12 GB", () => {
    const used = pick("used");
    expect(used.gpu).toBe("rtx-3060-12gb");
    expect(used.precision).not.toBe("bf16");
    expect(used.maxContextTokens).toBeGreaterThan(768);
  });

  it("puts a 70B model on a Mac with enough unified memory, not the 32 GB Mac mini", () => {
    const mac = bestGpus(catalog, "llama-3.3-70b").find((p) => p.role === "mac")!;
    expect(mac.gpu).not.toBe("apple-m4-10c");
    expect(mac.precision).not.toBeNull();
    expect(mac.capacityGB).toBeGreaterThan(42);
  });

  it("names no fastest GPU for SDXL, whose speed is unknown (no published FLOPs per denoising step)", () => {
    const sdxl = bestGpus(catalog, "sdxl");
    expect(sdxl.find((p) => p.role === "cheapest")?.precision).not.toBeNull();
    expect(sdxl.some((p) => p.role === "fastest")).toBe(false);
    expect(sdxl.every((p) => p.speed == null)).toBe(true);
  });

  it("answers from the cache for the same catalog object", () => {
    expect(bestGpus(catalog, "llama-3.1-8b")).toBe(picks);
  });
});
