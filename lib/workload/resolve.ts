import { findPreset, type ModelPreset } from "./presets";
import type { CustomModel, Engine, Method, Precision, Workload } from "./schema";

/** A model with every architecture number the estimates need, derived ones named in `assumptions`. */
export interface ModelSpec {
  id: string;
  name: string;
  kind: ModelPreset["kind"];
  parameters: number;
  /** Parameters used per token (MoE: the active experts); equals `parameters` for dense models. */
  activeParameters: number;
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  vocabSize: number;
  intermediateSize: number;
  experts: number;
  expertsPerToken: number;
  /** MLA (DeepSeek): values cached per token per layer = kvLoraRank + qkRopeHeadDim. */
  kvLoraRank: number | null;
  qkRopeHeadDim: number | null;
  slidingWindow: number | null;
  /** Hybrid attention (Gemma 3 5:1, gpt-oss 1:1): layers using the window; null = all layers when slidingWindow is set. */
  slidingWindowLayers: number | null;
  /** One matrix serves as embedding and LM head. */
  tiedEmbeddings: boolean;
  /** MoE: parameters in the expert MLPs, where known. */
  expertParameters: number | null;
  /** The longest context the model supports (its model card or config), where known: no configuration offers more. */
  maxContext: number | null;
  /** Vision and diffusion models: forward FLOPs per sample. */
  flopsPerSample: number | null;
  sampleUnit: string;
  sources: Record<string, string>;
  assumptions: string[];
}

export interface ResolvedWorkload extends Omit<Workload, "model" | "precision" | "method" | "engine" | "gradientCheckpointing"> {
  model: ModelSpec;
  precision: Precision;
  method: Method;
  /**
   * Activation checkpointing. Default on for LoRA/QLoRA: the common recipes turn it on (torchtune's
   * LoRA/QLoRA configs `enable_activation_checkpointing: True`, Hugging Face PEFT's
   * prepare_model_for_kbit_training `use_gradient_checkpointing=True`), off for full training.
   */
  gradientCheckpointing: boolean;
  /** The engine the user chose, or null (then lib/model picks one per GPU). */
  engine: Engine | null;
}

/**
 * Architecture from a parameter count alone, assuming the shape of the Llama family:
 * P ≈ 12·L·d² (Kaplan et al. 2020, eq. 2.1) with an aspect ratio d/L ≈ 128 (Llama 2 7B: 4096/32).
 * Example: 7e9 parameters → d = (128·7e9/12)^(1/3) ≈ 4210, L = d/128 ≈ 32.9.
 * Kept fractional (not rounded to whole layers) so that a larger model never gets a smaller KV
 * cache or activation estimate.
 */
export function shapeFromParameters(parameters: number): { layers: number; hiddenSize: number } {
  const hidden = Math.cbrt((128 * parameters) / 12);
  return { layers: hidden / 128, hiddenSize: hidden };
}

function specFromPreset(p: ModelPreset): ModelSpec {
  const assumptions: string[] = [];
  const isTransformer = p.layers !== undefined && p.hiddenSize !== undefined;
  const shape = isTransformer ? { layers: p.layers!, hiddenSize: p.hiddenSize! } : shapeFromParameters(p.parameters);
  const heads = p.attentionHeads ?? Math.max(1, Math.round(shape.hiddenSize / 128));
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    parameters: p.parameters,
    activeParameters: p.activeParameters ?? p.parameters,
    layers: shape.layers,
    hiddenSize: shape.hiddenSize,
    attentionHeads: heads,
    kvHeads: p.kvHeads ?? heads,
    headDim: p.headDim ?? Math.round(shape.hiddenSize / heads),
    vocabSize: p.vocabSize ?? 0,
    intermediateSize: p.intermediateSize ?? 4 * shape.hiddenSize,
    experts: p.experts ?? 1,
    expertsPerToken: p.expertsPerToken ?? 1,
    kvLoraRank: p.kvLoraRank ?? null,
    qkRopeHeadDim: p.qkRopeHeadDim ?? null,
    slidingWindow: p.slidingWindow ?? null,
    slidingWindowLayers: p.slidingWindowLayers ?? null,
    tiedEmbeddings: p.tiedEmbeddings ?? false,
    expertParameters: p.expertParameters ?? null,
    maxContext: p.maxContext ?? null,
    flopsPerSample: p.flopsPerSample ?? null,
    sampleUnit: p.sampleUnit ?? "token",
    sources: p.sources,
    assumptions,
  };
}

