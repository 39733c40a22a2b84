import { describe, expect, it } from "vitest";
import { ENGINE_FACTORS, FITTED_ENGINES, getKnob, setKnob } from "@/lib/model/calibration";
import { estimate } from "@/lib/model/estimate";
import { matmulPeak, sustainedClockShare, toHardware } from "@/lib/model/hardware";
import { workloadSchema, type WorkloadInput } from "@/lib/workload/schema";
import { catalogGpu } from "../../helpers/catalog-gpu";
import { A100_80GB, M2_ULTRA, RTX_4090 } from "./fixtures";
import { ggufUnpackCost } from "@/lib/model/precision";
import { allReduceSeconds } from "@/lib/model/performance";
import { attentionScoreBytes, loraParameters } from "@/lib/model/memory";
import { resolveModel, resolveWorkload } from "@/lib/workload/resolve";

const workload = (input: WorkloadInput) => workloadSchema.parse(input);

/** https://www.techpowerup.com/gpu-specs/geforce-gtx-1080-ti.c2877 (FP16 at 1/64 of FP32: 177.2 GFLOPS) */
const GTX_1080_TI = catalogGpu({
  slug: "gtx-1080-ti",
  name: "NVIDIA GeForce GTX 1080 Ti",
  segment: "consumer",
  architecture: "Pascal",
  memoryGB: 11,
  memoryType: "GDDR5X",
  memoryBandwidthGBps: 484,
  fp32Tflops: 11.3,
  fp16Tflops: 0.1772,
});

/** https://resources.nvidia.com/en-us-tensor-core/gtc22-whitepaper-hopper (H100 PCIe: 756 dense FP16, 51 FP32, 2,000 GB/s) */
const H100_PCIE = catalogGpu({
  slug: "h100-pcie",
  name: "NVIDIA H100 PCIe",
  segment: "datacenter",
  architecture: "Hopper",
  memoryGB: 80,
  memoryType: "HBM2e",
  memoryBandwidthGBps: 2000,
  fp32Tflops: 51,
  fp16TensorTflops: 756,
  bf16TensorTflops: 756,
  fp8TensorTflops: 1513,
  int8TensorTops: 1513,
});

