import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimate } from "@/lib/model/estimate";
import { PRECISIONS, TASKS, workloadSchema, type WorkloadInput } from "@/lib/workload/schema";
import { A100_80GB, M2_ULTRA, RTX_4090, withBandwidth } from "./fixtures";

const workload = (input: WorkloadInput) => workloadSchema.parse(input);

describe("estimate: fit", () => {
  it("Llama 2 70B in fp16 (140 GB of weights) needs 2 × A100 80GB", () => {
    const one = estimate(A100_80GB, 1, workload({ model: "llama-2-70b", precision: "fp16" }));
    expect(one.fits).toBe(false);
    expect(one.memory.weightsGB).toBeCloseTo(137.9, 0); // 68.98e9 × 2 bytes
    expect(one.minGpusToFit).toBe(2);
    expect(one.bottleneck).toBe("memory-capacity");
    const two = estimate(A100_80GB, 2, workload({ model: "llama-2-70b", precision: "fp16" }));
    expect(two.fits).toBe(true);
    expect(two.reasons.join(" ")).toMatch(/Needs 2 GPUs/);
  });

  it("Llama 3.1 8B at 4-bit fits a 24 GB card with room to spare", () => {
    const e = estimate(RTX_4090, 1, workload({ model: "llama-3.1-8b", precision: "q4_k_m" }));
    expect(e.fits).toBe(true);
    expect(e.memory.perGpuGB).toBeLessThan(8);
    expect(e.engine).toBe("llama.cpp");
  });

  it("full fine-tuning of a 7B model with AdamW needs ~16 bytes per parameter before activations", () => {
    const e = estimate(A100_80GB, 1, workload({ task: "finetune", model: "llama-2-7b", method: "full", precision: "bf16", batchSize: 1, sequenceLength: 512 }));
    const state = e.memory.weightsGB + e.memory.gradientsGB + e.memory.optimizerGB;
    expect(state).toBeCloseTo((6_738_415_616 * 16) / 1e9, 0);
    expect(e.fits).toBe(false);
  });

  it("QLoRA stores the base model at ~4.1 bits, so a 70B model fits one 80 GB card at short context", () => {
    const e = estimate(A100_80GB, 1, workload({ task: "finetune", model: "llama-2-70b", method: "qlora", batchSize: 1, sequenceLength: 512 }));
    expect(e.memory.weightsGB).toBeLessThan(40);
    expect(e.fits).toBe(true);
  });

  it("Apple unified memory is not all usable by the GPU, and SoCs cannot be combined", () => {
    const e = estimate(M2_ULTRA, 1, workload({ model: "llama-3.1-8b" }));
    expect(e.memory.capacityGB).toBeCloseTo(144, 0); // 75% of 192 GB
    expect(estimate(M2_ULTRA, 2, workload({ model: "llama-3.1-8b" })).fits).toBe(false);
  });
});

