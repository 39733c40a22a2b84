import { z } from "zod";
import { HfConfigError, parseHfConfig } from "./hf-config";
import { findPreset, PRESET_IDS } from "./presets";

/**
 * The workload: one zod schema shared by the CLI, the API and the questionnaire.
 * Every field a user may omit has a default (resolved in lib/workload/resolve.ts, where
 * defaults depend on the task).
 */
export const PRECISIONS = ["fp32", "fp16", "bf16", "fp8", "int8", "int4", "q8_0", "q6_k", "q5_k_m", "q4_k_m", "q4_0", "mxfp4", "nvfp4"] as const;
export const TASKS = ["inference", "training", "finetune"] as const;
export const METHODS = ["full", "lora", "qlora"] as const;
export const OPTIMIZERS = ["adamw", "adamw-8bit", "sgd"] as const;
export const ENGINES = ["llama.cpp", "vllm", "pytorch", "tensorrt-llm", "mlx", "sglang", "exllamav2", "transformers", "mlc", "autoawq"] as const;

export type Precision = (typeof PRECISIONS)[number];
export type Task = (typeof TASKS)[number];
export type Method = (typeof METHODS)[number];
export type Optimizer = (typeof OPTIMIZERS)[number];
export type Engine = (typeof ENGINES)[number];

/**
 * llama.cpp's GPU backends. Each vendor has its own (CUDA, ROCm/HIP, Metal, SYCL); Vulkan runs on
 * all but Apple and is often what AMD and Intel users have, at different speeds (llama.cpp PR
 * 5835: an RX 6700 XT decoded Mistral 7B Q4_0 at 58.97 tokens/s on ROCm, 23.68 on Vulkan).
 */
export const LLAMA_CPP_BACKENDS = ["cuda", "rocm", "vulkan", "metal", "sycl"] as const;
export type LlamaCppBackend = (typeof LLAMA_CPP_BACKENDS)[number];

const count = (max: number) => z.number().int().positive().max(max);

/** A model described by its architecture (all but `parameters` optional: they are derived when absent). */
export const customModelSchema = z
  .object({
    name: z.string().trim().max(120).optional(),
    parameters: z.number().finite().min(1e5).max(1e13),
    layers: count(1000).optional(),
    hiddenSize: count(100_000).optional(),
    attentionHeads: count(1000).optional(),
    kvHeads: count(1000).optional(),
    headDim: count(2048).optional(),
    vocabSize: count(10_000_000).optional(),
    intermediateSize: count(1_000_000).optional(),
    activeParameters: z.number().finite().min(1e5).max(1e13).optional(),
    experts: count(4096).optional(),
    expertsPerToken: count(4096).optional(),
    kvLoraRank: count(100_000).optional(),
    qkRopeHeadDim: count(10_000).optional(),
    slidingWindow: count(10_000_000).optional(),
    /** Hybrid attention: how many layers use the sliding window (the rest attend globally); all when absent. */
    slidingWindowLayers: count(1000).optional(),
    /** One matrix serves as embedding and LM head (tie_word_embeddings). */
    tiedEmbeddings: z.boolean().optional(),
    /** MoE: parameters in the expert MLPs (what 4-bit float MoE checkpoints quantize). */
    expertParameters: z.number().finite().min(1e5).max(1e13).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.activeParameters !== undefined && m.activeParameters > m.parameters) {
      ctx.addIssue({ code: "custom", path: ["activeParameters"], message: "active parameters cannot exceed total parameters" });
    }
    if (m.kvHeads !== undefined && m.attentionHeads !== undefined && m.kvHeads > m.attentionHeads) {
      ctx.addIssue({ code: "custom", path: ["kvHeads"], message: "kvHeads cannot exceed attentionHeads" });
    }
    if (m.slidingWindowLayers !== undefined && m.layers !== undefined && m.slidingWindowLayers > m.layers) {
      ctx.addIssue({ code: "custom", path: ["slidingWindowLayers"], message: "slidingWindowLayers cannot exceed layers" });
    }
    if (m.expertParameters !== undefined && m.expertParameters > m.parameters) {
      ctx.addIssue({ code: "custom", path: ["expertParameters"], message: "expert parameters cannot exceed total parameters" });
    }
    if (m.expertsPerToken !== undefined && m.experts !== undefined && m.expertsPerToken > m.experts) {
      ctx.addIssue({ code: "custom", path: ["expertsPerToken"], message: "expertsPerToken cannot exceed experts" });
    }
  });
export type CustomModel = z.infer<typeof customModelSchema>;

export const presetIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .refine((id) => findPreset(id) !== undefined, { message: `unknown model preset; one of: ${PRESET_IDS.join(", ")}` });

/** A pasted Hugging Face config.json, read into a custom model (see lib/workload/hf-config.ts). */
export const hfConfigModelSchema = z
  .object({ name: z.string().trim().max(120).optional(), hfConfig: z.record(z.string(), z.unknown()) })
  .strict()
  .transform((value, ctx) => {
    try {
      return parseHfConfig(value.hfConfig, value.name);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["hfConfig"], message: error instanceof HfConfigError ? error.message : "unreadable config.json" });
      return z.NEVER;
    }
  })
  .pipe(customModelSchema);

export const workloadSchema = z
  .object({
    task: z.enum(TASKS).default("inference"),
    model: z.union([presetIdSchema, customModelSchema, hfConfigModelSchema]),
    precision: z.enum(PRECISIONS).optional(),
    batchSize: count(4096).default(1),
    promptTokens: z.number().int().min(0).max(2_000_000).default(512),
    outputTokens: z.number().int().min(0).max(2_000_000).default(256),
    sequenceLength: count(2_000_000).default(2048),
    /** Training tokens (or samples, for vision and diffusion models) processed in the whole run. */
    trainingTokens: z.number().finite().positive().max(1e15).default(1e9),
    method: z.enum(METHODS).optional(),
    optimizer: z.enum(OPTIMIZERS).default("adamw"),
    /** Activation (gradient) checkpointing; default: on for LoRA/QLoRA (what common recipes do), off for full training. */
    gradientCheckpointing: z.boolean().optional(),
    engine: z.enum(ENGINES).optional(),
    /** LoRA rank (lora/qlora). */
    loraRank: count(1024).default(16),
    /** ZeRO/FSDP stage for multi-GPU training: 0 = plain data parallel … 3 = fully sharded. */
    zeroStage: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
    /** Multi-GPU inference split: tensor parallel (vLLM, TensorRT-LLM) or pipeline/layer split (llama.cpp, MLX). */
    parallelism: z.enum(["tensor", "pipeline"]).optional(),
    /** llama.cpp's GPU backend; default: the GPU vendor's own (CUDA, ROCm, Metal, SYCL). Ignored by other engines. */
    backend: z.enum(LLAMA_CPP_BACKENDS).optional(),
    /**
     * Convnet training: the activation layout. "nhwc" is PyTorch's channels_last (what NVIDIA's
     * ResNet-50 recipe sets); default "nchw", PyTorch's own default, whose mixed-precision
     * convolutions pay for cuDNN's layout transposes. Ignored for other models and for FP32.
     */
    memoryFormat: z.enum(["nchw", "nhwc"]).optional(),
  })
  .strict();

export type WorkloadInput = z.input<typeof workloadSchema>;
export type Workload = z.output<typeof workloadSchema>;