describe("peaks the engines can reach", () => {
  it("Pascal GeForce has no fast FP16: 16-bit math runs at the FP32 rate, not 1/64 of it", () => {
    const peak = matmulPeak(toHardware(GTX_1080_TI), "fp16", "pytorch");
    expect(peak?.figure).toBe("fp32Tflops");
    expect(peak!.flopsPerSecond).toBeCloseTo(11.3e12, -9);
    // AMP training of ResNet-50 on a 1080 Ti: Lambda measured 230 images/s; the old fallback to the
    // 0.18 TFLOPS FP16 rate predicted about 100× too slow.
    const e = estimate(GTX_1080_TI, 1, workload({ task: "training", model: "resnet-50", precision: "fp16", batchSize: 64 }));
    expect(e.samplesPerSecond!).toBeGreaterThan(230 / 2);
    expect(e.samplesPerSecond!).toBeLessThan(230 * 2);
  });

  it("llama.cpp's cuBLAS path accumulates in FP16: twice the FP32-accumulate figure on GeForce, the same on datacenter parts", () => {
    expect(ENGINE_FACTORS["llama.cpp"].accumulate).toBe("fp16");
    expect(matmulPeak(toHardware(RTX_4090), "fp16", "llama.cpp")!.flopsPerSecond).toBeCloseTo(330.4e12, -10);
    expect(matmulPeak(toHardware(RTX_4090), "fp16", "vllm")!.flopsPerSecond).toBeCloseTo(165.2e12, -10);
  });

  it("without wgmma kernels a Hopper card reaches only part of its dense peak", () => {
    const llama = matmulPeak(toHardware(H100_PCIE), "q4_0", "llama.cpp")!;
    const trt = matmulPeak(toHardware(H100_PCIE), "fp16", "tensorrt-llm")!;
    expect(trt.flopsPerSecond).toBeCloseTo(756e12, -10);
    expect(llama.flopsPerSecond).toBeLessThan(756e12);
    expect(llama.figure).toMatch(/mma\.sync/);
  });

  it("a knob the fit changes reaches the next matmulPeak (remembered peaks are checked against the knobs they used)", () => {
    const hw = toHardware(H100_PCIE);
    const before = matmulPeak(hw, "q4_0", "llama.cpp")!.flopsPerSecond;
    const saved = getKnob("global/legacyMmaFraction");
    try {
      setKnob("global/legacyMmaFraction", saved / 2);
      expect(matmulPeak(hw, "q4_0", "llama.cpp")!.flopsPerSecond).toBeCloseTo(before / 2, -8);
    } finally {
      setKnob("global/legacyMmaFraction", saved);
    }
    expect(matmulPeak(hw, "q4_0", "llama.cpp")!.flopsPerSecond).toBe(before);
  });

  it("H100 PCIe prefills a 4-bit 8B model about as fast as an RTX 4090, not 4.6× faster as the tensor peaks say", () => {
    // XiongjieDai/GPU-Benchmarks-on-LLM-Inference (llama-bench, May 2024): Llama 3 8B Q4_K_M pp512,
    // H100 PCIe 8,125 tokens/s, RTX 4090 7,139 tokens/s.
    const w = workload({ model: "llama-3.1-8b", precision: "q4_k_m", promptTokens: 512, outputTokens: 0, engine: "llama.cpp" });
    const h100 = estimate(H100_PCIE, 1, w).prefillTokensPerSecond!;
    const rtx = estimate(RTX_4090, 1, w).prefillTokensPerSecond!;
    expect(h100).toBeGreaterThan(8125 / 1.35);
    expect(h100).toBeLessThan(8125 * 1.35);
    expect(rtx).toBeGreaterThan(7139 / 1.35);
    expect(rtx).toBeLessThan(7139 * 1.35);
    expect(h100 / rtx).toBeLessThan(2);
  });
});

describe("bytes a decode step streams", () => {
  const stepGB = (model: string) => estimate(RTX_4090, 1, workload({ task: "inference", model, precision: "fp16", batchSize: 1, promptTokens: 0, outputTokens: 128, engine: "llama.cpp" })).math.weightBytesPerStepGB as number;

  it("an untied model's input embedding table is gathered one row per token, not streamed", () => {
    // Llama 3.1 8B (config.json: vocab_size 128,256, hidden_size 4,096, tie_word_embeddings false):
    // 8.03e9 parameters, of which 0.525e9 are the input table; the LM head is read whole.
    expect(stepGB("llama-3.1-8b") * 1e9).toBeCloseTo((8_030_261_248 - 128_256 * 4_096) * 2, -6);
  });

  it("a tied model reads its one vocabulary matrix whole: it is the LM head", () => {
    // Llama 3.2 1B (tie_word_embeddings true): every one of its 1.236e9 parameters, in 16 bit.
    expect(stepGB("llama-3.2-1b") * 1e9).toBeCloseTo(1_235_814_400 * 2, -6);
  });

  it("show the math says so for an untied model, and not for a tied one", () => {
    const said = (model: string) => estimate(RTX_4090, 1, workload({ task: "inference", model, precision: "fp16", engine: "llama.cpp" }), { explain: true }).assumptions.join(" ");
    expect(said("llama-3.1-8b")).toMatch(/gathers one row of the 0\.525B-parameter input embedding table/);
    expect(said("llama-3.2-1b")).not.toMatch(/embedding table/);
  });
});

describe("FP32 training", () => {
  it("stores its activations in 4 bytes: about twice a mixed-precision run's (the 1-byte dropout masks stay), exactly twice for a convnet", () => {
    const activations = (model: string, precision: "fp32" | "bf16", task: "training" | "finetune" = "training") =>
      estimate(A100_80GB, 1, workload({ task, model, precision, batchSize: 32, sequenceLength: 384, method: "full", optimizer: "adamw" })).memory.activationsGB;
    const bert = activations("bert-large", "fp32", "finetune") / activations("bert-large", "bf16", "finetune");
    expect(bert).toBeGreaterThan(1.8);
    expect(bert).toBeLessThan(2);
    expect(activations("resnet-50", "fp32") / activations("resnet-50", "bf16")).toBeCloseTo(2, 2);
  });
});