describe("estimate: speed", () => {
  it("decode is bandwidth-bound at batch 1 and runs below bandwidth ÷ bytes per token", () => {
    const e = estimate(A100_80GB, 1, workload({ model: "llama-2-7b", precision: "fp16", promptTokens: 128, outputTokens: 128, engine: "vllm" }));
    expect(e.bottleneck).toBe("memory-bandwidth");
    // Upper bound: 2039 GB/s ÷ 13.5 GB of weights ≈ 151 tokens/s.
    expect(e.decodeTokensPerSecond!).toBeLessThan(151);
    expect(e.decodeTokensPerSecond!).toBeGreaterThan(60);
  });

  it("decode turns compute-bound as the batch grows", () => {
    const e = estimate(A100_80GB, 1, workload({ model: "llama-2-7b", precision: "fp16", batchSize: 1024, promptTokens: 16, outputTokens: 16, engine: "vllm" }));
    expect(e.bottleneck).toBe("compute");
    expect(e.throughputTokensPerSecond!).toBeGreaterThan(e.decodeTokensPerSecond! * 100);
  });

  it("prefill runs far faster per token than decode (it is compute-bound)", () => {
    const e = estimate(RTX_4090, 1, workload({ model: "llama-3.1-8b", precision: "fp16", promptTokens: 2048, outputTokens: 128 }));
    expect(e.prefillTokensPerSecond!).toBeGreaterThan(20 * e.decodeTokensPerSecond!);
    expect(e.timeToFirstTokenSeconds!).toBeGreaterThan(2048 / e.prefillTokensPerSecond!);
  });

  it("training time is 6 × parameters × tokens at the stated utilisation plus the memory-bound work of each step", () => {
    const e = estimate(A100_80GB, 8, workload({ task: "training", model: "llama-3.2-1b", precision: "bf16", trainingTokens: 1e10, sequenceLength: 2048, batchSize: 8 }));
    const flopsPerToken = Number(e.math.trainingFlopsPerToken);
    expect(flopsPerToken).toBeGreaterThan(6 * 1.23e9);
    const stepTokens = 8 * 2048;
    // Matrix work: step tokens × FLOPs per token ÷ (8 GPUs × 312 TFLOPS × MFU).
    expect(Number(e.math.stepComputeSeconds)).toBeCloseTo((stepTokens * flopsPerToken) / (8 * 312e12 * Number(e.math.mfu)), 6);
    const matmulOnlyHours = (1e10 * flopsPerToken) / (8 * 312e12 * Number(e.math.mfu)) / 3600;
    expect(e.hours!).toBeGreaterThan(matmulOnlyHours);
    const busy = Number(e.math.stepComputeSeconds) + Number(e.math.stepMemorySeconds);
    const step = busy + Math.max(0, Number(e.math.gradientAllReduceSeconds) - 0.7 * busy);
    expect(e.hours!).toBeCloseTo((1e10 / stepTokens) * step / 3600, 1);
    expect(e.costUsd).toBeNull(); // no cloud offers given
  });

  it("every speed carries a range around it and a confidence label", () => {
    const e = estimate(RTX_4090, 1, workload({ model: "mistral-7b", precision: "q4_0" }));
    const range = e.ranges.decodeTokensPerSecond;
    expect(range.low).toBeLessThan(e.decodeTokensPerSecond!);
    expect(range.high).toBeGreaterThan(e.decodeTokensPerSecond!);
    expect(["measured", "calibrated", "estimated"]).toContain(e.confidence);
    expect(estimate(RTX_4090, 1, workload({ model: "mistral-7b" }), { calibration: { bandwidthRatio: 0.9 } }).confidence).toBe("measured");
  });
});

describe("estimate: cost", () => {
  it("prices a run from the cheapest cloud offer, renting whole instances", () => {
    const offers = [
      { id: 1, provider: "A", instanceType: "8x", gpu: "a100-sxm4-80gb", gpuCount: 8, priceUsdPerHour: 16, spotPriceUsdPerHour: null, region: "r", observedAt: "2026-01-01", sourceUrl: "https://a.example/", notes: null, version: 1 },
      { id: 2, provider: "B", instanceType: "1x", gpu: "a100-sxm4-80gb", gpuCount: 1, priceUsdPerHour: 2.5, spotPriceUsdPerHour: null, region: "r", observedAt: "2026-01-01", sourceUrl: "https://b.example/", notes: null, version: 1 },
    ];
    const e = estimate(A100_80GB, 2, workload({ model: "llama-2-70b", precision: "fp16" }), { cloudOffers: offers });
    expect(e.costPerHourUsd).toBe(5); // 2 × $2.50 beats one $16 8-GPU instance
    expect(e.costPerMillionOutputTokensUsd).toBeCloseTo((5 / (e.throughputTokensPerSecond! * 3600)) * 1e6, 2);
  });

  it("buying: break-even hours = price ÷ (rent − electricity)", () => {
    const offers = [{ id: 1, provider: "A", instanceType: "g", gpu: "rtx-4090", gpuCount: 1, priceUsdPerHour: 0.69, spotPriceUsdPerHour: null, region: "r", observedAt: "2026-01-01", sourceUrl: "https://a.example/", notes: null, version: 1 }];
    const e = estimate(RTX_4090, 1, workload({ model: "llama-3.1-8b", precision: "q4_k_m" }), { cloudOffers: offers, cost: { electricityUsdPerKWh: 0.2, powerDrawFraction: 0.8 } });
    // electricity: 450 W × 0.8 × $0.20/kWh = $0.072/h; 1599 / (0.69 − 0.072) = 2587 h
    expect(e.purchase!.electricityUsdPerHour).toBeCloseTo(0.072, 6);
    expect(e.purchase!.breakEvenHours!).toBeCloseTo(2587.4, 0);
  });
});

