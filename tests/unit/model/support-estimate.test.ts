import { describe, expect, it } from "vitest";
import { seedToCatalogGpu } from "@/lib/catalog/queries";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import { estimate } from "@/lib/model/estimate";
import { workloadSchema, type WorkloadInput } from "@/lib/workload/schema";

const catalog = loadSeedCatalog().gpus.map(seedToCatalogGpu);
const gpu = (slug: string) => {
  const found = catalog.find((g) => g.slug === slug);
  if (!found) throw new Error(`no ${slug} in the catalog`);
  return found;
};
const run = (slug: string, input: WorkloadInput, count = 1) => estimate(gpu(slug), count, workloadSchema.parse(input), { catalog });

// The support table (lib/model/support.ts) decides the compute peak an estimate may use.
describe("estimates follow the precision support table", () => {
  it("gpt-oss-120b in MXFP4 on one H100 (80 GB): fits, and computes at the 16-bit rate (Hopper has no FP4 math)", () => {
    const e = run("h100-sxm", { model: "gpt-oss-120b", precision: "mxfp4", engine: "vllm" });
    expect(e.fits).toBe(true);
    expect(e.math.peakFigure).toMatch(/fp16TensorTflops|bf16TensorTflops/);
    expect(e.assumptions.join(" ")).toMatch(/MXFP4 weights are widened to 16 bit/);
    expect(e.decodeTokensPerSecond).toBeGreaterThan(0);
  });

  it("MXFP4 on Blackwell is native, counted at the FP8 rate since the catalog has no FP4 peak", () => {
    const e = run("b200", { model: "gpt-oss-120b", precision: "mxfp4", engine: "vllm" });
    expect(e.math.peakFigure).toBe("fp8TensorTflops");
    expect(e.assumptions.join(" ")).toMatch(/no FP4 peak, so compute is counted at the FP8 rate/);
  });

  it("FP8 on an A100 runs weight-only (FP8 Marlin): the 16-bit peak, not a full-speed FP8 figure", () => {
    const e = run("a100-sxm4-80gb", { model: "llama-3.1-8b", precision: "fp8", engine: "vllm" });
    expect(e.math.peakFigure).not.toBe("fp8TensorTflops");
    expect(e.assumptions.join(" ")).toMatch(/FP8 Marlin/);
  });

  it("FP8 on an H100 with vLLM uses the FP8 peak", () => {
    expect(run("h100-sxm", { model: "llama-3.1-8b", precision: "fp8", engine: "vllm" }).math.peakFigure).toBe("fp8TensorTflops");
  });

  it("refuses speed figures for a format the engine cannot load, and says why", () => {
    const e = run("rtx-4090", { model: "llama-3.1-8b", precision: "fp8", engine: "llama.cpp" });
    expect(e.decodeTokensPerSecond).toBeNull();
    expect(e.prefillTokensPerSecond).toBeNull();
    expect(e.reasons.join(" ")).toMatch(/llama\.cpp has no FP8 weight type/);
    const amd = run("mi300x", { model: "llama-3.1-8b", precision: "nvfp4", engine: "vllm" });
    expect(amd.decodeTokensPerSecond).toBeNull();
    expect(amd.reasons.join(" ")).toMatch(/NVFP4 only on NVIDIA Ampere or newer/);
  });

  it("a decode step of gpt-oss-120b in MXFP4 reads its non-expert weights but the embedding table at 16 bit and the 4 touched experts at 4.25 bits: ≈ 4.9 GB, not 2.7", () => {
    const e = run("h100-sxm", { model: "gpt-oss-120b", precision: "mxfp4", engine: "vllm" });
    // At batch 1 the step touches the non-expert weights and 4 of 128 experts; OpenAI's card puts
    // 114.71e9 in the expert MLPs. Its input embedding table (config.json: vocab_size 201,088 ×
    // hidden_size 2,880; tie_word_embeddings false) is gathered one row per token, not streamed.
    const { parameters, activeParameters } = e.model;
    const embedding = 201_088 * 2_880;
    const expertTotal = ((parameters - activeParameters) * 128) / 124;
    const read = parameters - embedding - expertTotal + expertTotal * (4 / 128);
    const nonExpert = parameters - 114.71e9 - embedding;
    expect((e.math.weightBytesPerStepGB as number) * 1e9).toBeCloseTo(nonExpert * 2 + (read - nonExpert) * (4.25 / 8), -7);
    expect(e.math.weightBytesPerStepGB as number).toBeCloseTo(4.9, 1);
  });

  it("counts a 4-bit float checkpoint's 16-bit vocabulary in memory: Llama 3.1 8B NVFP4 needs more than 8.03e9 × 4.5/8 bytes", () => {
    const e = run("rtx-4090", { model: "llama-3.1-8b", precision: "nvfp4", engine: "vllm" });
    const vocab = 128_256 * 4096 * 2;
    const expected = (8_030_261_248 - vocab) * (4.5 / 8) + vocab * 2;
    expect(e.memory.weightsGB * 1e9).toBeCloseTo(expected, -7);
  });
});