describe("convnet training layout", () => {
  const resnet = (precision: "fp16" | "fp32", channelsLast?: boolean) =>
    estimate(A100_80GB, 1, workload({ task: "training", model: "resnet-50", precision, batchSize: 256, memoryFormat: channelsLast ? "nhwc" : undefined }), { explain: true });

  it("AMP in PyTorch's default NCHW pays for cuDNN's layout transposes, channels_last does not, FP32 has none either way; the assumption says so", () => {
    const saved = getKnob("global/nchwTransposeTrafficPerActivationByte");
    try {
      setKnob("global/nchwTransposeTrafficPerActivationByte", 10);
      const nchw = resnet("fp16");
      expect(nchw.samplesPerSecond!).toBeLessThan(resnet("fp16", true).samplesPerSecond!);
      expect(resnet("fp32").samplesPerSecond).toBe(resnet("fp32", true).samplesPerSecond);
      expect(nchw.assumptions.join(" ")).toMatch(/default NCHW layout/);
      // Asked for explicitly, NCHW is the default's figure.
      expect(estimate(A100_80GB, 1, workload({ task: "training", model: "resnet-50", precision: "fp16", batchSize: 256, memoryFormat: "nchw" })).samplesPerSecond).toBe(nchw.samplesPerSecond);
      expect(resnet("fp16", true).assumptions.join(" ")).not.toMatch(/NCHW layout/);
      // No transpose traffic, no difference.
      setKnob("global/nchwTransposeTrafficPerActivationByte", 1e-9);
      expect(resnet("fp16").samplesPerSecond!).toBeCloseTo(resnet("fp16", true).samplesPerSecond!, 0);
    } finally {
      setKnob("global/nchwTransposeTrafficPerActivationByte", saved);
    }
  });
});

describe("vision training on the fastest GPUs", () => {
  const resnet = (gpu: typeof A100_80GB, count = 1) => estimate(gpu, count, workload({ task: "training", model: "resnet-50", precision: "fp16", batchSize: 256 }), { explain: true });

  it("stops at the per-GPU floor of published rates, says so, and does not blame disks for synthetic-data runs", () => {
    const saved = getKnob("global/visionInputSecondsPerSample");
    try {
      // A floor far below what an A100 reaches on its own: the A100 is held at it, per GPU.
      setKnob("global/visionInputSecondsPerSample", 1 / 500);
      const one = resnet(A100_80GB);
      expect(one.samplesPerSecond).toBeCloseTo(500, 0);
      expect(resnet(A100_80GB, 2).samplesPerSecond).toBeCloseTo(1000, 0);
      expect(one.reasons.join(" ")).toMatch(/stop rising at about 500 samples\/s per GPU/);
      expect(one.reasons.join(" ")).not.toMatch(/host input pipeline/);
      // A floor the GPU does not reach: no cap, no reason.
      setKnob("global/visionInputSecondsPerSample", 1e-6);
      expect(resnet(A100_80GB).reasons.join(" ")).not.toMatch(/stop rising/);
    } finally {
      setKnob("global/visionInputSecondsPerSample", saved);
    }
  });
});