const workloadArbitrary = fc.record({
  task: fc.constantFrom(...TASKS),
  model: fc.constantFrom("gpt2", "llama-3.2-1b", "llama-2-7b", "llama-3.1-8b", "mixtral-8x7b", "deepseek-v3", "gemma-2-9b", "resnet-50", "t5-base"),
  precision: fc.constantFrom(...PRECISIONS),
  batchSize: fc.integer({ min: 1, max: 512 }),
  promptTokens: fc.integer({ min: 0, max: 32_768 }),
  outputTokens: fc.integer({ min: 0, max: 8192 }),
  sequenceLength: fc.integer({ min: 1, max: 32_768 }),
  trainingTokens: fc.double({ min: 1, max: 1e13, noNaN: true }),
  method: fc.constantFrom("full", "lora", "qlora"),
  optimizer: fc.constantFrom("adamw", "adamw-8bit", "sgd"),
  gradientCheckpointing: fc.boolean(),
});

describe("estimate: properties", () => {
  it("every valid workload gives finite, non-negative numbers", () => {
    fc.assert(
      fc.property(workloadArbitrary, fc.constantFrom(A100_80GB, RTX_4090, M2_ULTRA), fc.constantFrom(1, 2, 4, 8), (input, gpu, count) => {
        const e = estimate(gpu, count, workloadSchema.parse(input));
        const numbers = [
          ...Object.values(e.memory),
          e.prefillTokensPerSecond,
          e.decodeTokensPerSecond,
          e.throughputTokensPerSecond,
          e.timeToFirstTokenSeconds,
          e.tokensPerSecond,
          e.samplesPerSecond,
          e.hours,
          e.energyKWh,
        ].filter((x): x is number => x != null);
        return numbers.every((x) => Number.isFinite(x) && x >= 0);
      }),
      { numRuns: 300 },
    );
  });

  it("more bandwidth never decodes slower", () => {
    fc.assert(
      fc.property(workloadArbitrary, fc.double({ min: 100, max: 5000, noNaN: true }), fc.double({ min: 1.01, max: 4, noNaN: true }), (input, bandwidth, factor) => {
        const w = workloadSchema.parse({ ...input, task: "inference" });
        const slow = estimate(withBandwidth(RTX_4090, bandwidth), 1, w).decodeTokensPerSecond;
        const fast = estimate(withBandwidth(RTX_4090, bandwidth * factor), 1, w).decodeTokensPerSecond;
        return slow == null || fast! >= slow;
      }),
      { numRuns: 200 },
    );
  });

  it("more parameters never need less memory", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e8, max: 5e11, noNaN: true }), fc.double({ min: 1.01, max: 3, noNaN: true }), fc.constantFrom(...TASKS), (parameters, factor, task) => {
        const small = estimate(A100_80GB, 1, workloadSchema.parse({ task, model: { parameters } }));
        const large = estimate(A100_80GB, 1, workloadSchema.parse({ task, model: { parameters: parameters * factor } }));
        return large.memory.totalGB >= small.memory.totalGB;
      }),
      { numRuns: 200 },
    );
  });

  it("more GPUs never lower per-GPU capacity, nor raise per-GPU memory", () => {
    fc.assert(
      fc.property(workloadArbitrary, (input) => {
        const w = workloadSchema.parse(input);
        const results = [1, 2, 4, 8].map((n) => estimate(A100_80GB, n, w));
        return results.every((e, i) => i === 0 || (e.memory.capacityGB >= results[i - 1].memory.capacityGB && e.memory.perGpuGB <= results[i - 1].memory.perGpuGB * 1.000001));
      }),
      { numRuns: 200 },
    );
  });
});
