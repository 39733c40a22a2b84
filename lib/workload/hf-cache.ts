import type { PrismaClient } from "@prisma/client";
import { HfConfigError, parseHfConfig } from "./hf-config";
import { fetchHfConfig, HfHubError, type HfFetchOptions } from "./hf-hub";
import { customModelSchema, type CustomModel } from "./schema";

/**
 * Hub lookups through the database: a config.json fetched once is kept (HfConfigCache) and served
 * to every node for HF_CACHE_MAX_AGE_DAYS; after that it is fetched again, and the stored copy is
 * still used while the Hub cannot be reached. Failed lookups are not stored.
 */
export const HF_CACHE_MAX_AGE_DAYS = 30;

export interface HubModel {
  id: string;
  model: CustomModel;
  source: "hub" | "cache";
  fetchedAt: string;
}

export async function lookupHubModel(prisma: PrismaClient, modelId: string, options: HfFetchOptions & { now?: Date } = {}): Promise<HubModel> {
  const now = options.now ?? new Date();
  const cached = await prisma.hfConfigCache.findUnique({ where: { modelId } });
  const fresh = cached && now.getTime() - cached.fetchedAt.getTime() < HF_CACHE_MAX_AGE_DAYS * 86_400_000;
  if (cached && fresh) return read(modelId, cached.config, "cache", cached.fetchedAt);
  let config: Record<string, unknown>;
  try {
    config = await fetchHfConfig(modelId, options);
  } catch (error) {
    if (cached && error instanceof HfHubError && (error.reason === "offline" || error.reason === "upstream")) return read(modelId, cached.config, "cache", cached.fetchedAt);
    throw error;
  }
  // Read before storing: a config the advisor cannot use is not cached.
  const result = read(modelId, config, "hub", now);
  await prisma.hfConfigCache.upsert({
    where: { modelId },
    create: { modelId, config: config as object, fetchedAt: now },
    update: { config: config as object, fetchedAt: now },
  });
  return result;
}

function read(modelId: string, config: unknown, source: HubModel["source"], fetchedAt: Date): HubModel {
  try {
    const model = customModelSchema.safeParse(parseHfConfig(config, modelId.split("/")[1]));
    if (!model.success) {
      const issue = model.error.issues[0];
      throw new HfConfigError(`config.json gives ${issue?.path.join(".") || "a shape"} the advisor cannot use (${issue?.message})`);
    }
    return { id: modelId, model: model.data, source, fetchedAt: fetchedAt.toISOString() };
  } catch (error) {
    if (error instanceof HfConfigError) throw new HfHubError(`"${modelId}": ${error.message}; the advisor reads decoder language models (Llama, Qwen, Mistral, Gemma, DeepSeek…)`, "unreadable");
    throw error;
  }
}