describe("host loops that run ahead of the GPU", () => {
  // decodeTokensPerSecond is reported to 4 significant digits: the step is checked to 1 part in 10⁴.
  const step = (engine: "transformers" | "llama.cpp", model: string) => {
    const e = estimate(RTX_4090, 1, workload({ model, precision: "fp16", batchSize: 1, promptTokens: 4, outputTokens: 128, engine }), { explain: true });
    const m = e.math as Record<string, number | string | null>;
    const gpu = Math.max(m.decodeMemorySeconds as number, m.decodeComputeSeconds as number, m.dequantSecondsPerStep as number);
    return { seconds: 1 / e.decodeTokensPerSecond!, gpu, overhead: m.perStepOverheadSeconds as number, comm: m.interconnectSecondsPerStep as number, overlap: m.hostOverlap };
  };

  it("eager PyTorch (transformers) issues kernels asynchronously: a step is the longer of the GPU's work and the host's, not their sum", () => {
    const big = step("transformers", "llama-2-7b");
    expect(big.overlap).toBe("yes");
    expect(big.overhead).toBeGreaterThan(0);
    expect(big.seconds / (Math.max(big.gpu, big.overhead) + big.comm)).toBeCloseTo(1, 4);
    expect(big.seconds).toBeLessThan(big.gpu + big.overhead);
    // A small model's kernels are shorter than the host's per-layer work: the host sets the pace.
    const small = step("transformers", "qwen2.5-0.5b");
    expect(small.seconds / (Math.max(small.gpu, small.overhead) + small.comm)).toBeCloseTo(1, 4);
  });

  it("llama.cpp builds each token's graph before running it: its per-layer cost adds to the kernels", () => {
    const s = step("llama.cpp", "llama-2-7b");
    expect(s.overlap).toBeNull();
    expect(s.seconds / (s.gpu + s.overhead + s.comm)).toBeCloseTo(1, 4);
  });
});

describe("unpacking GGUF weights in a decode step", () => {
  // Unpacking per weight, counted in llama.cpp's Metal matrix-vector kernels: q4_0 masks a nibble,
  // converts and multiply-adds (3 operations), as q4_K's inner loop does; q6_K assembles each weight
  // from two arrays (7); q4_k_m keeps 18% of the weights a Llama decode step reads at q6_K.
  const q4km = 0.82 * 3 + 0.18 * 7;
  const decode = (precision: "q4_0" | "q4_k_m" | "q6_k" | "q8_0") =>
    estimate(M2_ULTRA, 1, workload({ task: "inference", model: "llama-3.1-8b", precision, batchSize: 1, promptTokens: 0, outputTokens: 128, engine: "llama.cpp" })).math.dequantSecondsPerStep as number;

  it("costs each format its own operations per weight, relative to the q4_k_m the knob is fitted on", () => {
    expect(ggufUnpackCost("q4_k_m")).toBe(1);
    expect(ggufUnpackCost("q4_0")).toBeCloseTo(3 / q4km, 6);
    expect(ggufUnpackCost("q6_k")).toBeCloseTo(7 / q4km, 6);
    expect(ggufUnpackCost("fp16")).toBe(1);
  });

  it("on a GPU that issues integer and float operations in parallel (Apple M3 and later) a weight costs the longer of the two streams", () => {
    // q4_K: 1 integer (mask) + 2 float (convert, multiply-add) → 2; q6_K: 5 integer + 2 float → 5.
    expect(ggufUnpackCost("q4_k_m", true)).toBeCloseTo((0.82 * 2 + 0.18 * 5) / q4km, 6);
    expect(ggufUnpackCost("q4_0", true)).toBeCloseTo(2 / q4km, 6);
    expect(ggufUnpackCost("q8_0", true)).toBe(ggufUnpackCost("q8_0"));
    const pipes = (slug: string, architecture: string) => toHardware(catalogGpu({ slug, name: slug, vendor: "apple", architecture })).parallelIntegerPipes;
    expect(pipes("apple-m1-max-32c", "Apple M1-family GPU (5 nm)")).toBe(false);
    expect(pipes("apple-m2-ultra-76c", "Apple M2-family GPU (5 nm)")).toBe(false);
    expect(pipes("apple-m3-max-40c", "Apple M3-family GPU (3 nm)")).toBe(true);
    expect(pipes("apple-m4-max-40c", "Apple M4-family GPU (3 nm)")).toBe(true);
    expect(toHardware(RTX_4090).parallelIntegerPipes).toBe(false);
  });

  it("a q4_0 step spends less time unpacking than a q4_k_m one, and q8_0 (convert and multiply-add) less still", () => {
    expect(decode("q4_0") / decode("q4_k_m")).toBeCloseTo(3 / q4km, 6);
    expect(decode("q8_0")).toBeLessThan(decode("q4_0"));
    expect(decode("q6_k")).toBeGreaterThan(decode("q4_k_m"));
  });
});

