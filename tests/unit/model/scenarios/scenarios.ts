import type { ConstraintsInput, Objective } from "@/lib/model/recommend";
import type { WorkloadInput } from "@/lib/workload/schema";

/**
 * Scenarios a practitioner would sign: a workload, constraints, why the right answer is what it
 * is, and what the best pick must satisfy. The assertions come from the hardware and the arithmetic
 * people do by hand (weights = parameters × bytes per weight; decode speed ≈ memory bandwidth ÷
 * bytes read per token; street prices of the cards that hold the model), never from the
 * advisor's output. docs/recommendations.md lists them as a table.
 */
export interface Expectation {
  /** Must the best pick meet the need (speed per user, time budget)? Default true. */
  meetsNeed?: boolean;
  /** Buying: the purchase price is at most this (USD). */
  maxPurchaseUsd?: number;
  /** Renting: the hourly price is at most this (USD/h). */
  maxUsdPerHour?: number;
  /** Only this way of getting it. */
  acquisition?: "buy" | "rent";
  /** Total cost over the horizon / of the run is at most this (USD). */
  maxHorizonCostUsd?: number;
  /** Per-user decode speed at least this (tokens/s). */
  minTokensPerSecond?: number;
  /** Per-user decode speed below this (tokens/s): for configurations that cannot be fast. */
  maxTokensPerSecond?: number;
  minGpus?: number;
  maxGpus?: number;
  segments?: string[];
  vendors?: string[];
  /** Offload options are listed, each below this speed per user (tokens/s). */
  offloadOptionsBelow?: number;
  /** The best pick holds at least this context (tokens per sequence). */
  minContextTokens?: number;
  /** Usable GPU memory of the whole configuration at least this (GB). */
  minTotalMemoryGB?: number;
  /** Training: the run takes at most this (hours). */
  maxHours?: number;
  /** Time to first token at most this (seconds). */
  maxTimeToFirstTokenSeconds?: number;
}

export interface Scenario {
  id: string;
  title: string;
  workload: WorkloadInput;
  constraints?: ConstraintsInput;
  objective?: Objective;
  rationale: string;
  expect: Expectation;
}

