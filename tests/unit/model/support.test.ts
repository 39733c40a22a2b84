import { describe, expect, it } from "vitest";
import { fp4WeightsBytes, bytesPerWeight } from "@/lib/model/precision";
import { ARCH_FAMILIES, archFamily, formatSupport, SUPPORT_FORMATS } from "@/lib/model/support";
import { ENGINES } from "@/lib/workload/schema";

const GiB = 2 ** 30;

describe("block-scaled 4-bit formats", () => {
  it("MXFP4 costs 4.25 bits per weight: 32 E2M1 values share one 8-bit E8M0 scale (OCP MX v1.0)", () => {
    expect(bytesPerWeight("mxfp4") * 8).toBe(4 + 8 / 32);
  });

  it("NVFP4 costs 4.5 bits per weight: 16 E2M1 values share one FP8 E4M3 scale (NVIDIA)", () => {
    expect(bytesPerWeight("nvfp4") * 8).toBe(4 + 8 / 16);
  });

  // OpenAI's gpt-oss model card, table 1: MLP 114.71B / 19.12B, attention 0.96B / 0.64B,
  // embed+unembed 1.16B / 1.16B; checkpoint 60.8 GiB / 12.8 GiB (MoE weights in MXFP4, the rest BF16).
  it("gpt-oss-120b's MXFP4 checkpoint is about 60.8 GiB", () => {
    const bytes = fp4WeightsBytes({ parameters: 116.83e9, vocabSize: 201_088, hiddenSize: 2880, expertParameters: 114.71e9 }, "mxfp4");
    expect(bytes / GiB).toBeGreaterThan(60.8 * 0.98);
    expect(bytes / GiB).toBeLessThan(60.8 * 1.02);
  });

  it("gpt-oss-20b's MXFP4 checkpoint is about 12.8 GiB", () => {
    const bytes = fp4WeightsBytes({ parameters: 20.91e9, vocabSize: 201_088, hiddenSize: 2880, expertParameters: 19.12e9 }, "mxfp4");
    expect(bytes / GiB).toBeGreaterThan(12.8 * 0.98);
    expect(bytes / GiB).toBeLessThan(12.8 * 1.02);
  });

  it("a dense model keeps its embedding and untied LM head in 16 bit", () => {
    // Llama 3.1 8B: 8,030,261,248 parameters, 128,256 × 4096 embedding and separate head.
    const vocab = 128_256 * 4096 * 2;
    const bytes = fp4WeightsBytes({ parameters: 8_030_261_248, vocabSize: 128_256, hiddenSize: 4096 }, "nvfp4");
    expect(bytes).toBeCloseTo((8_030_261_248 - vocab) * (4.5 / 8) + vocab * 2, 0);
    // A tied model stores that matrix once.
    const tied = fp4WeightsBytes({ parameters: 8_030_261_248, vocabSize: 128_256, hiddenSize: 4096, tiedEmbeddings: true }, "nvfp4");
    expect(bytes - tied).toBeCloseTo(128_256 * 4096 * (2 - 4.5 / 8), 0);
  });
});

describe("archFamily reads the catalog's architecture names", () => {
  it.each([
    ["Ada Lovelace", "nvidia", "ada"],
    ["Hopper", "nvidia", "hopper"],
    ["Blackwell", "nvidia", "blackwell"],
    ["Ampere", "nvidia", "ampere"],
    ["CDNA 3", "amd", "cdna3"],
    ["CDNA 4", "amd", "cdna4"],
    ["CDNA", "amd", "cdna1"],
    ["RDNA 3.5", "amd", "rdna3"],
    ["RDNA 4", "amd", "rdna4"],
    ["Apple M4-family GPU (3 nm)", "apple", "apple"],
    ["Xe2-HPG (Battlemage)", "intel", "intel-xe"],
    ["Gaudi 3", "intel", "gaudi"],
  ])("%s → %s", (architecture, vendor, family) => {
    expect(archFamily(architecture, vendor)).toBe(family);
  });
});

describe("formatSupport", () => {
  it("FP8 math needs Ada, Hopper or Blackwell on NVIDIA and CDNA 3 or newer on AMD", () => {
    for (const family of ["ada", "hopper", "blackwell", "cdna3", "cdna4"] as const) expect(formatSupport("fp8", family, "vllm").level).toBe("native");
    // vLLM docs: Turing/Ampere run FP8 checkpoints as weight-only W8A16 with FP8 Marlin.
    expect(formatSupport("fp8", "ampere", "vllm")).toMatchObject({ level: "weight-only" });
    expect(formatSupport("fp8", "turing", "vllm").level).toBe("weight-only");
    expect(formatSupport("fp8", "ampere", "tensorrt-llm").level).toBe("unsupported");
    expect(formatSupport("fp8", "ampere", "pytorch").level).toBe("weight-only");
  });

  it("FP4 math needs Blackwell (both formats) or CDNA 4 (MXFP4 only)", () => {
    expect(formatSupport("nvfp4", "blackwell", "tensorrt-llm").level).toBe("native");
    expect(formatSupport("mxfp4", "blackwell", "vllm").level).toBe("native");
    expect(formatSupport("mxfp4", "cdna4", "vllm").level).toBe("native");
    expect(formatSupport("nvfp4", "cdna4", "vllm").level).toBe("unsupported");
    // H100 has FP8 but no FP4 math: gpt-oss runs with dequantizing kernels.
    const hopper = formatSupport("mxfp4", "hopper", "vllm");
    expect(hopper.level).toBe("weight-only");
    expect(hopper.reason).toMatch(/16-bit rate/);
  });

  it("engines that cannot load a format say so", () => {
    expect(formatSupport("fp8", "apple", "llama.cpp")).toMatchObject({ level: "unsupported", reason: expect.stringMatching(/no FP8 weight type/) });
    expect(formatSupport("fp8", "apple", "mlx").level).toBe("unsupported");
    expect(formatSupport("mxfp4", "hopper", "mlx").level).toBe("unsupported");
    expect(formatSupport("nvfp4", "cdna3", "tensorrt-llm").reason).toMatch(/NVIDIA GPUs only/);
    expect(formatSupport("mxfp4", "apple", "mlx").level).toBe("weight-only");
    expect(formatSupport("mxfp4", "ampere", "llama.cpp").level).toBe("weight-only");
  });

  it("never calls a format native on a family without its math, and every verdict has a reason", () => {
    const math = { fp8: ["ada", "hopper", "blackwell", "cdna3", "cdna4", "rdna4", "gaudi"], mxfp4: ["blackwell", "cdna4"], nvfp4: ["blackwell"] };
    for (const format of SUPPORT_FORMATS)
      for (const family of ARCH_FAMILIES)
        for (const engine of ENGINES) {
          const verdict = formatSupport(format, family, engine);
          if (verdict.level === "native") expect(math[format]).toContain(family);
          expect(verdict.reason.length).toBeGreaterThan(10);
        }
  });

  it("leaves formats outside the table as they were", () => {
    expect(formatSupport("bf16", "pascal", "pytorch").level).toBe("native");
    expect(formatSupport("q4_k_m", "apple", "llama.cpp").level).toBe("weight-only");
  });
});