describe("fine-tuning memory", () => {
  it("QLoRA of Llama 3.1 8B at 2,048 tokens × 2 checkpoints activations by default and fits a 24 GB card", () => {
    // torchtune's recipe: rank 8, batch 2 packed to 2,048 tokens.
    const e = estimate(RTX_4090, 1, workload({ task: "finetune", model: "llama-3.1-8b", method: "qlora", batchSize: 2, sequenceLength: 2048, loraRank: 8 }));
    expect(e.fits).toBe(true);
    // NF4 linears (4.127 bits) and the bf16 token embedding and LM head (2 × 128,256 × 4,096):
    // (8.03e9 − 1.0507e9) × 4.127 / 8 + 1.0507e9 × 2 = 3.600 + 2.101 GB, beside the fp32 adapter.
    const adapterGB = (4 * loraParameters(resolveModel("llama-3.1-8b"), 8)) / 1e9;
    expect(e.memory.weightsGB - adapterGB).toBeCloseTo(5.70, 1);
    // torchtune README (RTX 4090, QLoRA): 7.95 GB peak, read from the PyTorch allocator's counters
    // (no CUDA context: the plan's runtime overhead) with its compiled chunked cross-entropy, which
    // holds the bf16 logits (2 bytes each) where the plan counts 6 (bf16 logits and an fp32 softmax).
    const torchtuneRecipeGB = e.memory.perGpuGB - e.memory.overheadGB - (4 * 2 * 2048 * 128_256) / 1e9;
    expect(torchtuneRecipeGB).toBeGreaterThan(7.95 * 0.85);
    expect(torchtuneRecipeGB).toBeLessThan(7.95 * 1.15);
    expect(e.assumptions.join(" ")).toMatch(/checkpointing on/i);
    const off = estimate(RTX_4090, 1, workload({ task: "finetune", model: "llama-3.1-8b", method: "qlora", batchSize: 2, sequenceLength: 2048, gradientCheckpointing: false }));
    expect(off.memory.activationsGB).toBeGreaterThan(e.memory.activationsGB * 2);
  });

  it("bitsandbytes builds before PR #1270 (July 2024) kept every 4-bit linear's input; current builds and 16-bit LoRA do not", () => {
    // LitGPT's resource table (October 2023, bitsandbytes 0.41.1): Llama 2 7B, 1,304 tokens, no checkpointing.
    const w = workload({ task: "finetune", model: "llama-2-7b", method: "qlora", batchSize: 1, sequenceLength: 1304, gradientCheckpointing: false });
    const now = estimate(A100_80GB, 1, w);
    const then = estimate(A100_80GB, 1, w, { builtOn: "2023-10-20" });
    // Inputs of q/k/v (one tensor), o, gate/up (one tensor) and down: 2 B × (4,096 × 3 + 11,008) per
    // token per layer, × 1,304 tokens × 32 layers = 1.943 GB.
    expect(then.memory.activationsGB - now.memory.activationsGB).toBeCloseTo((2 * (3 * 4096 + 11008) * 1304 * 32) / 1e9, 2);
    expect(estimate(A100_80GB, 1, w, { builtOn: "2024-09" }).memory.activationsGB).toBe(now.memory.activationsGB);
    const lora = workload({ task: "finetune", model: "llama-2-7b", method: "lora", batchSize: 1, sequenceLength: 1304, gradientCheckpointing: false });
    expect(estimate(A100_80GB, 1, lora, { builtOn: "2023-10-20" }).memory.activationsGB).toBe(estimate(A100_80GB, 1, lora).memory.activationsGB);
    // With checkpointing only the layer being recomputed holds them: a 32nd of the above.
    const ckpt = workload({ task: "finetune", model: "llama-2-7b", method: "qlora", batchSize: 1, sequenceLength: 1304, gradientCheckpointing: true });
    expect(estimate(A100_80GB, 1, ckpt, { builtOn: "2023-10-20" }).memory.activationsGB - estimate(A100_80GB, 1, ckpt).memory.activationsGB).toBeCloseTo((2 * (3 * 4096 + 11008) * 1304) / 1e9, 2);
  });

  it("full training keeps checkpointing off unless asked", () => {
    const e = estimate(RTX_4090, 1, workload({ task: "training", model: "llama-3.2-1b", batchSize: 1, sequenceLength: 1024 }));
    expect(e.assumptions.join(" ")).not.toMatch(/checkpointing on/i);
  });
});

