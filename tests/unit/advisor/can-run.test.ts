import { describe, expect, it } from "vitest";
import { canRun, precisionsFor } from "@/lib/advisor/can-run";
import type { Catalog } from "@/lib/catalog/types";
import { A100_80GB, RTX_4090 } from "../model/fixtures";

const catalog = (): Catalog => ({ version: 7, gpus: [A100_80GB, RTX_4090], cloudOffers: [] });

describe("what a GPU can run", () => {
  const rtx = canRun(catalog(), RTX_4090);
  const row = (result: typeof rtx, model: string) => result.inference.find((r) => r.model === model)!;

  it("runs Llama 3.1 8B at bf16 on a 24 GB RTX 4090 (8.03e9 × 2 B = 16.1 GB of weights)", () => {
    const llama8 = row(rtx, "llama-3.1-8b");
    expect(llama8.precision).toBe("bf16");
    expect(llama8.perGpuGB).toBeGreaterThan(16.06);
    expect(llama8.perGpuGB).toBeLessThan(24);
  });

  it("decodes no faster than the memory bandwidth allows: 1,008 GB/s ÷ 16.06 GB = 62.8 tokens/s", () => {
    const speed = row(rtx, "llama-3.1-8b").decodeTokensPerSecond!;
    expect(speed).toBeGreaterThan(0);
    expect(speed).toBeLessThan(1008 / 16.06);
  });

  it("cannot hold a 70B model on one 24 GB card even at 4 bits (70.55e9 × 4.85 bit ≈ 42.8 GB)", () => {
    const llama70 = row(rtx, "llama-3.3-70b");
    expect(llama70.precision).toBeNull();
    expect(llama70.decodeTokensPerSecond).toBeNull();
    expect(llama70.perGpuGB).toBeGreaterThan(24);
  });

  it("quantizes a 70B model to fit an 80 GB A100 (bf16 needs 141 GB; no FP8 tensor cores, so a GGUF quant)", () => {
    expect(precisionsFor(A100_80GB)).not.toContain("fp8");
    const llama70 = row(canRun(catalog(), A100_80GB), "llama-3.3-70b");
    expect(["q8_0", "q6_k", "q5_k_m", "q4_k_m"]).toContain(llama70.precision);
    expect(llama70.perGpuGB).toBeLessThanOrEqual(80);
  });

  it("fine-tunes a larger model with QLoRA (4-bit base weights) than with LoRA (16-bit) on the same card", () => {
    const [lora, qlora] = rtx.fineTune;
    expect(lora.method).toBe("lora");
    expect(qlora.method).toBe("qlora");
    expect(lora.parameters).not.toBeNull();
    expect(qlora.parameters!).toBeGreaterThan(lora.parameters!);
    // LoRA keeps the base weights at 2 bytes each: they alone must fit in 24 GB.
    expect(lora.parameters! * 2).toBeLessThan(24e9);
  });

  it("is computed once per catalog version", () => {
    const first = catalog();
    expect(canRun(first, RTX_4090)).toBe(canRun(first, RTX_4090));
    const next = { ...first, version: 8 };
    const again = canRun(next, RTX_4090);
    expect(again).not.toBe(canRun(first, RTX_4090));
    expect(again.catalogVersion).toBe(8);
  });
});
