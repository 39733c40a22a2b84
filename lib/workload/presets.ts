import { z } from "zod";
import presetData from "./presets.json";

/**
 * Model presets: architecture numbers from each model's public config.json (URL in `sources`).
 * Loaded from presets.json and validated once.
 */
export const MODEL_KINDS = ["llm", "encoder", "encoder-decoder", "vision", "diffusion"] as const;

const int = z.number().int().positive();
export const presetSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(MODEL_KINDS),
  parameters: z.number().positive(),
  activeParameters: z.number().positive().optional(),
  layers: int.optional(),
  hiddenSize: int.optional(),
  attentionHeads: int.optional(),
  kvHeads: int.optional(),
  headDim: int.optional(),
  vocabSize: int.optional(),
  intermediateSize: int.optional(),
  experts: int.optional(),
  expertsPerToken: int.optional(),
  sharedExperts: int.optional(),
  moeIntermediateSize: int.optional(),
  attention: z.enum(["mha", "gqa", "mqa", "mla"]).optional(),
  kvLoraRank: int.optional(),
  qkRopeHeadDim: int.optional(),
  slidingWindow: int.optional(),
  /** Hybrid attention: layers that use the window; the others attend over the whole context. */
  slidingWindowLayers: int.optional(),
  tiedEmbeddings: z.boolean().optional(),
  /** MoE: parameters in the expert MLPs. */
  expertParameters: z.number().positive().optional(),
  maxContext: int.optional(),
  flopsPerSample: z.number().positive().optional(),
  sampleUnit: z.string().optional(),
  sources: z.record(z.string(), z.string()),
  notes: z.string().optional(),
});
export type ModelPreset = z.infer<typeof presetSchema>;

export const PRESETS: readonly ModelPreset[] = z.array(presetSchema).parse(presetData);
const byId = new Map(PRESETS.map((p) => [p.id, p]));

export function findPreset(id: string): ModelPreset | undefined {
  return byId.get(id);
}

export const PRESET_IDS = PRESETS.map((p) => p.id);