describe("encoders and ranges", () => {
  it("BERT training reports sequences per second = tokens per second ÷ sequence length", () => {
    const e = estimate(RTX_4090, 1, workload({ task: "finetune", model: "bert-large", method: "full", precision: "fp16", batchSize: 32, sequenceLength: 384 }));
    expect(e.samplesPerSecond!).toBeCloseTo(e.tokensPerSecond! / 384, -1);
  });

  it("encoder training writes and reads its attention scores: 5·a·s² bytes per layer per sequence, none for a decoder (flash attention)", () => {
    // BERT-large (24 layers, 16 heads) at 384 tokens: 24 × 5 × 16 × 384² = 283 MB per sequence.
    expect(attentionScoreBytes(resolveWorkload(workload({ task: "finetune", model: "bert-large" })).model, 1, 384)).toBe(24 * 5 * 16 * 384 * 384);
    expect(attentionScoreBytes(resolveWorkload(workload({ task: "finetune", model: "llama-3.1-8b" })).model, 1, 384)).toBe(0);
    const bert = estimate(RTX_4090, 1, workload({ task: "finetune", model: "bert-large", method: "full", precision: "fp16", batchSize: 8, sequenceLength: 384 }), { explain: true });
    expect(bert.assumptions.join(" ")).toMatch(/Attention scores are computed explicitly/);
    const llama = estimate(RTX_4090, 1, workload({ task: "finetune", model: "llama-3.2-1b", method: "lora", precision: "bf16", batchSize: 8, sequenceLength: 384 }), { explain: true });
    expect(llama.assumptions.join(" ")).not.toMatch(/Attention scores are computed explicitly/);
  });

  it("an engine the fit never saw gets a range at least as wide as a fitted one", () => {
    const unseen = Object.keys(ENGINE_FACTORS).find((e) => !FITTED_ENGINES.has(e));
    if (!unseen) return; // every engine has published measurements
    const w = (engine: string) => workload({ model: "llama-3.1-8b", precision: "bf16", engine: engine as WorkloadInput["engine"] });
    const ratio = (engine: string) => {
      const r = estimate(RTX_4090, 1, w(engine)).ranges.decodeTokensPerSecond;
      return r.high / r.low;
    };
    expect(ratio(unseen)).toBeGreaterThanOrEqual(ratio("vllm"));
  });
});

describe("sustained clocks", () => {
  it("a board with little power per SM is held below its boost clock; one with enough is not", () => {
    // RTX 6000 Ada: 300 W over 568 tensor cores (142 SMs); RTX 4090: 450 W over 512 (128 SMs).
    // https://www.nvidia.com/en-us/design-visualization/rtx-6000/ , Ada whitepaper Appendix A.
    const ada6000 = toHardware(catalogGpu({ slug: "rtx-6000-ada", name: "RTX 6000 Ada", architecture: "Ada Lovelace", segment: "workstation", tdpWatts: 300, tensorCores: 568, fp8TensorTflops: 728.5 }));
    const rtx4090 = toHardware({ ...RTX_4090, tensorCores: 512 });
    expect(ada6000.wattsPerSm).toBeCloseTo(300 / 142, 3);
    expect(sustainedClockShare(ada6000)).toBeLessThan(1);
    expect(sustainedClockShare(rtx4090)).toBeGreaterThan(sustainedClockShare(ada6000));
    expect(matmulPeak(ada6000, "fp8", "tensorrt-llm")!.flopsPerSecond).toBeLessThan(728.5e12);
  });
});