export const SCENARIOS: Scenario[] = [
  {
    id: "chat-8b-q4",
    title: "Personal chat, Llama 3.1 8B at Q4_K_M",
    workload: { model: "llama-3.1-8b", precision: "q4_k_m" },
    rationale:
      "About 4.9 GB of weights: any 8 GB card holds it and even a 300 GB/s card streams it at 40+ tokens/s. An entry-level card (about $250–550) or a sub-$0.75/h cloud GPU is all one person needs; anything bigger is money for nothing.",
    expect: { maxGpus: 1, maxPurchaseUsd: 800, maxUsdPerHour: 0.75, minTokensPerSecond: 20 },
  },
  {
    id: "chat-8b-fp16",
    title: "Personal chat, Llama 3.1 8B at 16-bit",
    workload: { model: "llama-3.1-8b", precision: "fp16" },
    rationale:
      "16 GB of weights need a 24 GB card (RTX 3090/4090, RX 7900 XTX) or a cheap cloud GPU; at about 1 TB/s that is 40–60 tokens/s. A B200 at $6.79/h for one reader is absurd: the best pick costs at most $2,500 to buy or $1/h to rent, on one GPU.",
    expect: { maxGpus: 1, maxPurchaseUsd: 2500, maxUsdPerHour: 1, minTokensPerSecond: 20 },
  },
  {
    id: "chat-8b-fp16-buy",
    title: "Personal chat, 8B at 16-bit, buying",
    workload: { model: "llama-3.1-8b", precision: "fp16" },
    constraints: { mode: "buy" },
    rationale:
      "Buying for home use: 16.1 GB of weights need 17+ GB of consumer GPU memory, one 20–32 GB card or two 12–16 GB cards with the layers split; no workstation or data-center part, nothing over $2,500, and at least 20 tokens/s.",
    expect: { acquisition: "buy", maxGpus: 2, maxPurchaseUsd: 2500, segments: ["consumer"], minTokensPerSecond: 20, minTotalMemoryGB: 17 },
  },
  {
    id: "chat-70b-q4",
    title: "Personal chat, Llama 3.1 70B at Q4_K_M",
    workload: { model: "llama-3.1-70b", precision: "q4_k_m" },
    rationale:
      "About 43 GB of weights: a 48 GB card, two 24 GB cards or one 80–96 GB cloud GPU. Reading speed (10 tokens/s) needs ≥ 600 GB/s over those 43 GB. Two used-class 24 GB cards or a $1–3/h single cloud GPU do it.",
    expect: { maxGpus: 2, maxPurchaseUsd: 5000, maxUsdPerHour: 3, minTokensPerSecond: 10, minTotalMemoryGB: 44 },
  },
  {
    id: "chat-70b-q4-buy",
    title: "Personal chat, 70B at Q4_K_M, buying",
    workload: { model: "llama-3.1-70b", precision: "q4_k_m" },
    constraints: { mode: "buy" },
    rationale: "The classic home build: two 24–32 GB consumer cards with the layers split between them (llama.cpp), under $5,000, at reading speed or better.",
    expect: { acquisition: "buy", maxGpus: 2, maxPurchaseUsd: 5000, segments: ["consumer", "workstation"], minTokensPerSecond: 10 },
  },
  {
    id: "chat-70b-fp16-rent",
    title: "Personal chat, 70B at 16-bit, renting",
    workload: { model: "llama-3.1-70b", precision: "fp16" },
    constraints: { mode: "rent" },
    rationale:
      "141 GB of weights: one 180 GB B200 or a multi-GPU data-center box. Nothing under $5/h holds it; a practitioner rents the cheapest single machine that does, at most about $25/h, and gets well over reading speed from HBM.",
    expect: { acquisition: "rent", maxUsdPerHour: 25, segments: ["datacenter"], minTokensPerSecond: 10, minTotalMemoryGB: 150 },
  },
  {
    id: "coding-32b-32k",
    title: "Coding assistant, Qwen2.5 32B at Q4_K_M with 32k context",
    workload: { model: "qwen2.5-32b", precision: "q4_k_m", promptTokens: 30000, outputTokens: 2000 },
    rationale:
      "About 19.8 GB of weights plus 8 GB of KV cache for 32k tokens: a 32 GB card or an 48–96 GB cloud GPU, single GPU. The whole 32k context must fit, and code completion wants reading speed at least.",
    expect: { maxGpus: 1, maxPurchaseUsd: 2500, maxUsdPerHour: 3, minTokensPerSecond: 10, minContextTokens: 32000 },
  },
  {
    id: "rag-8b-16k",
    title: "RAG over long documents, 8B at 16-bit, 16k-token prompts",
    workload: { model: "llama-3.1-8b", precision: "fp16", promptTokens: 16000, outputTokens: 500 },
    rationale:
      "A 16k prompt adds 2 GB of KV cache to 16 GB of weights: still one 24 GB card. Prefill of 16k tokens is about 0.26 PFLOP: a 4090-class GPU does it in a second or two, so the first token comes within 10 s.",
    expect: { maxGpus: 1, maxPurchaseUsd: 2500, maxUsdPerHour: 1.5, minTokensPerSecond: 20, minContextTokens: 16500, maxTimeToFirstTokenSeconds: 10 },
  },
  {
    id: "serve-8b-32-users",
    title: "Serving Llama 3.1 8B (16-bit) to 32 concurrent users at 20 tokens/s each",
    workload: { model: "llama-3.1-8b", precision: "fp16", batchSize: 32 },
    constraints: { targetTokensPerSecond: 20 },
    rationale:
      "Batched decode reads the 16 GB of weights once per step for all 32 users, so one fast card (≥ 1 TB/s) gives each user far more than 20 tokens/s; KV for 32 × 768 tokens is 3 GB. One or two GPUs, no 8-GPU server.",
    expect: { maxGpus: 2, minTokensPerSecond: 20, minTotalMemoryGB: 20 },
  },
  {
    id: "serve-70b-fp8-64-users",
    title: "Serving Llama 3.1 70B (FP8) to 64 users at 15 tokens/s each",
    workload: { model: "llama-3.1-70b", precision: "fp8", batchSize: 64 },
    constraints: { targetTokensPerSecond: 15 },
    rationale: "70 GB of FP8 weights plus 64 users' KV cache: at least 80 GB across the GPUs, and every user must still see 15 tokens/s.",
    expect: { maxGpus: 8, minTokensPerSecond: 15, minTotalMemoryGB: 80 },
  },
  {
    id: "qlora-8b",
    title: "QLoRA fine-tune of Llama 3.1 8B, 100M tokens",
    workload: { task: "finetune", model: "llama-3.1-8b", method: "qlora", batchSize: 4, trainingTokens: 1e8 },
    rationale:
      "A 4-bit base (4.3 GB) plus adapters and activations fits one 24–96 GB GPU. 100M tokens × ≈ 4 × 8B FLOPs (frozen base: no weight gradients) = 3.2e18 FLOPs: a few hours on one data-center GPU, about a day on a 4090. One GPU under $3/h and a run under $50; eight B200s at $53.52/h for this is waste.",
    expect: { maxGpus: 1, maxUsdPerHour: 3, maxPurchaseUsd: 2500, maxHorizonCostUsd: 50 },
  },
  {
    id: "lora-8b",
    title: "LoRA (16-bit base) fine-tune of Llama 3.1 8B, 100M tokens",
    workload: { task: "finetune", model: "llama-3.1-8b", method: "lora", trainingTokens: 1e8 },
    rationale: "16 GB base + activations: one 40–96 GB GPU rented for a few hours; the run costs tens of dollars, not hundreds.",
    expect: { maxGpus: 1, maxUsdPerHour: 4, maxHorizonCostUsd: 60 },
  },
  {
    id: "full-ft-8b",
    title: "Full fine-tune of Llama 3.1 8B, 1B tokens",
    workload: { task: "finetune", model: "llama-3.1-8b", method: "full", trainingTokens: 1e9 },
    rationale:
      "Mixed-precision AdamW needs 16 bytes per parameter: 128 GB before activations, so 180 GB of one B200 or a sharded (FSDP) multi-GPU box. 6 × 8B × 1e9 = 4.8e19 FLOPs ≈ 15–35 GPU-hours on Hopper/Blackwell at 40% MFU: rent it, for a few hundred dollars at most.",
    expect: { acquisition: "rent", segments: ["datacenter"], maxHorizonCostUsd: 600, minTotalMemoryGB: 140 },
  },
  {
    id: "full-ft-8b-24h",
    title: "Full fine-tune of 8B, 1B tokens, within 24 hours",
    workload: { task: "finetune", model: "llama-3.1-8b", method: "full", trainingTokens: 1e9 },
    constraints: { maxHours: 24 },
    rationale: "The time budget is a need: whatever is picked must finish within 24 h, which one B200 or a multi-GPU Hopper box does; cost stays in the hundreds of dollars.",
    expect: { maxHours: 24, segments: ["datacenter"], maxHorizonCostUsd: 1000 },
  },
  {
    id: "pretrain-1b",
    title: "Pre-training a 1B model on 20B tokens within a week",
    workload: { task: "training", model: "llama-3.2-1b", trainingTokens: 2e10 },
    constraints: { maxHours: 168 },
    rationale:
      "Chinchilla-style 20 tokens per parameter: 6 × 1.2e9 × 2e10 ≈ 1.5e20 FLOPs, about 100 H100-hours at 40% MFU. Within a week that is one to eight data-center GPUs, rented, for well under $3,000.",
    expect: { maxHours: 168, acquisition: "rent", segments: ["datacenter"], maxHorizonCostUsd: 3000 },
  },
  {
    id: "vision-resnet50",
    title: "Training ResNet-50 for 100 ImageNet epochs (128M images)",
    workload: { task: "training", model: "resnet-50", trainingTokens: 1.28e8, batchSize: 256 },
    rationale:
      "ResNet-50 is small (25M parameters, 4 GFLOP per image); a 4090-class GPU trains ~1,000+ images/s, so 100 epochs take about a day on one card or hours on eight. Renting that costs tens of dollars: the best pick's run costs under $100.",
    expect: { maxHorizonCostUsd: 100, maxGpus: 8 },
  },
  {
    id: "vision-resnet50-buy",
    title: "Training ResNet-50 for 100 ImageNet epochs on a card you buy",
    workload: { task: "training", model: "resnet-50", trainingTokens: 1.28e8, batchSize: 256 },
    constraints: { mode: "buy" },
    rationale:
      "4 GFLOP forward × 3 for training × 128M images ≈ 1.6e18 FLOPs: a few days on any modern 12–16 GB consumer card. Without a stated deadline the run should still finish within a week (the default time budget), not take a month on the cheapest card; no workstation or data-center part is needed, and it costs under $1,500.",
    expect: { acquisition: "buy", maxHours: 168, segments: ["consumer"], maxPurchaseUsd: 1500 },
  },
  {
    id: "diffusion-sdxl",
    title: "Image generation with Stable Diffusion XL (16-bit)",
    workload: { model: "sdxl", precision: "fp16" },
    rationale: "The 2.6B UNet is 5.1 GB at 16-bit: every 8 GB+ consumer card runs it; one consumer GPU or a cheap cloud GPU, not a data-center part.",
    expect: { maxGpus: 1, maxPurchaseUsd: 2000, maxUsdPerHour: 1 },
  },
  {
    id: "apple-8b-q4",
    title: "Apple only: 8B at Q4_K_M on a Mac",
    workload: { model: "llama-3.1-8b", precision: "q4_k_m" },
    constraints: { vendors: ["apple"] },
    rationale:
      "4.9 GB of weights fit in the GPU share of any 16 GB Mac; M-series bandwidth (68–800 GB/s) gives 10–100 tokens/s. The pick must fit the GPU-usable memory outright, with no offload.",
    expect: { vendors: ["apple"], segments: ["apple-silicon"], maxGpus: 1, minTokensPerSecond: 10 },
  },
  {
    id: "apple-70b-q4",
    title: "Apple only: 70B at Q4_K_M on a Mac",
    workload: { model: "llama-3.1-70b", precision: "q4_k_m" },
    constraints: { vendors: ["apple"] },
    rationale:
      "43 GB of weights exceed the GPU share of a 36–48 GB Mac; a 64 GB+ Mac holds it. Reading speed needs ≥ ~550 GB/s over those bytes, so a Max with 64+ GB is borderline and an Ultra is the safe pick: the best pick has at least 64 GB and runs fully on the GPU.",
    expect: { vendors: ["apple"], minTotalMemoryGB: 48, minTokensPerSecond: 10 },
  },
  {
    id: "amd-8b-fp16",
    title: "AMD only: 8B at 16-bit",
    workload: { model: "llama-3.1-8b", precision: "fp16" },
    constraints: { vendors: ["amd"] },
    rationale:
      "16.1 GB of weights: one 20–24 GB Radeon (RX 7900 XT/XTX, $899–999) or two 16 GB ones with the layers split; consumer Radeons stream 600–960 GB/s, so 20+ tokens/s, well under $1,500.",
    expect: { vendors: ["amd"], maxGpus: 2, maxPurchaseUsd: 1500, minTokensPerSecond: 20, minTotalMemoryGB: 17 },
  },
  {
    id: "amd-70b-q4",
    title: "AMD only: 70B at Q4_K_M",
    workload: { model: "llama-3.1-70b", precision: "q4_k_m" },
    constraints: { vendors: ["amd"] },
    rationale: "AMD's consumer cards top out at 24 GB: two RX 7900 XTX (48 GB, $2,000) hold 43 GB of weights at reading speed; no more than four cards, under $4,000.",
    expect: { vendors: ["amd"], maxGpus: 4, maxPurchaseUsd: 4000, minTokensPerSecond: 10 },
  },
  {
    id: "budget-buy-500",
    title: "Tight purchase budget: 8B at Q4_K_M for at most $500",
    workload: { model: "llama-3.1-8b", precision: "q4_k_m" },
    constraints: { budgetUsd: 500 },
    rationale: "A purchase budget means buying: an 8–16 GB entry card under $500 runs 4.9 GB of weights at 30+ tokens/s.",
    expect: { acquisition: "buy", maxPurchaseUsd: 500, maxGpus: 1, segments: ["consumer"], minTokensPerSecond: 20 },
  },
  {
    id: "budget-rent-050",
    title: "Tight rental budget: 8B at 16-bit for at most $0.50/h",
    workload: { model: "llama-3.1-8b", precision: "fp16" },
    constraints: { budgetUsdPerHour: 0.5 },
    rationale: "An hourly budget means renting; only community-cloud consumer GPUs are this cheap, and a 24 GB one runs the model at 40+ tokens/s.",
    expect: { acquisition: "rent", maxUsdPerHour: 0.5, maxGpus: 1, minTokensPerSecond: 20 },
  },
  {
    id: "budget-70b-1000",
    title: "70B at Q4_K_M on a $1,000 budget",
    workload: { model: "llama-3.1-70b", precision: "q4_k_m" },
    constraints: { budgetUsd: 1000 },
    rationale:
      "No card under $1,000 holds 43 GB; only several cheap 12–16 GB cards together do, and cheap cards have 300–650 GB/s, so 43 GB per token gives about 5–10 tokens/s at best. llama.cpp offload of one card to dual-channel DDR5 (~77 GB/s for ~20 GB) is slower still (2–5 tokens/s). The advisor must say the need is missed, not pretend, and list the offload options with their speed.",
    expect: { acquisition: "buy", maxPurchaseUsd: 1000, meetsNeed: false, maxTokensPerSecond: 10, offloadOptionsBelow: 10 },
  },
  {
    id: "chat-8b-fp16-slow-ok",
    title: "8B at 16-bit for at most $700 when 5 tokens/s is enough",
    workload: { model: "llama-3.1-8b", precision: "fp16" },
    constraints: { mode: "buy", budgetUsd: 700, targetTokensPerSecond: 5 },
    rationale:
      "16.1 GB of weights overflow every card under $700 (at most 16 GB), but two 12 GB cards ($329–549 each at launch) hold it with the layers split, well above 5 tokens/s. A 16 GB card with CPU offload also runs it, but does not hold the model: it ranks below a configuration that does.",
    expect: { acquisition: "buy", maxPurchaseUsd: 700, minTokensPerSecond: 5, minTotalMemoryGB: 17 },
  },
];