function specFromCustom(m: CustomModel): ModelSpec {
  const assumptions: string[] = [];
  let shape = { layers: m.layers ?? 0, hiddenSize: m.hiddenSize ?? 0 };
  if (!m.layers || !m.hiddenSize) {
    const derived = shapeFromParameters(m.parameters);
    shape = { layers: m.layers ?? derived.layers, hiddenSize: m.hiddenSize ?? derived.hiddenSize };
    assumptions.push(
      `Architecture not given: assumed a Llama-like shape for ${(m.parameters / 1e9).toFixed(1)}B parameters (about ${Math.round(shape.layers)} layers, hidden size about ${Math.round(shape.hiddenSize)}).`,
    );
  }
  // Without a head count, assume 128-wide heads (fractional for derived shapes, see shapeFromParameters).
  const heads = m.attentionHeads ?? shape.hiddenSize / 128;
  if (m.kvHeads === undefined) assumptions.push("KV heads not given: assumed full multi-head attention (as many KV heads as attention heads), the largest KV cache.");
  return {
    id: "custom",
    name: m.name ?? `Custom ${(m.parameters / 1e9).toFixed(m.parameters < 1e10 ? 1 : 0)}B model`,
    kind: "llm",
    parameters: m.parameters,
    activeParameters: m.activeParameters ?? m.parameters,
    layers: shape.layers,
    hiddenSize: shape.hiddenSize,
    attentionHeads: heads,
    kvHeads: m.kvHeads ?? heads,
    headDim: m.headDim ?? (m.attentionHeads ? Math.round(shape.hiddenSize / heads) : 128),
    vocabSize: m.vocabSize ?? 32_000,
    intermediateSize: m.intermediateSize ?? Math.round((8 / 3) * shape.hiddenSize),
    experts: m.experts ?? 1,
    expertsPerToken: m.expertsPerToken ?? 1,
    kvLoraRank: m.kvLoraRank ?? null,
    qkRopeHeadDim: m.qkRopeHeadDim ?? null,
    slidingWindow: m.slidingWindow ?? null,
    slidingWindowLayers: m.slidingWindowLayers ?? null,
    tiedEmbeddings: m.tiedEmbeddings ?? false,
    expertParameters: m.expertParameters ?? null,
    maxContext: null,
    flopsPerSample: null,
    sampleUnit: "token",
    sources: {},
    assumptions,
  };
}

export function resolveModel(model: Workload["model"]): ModelSpec {
  if (typeof model === "string") {
    const preset = findPreset(model);
    if (!preset) throw new Error(`unknown model preset "${model}"`);
    return specFromPreset(preset);
  }
  return specFromCustom(model);
}

/** Applies the task-dependent defaults: precision bf16 (4-bit for QLoRA), method full for training and LoRA for fine-tuning. */
export function resolveWorkload(workload: Workload): ResolvedWorkload {
  const method: Method = workload.task === "inference" ? "full" : (workload.method ?? (workload.task === "finetune" ? "lora" : "full"));
  const precision: Precision = workload.precision ?? (method === "qlora" ? "int4" : "bf16");
  const gradientCheckpointing = workload.gradientCheckpointing ?? (workload.task !== "inference" && method !== "full");
  return { ...workload, model: resolveModel(workload.model), precision, method, engine: workload.engine ?? null, gradientCheckpointing };
}