describe("tensor-parallel all-reduce: the serving engines' own kernels on a peer-to-peer link", () => {
  const nvlink = { bytesPerSecond: 300e9, latencySeconds: 8e-6, fast: true, label: "NVLink 3" };
  const pcie = { bytesPerSecond: 32e9, latencySeconds: 25e-6, fast: false, label: "PCIe" };

  it("a decode step's 16 KB hidden state goes one-shot: one latency and every peer's buffer read once", () => {
    // 8 GPUs, 16,384 bytes (hidden 8,192 × 2 bytes): 8 µs + 7 × 16,384 ÷ 300e9.
    expect(allReduceSeconds(16_384, 8, nvlink, true)).toBeCloseTo(8e-6 + (7 * 16_384) / 300e9, 12);
    // NCCL's ring pays 2(n−1) = 14 latencies: 112 µs and a little.
    expect(allReduceSeconds(16_384, 8, nvlink, false)).toBeCloseTo(14 * 8e-6 + (14 * 16_384) / (8 * 300e9), 12);
  });

  it("above 512 KB it goes two-shot (two latencies, the ring's bytes); over PCIe it stays the ring", () => {
    const big = 4 * 1024 * 1024;
    expect(allReduceSeconds(big, 8, nvlink, true)).toBeCloseTo(2 * 8e-6 + (14 * big) / (8 * 300e9), 12);
    expect(allReduceSeconds(16_384, 4, pcie, true)).toBe(allReduceSeconds(16_384, 4, pcie, false));
  });

  it("batch-1 decode of a 70B model gets faster from 4 to 8 NVLink GPUs under vLLM (it did not with a ring per layer)", () => {
    const w = workload({ task: "inference", model: "llama-3.1-70b", precision: "bf16", batchSize: 1, promptTokens: 512, outputTokens: 256, engine: "vllm", parallelism: "tensor" });
    const four = estimate(A100_80GB, 4, w).decodeTokensPerSecond!;
    const eight = estimate(A100_80GB, 8, w).decodeTokensPerSecond!;
    expect(eight).toBeGreaterThan(four * 1.3);
    // llama.cpp's ring-free row split is not an engine all-reduce: no such gain is assumed for it.
    expect(ENGINE_FACTORS["llama.cpp"].oneShotAllReduce).toBe(false);
  });

  it("vLLM and SGLang read TensorRT-LLM's dense bandwidth and HBM share: one knob each, moved together", () => {
    expect(ENGINE_FACTORS.vllm.bandwidth).toBe(ENGINE_FACTORS["tensorrt-llm"].bandwidth);
    expect(ENGINE_FACTORS.sglang.bandwidth).toBe(ENGINE_FACTORS["tensorrt-llm"].bandwidth);
    const before = getKnob("engine/tensorrt-llm/hbmBandwidth/nvidia");
    try {
      setKnob("engine/tensorrt-llm/hbmBandwidth/nvidia", 0.5);
      expect(ENGINE_FACTORS.vllm.hbmBandwidth.nvidia).toBe(0.5);
      expect(ENGINE_FACTORS.sglang.hbmBandwidth.nvidia).toBe(0.5);
    } finally {
      setKnob("engine/tensorrt-llm/hbmBandwidth/nvidia", before);
    }
    expect(ENGINE_FACTORS.vllm.hbmBandwidth.nvidia).toBe(before);
  });
});

describe("show the math names the all-reduce it assumed", () => {
  const w = (engine: "vllm" | "llama.cpp") => workload({ task: "inference", model: "llama-3.1-70b", precision: "bf16", batchSize: 1, promptTokens: 512, outputTokens: 256, engine, parallelism: "tensor" });
  it("vLLM over NVLink: the engine's own kernel; llama.cpp: a ring", () => {
    expect(estimate(A100_80GB, 4, w("vllm")).assumptions.join(" ")).toMatch(/engine's own all-reduce kernel/);
    expect(estimate(A100_80GB, 4, w("llama.cpp")).assumptions.join(" ")).toMatch(/ring all-reduce/);
  });
});
