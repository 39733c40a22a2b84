import { readCapped } from "../read-capped";
import { z } from "zod";
import { parseHfConfig } from "./hf-config";
import type { CustomModel } from "./schema";

/**
 * Fetches a model's config.json from the Hugging Face Hub and reads it with parseHfConfig. The
 * host is fixed by configuration (ADVISOR_HF_ENDPOINT, else HF_ENDPOINT, else huggingface.co):
 * visitors name a model, never a host. At most HF_CONFIG_MAX_BYTES are read, within a 5 s timeout.
 * Every failure is an HfHubError whose `reason` says what happened and whose message says what to
 * do instead (paste the config.json, pick a preset).
 */
export const HF_CONFIG_MAX_BYTES = 1024 * 1024;
export const HF_TIMEOUT_MS = 5000;

const ID = /^[A-Za-z0-9][\w.-]{0,95}\/[\w.-]{1,96}$/;

export const hfModelIdSchema = z
  .string()
  .trim()
  .regex(ID, 'expected a Hugging Face model id such as "meta-llama/Llama-3.1-8B"')
  .refine((id) => !id.split("/").some((part) => part === "." || part === ".." || part.includes("..")), { message: "a model id has no '..'" });

/**
 * A model id, or a Hugging Face URL naming one ("https://huggingface.co/Qwen/Qwen3-8B",
 * ".../tree/main", ".../blob/main/config.json"), read as the id "Qwen/Qwen3-8B".
 */
export const hfModelRefSchema = z
  .string()
  .trim()
  .min(1, "enter a Hugging Face model id or URL")
  .max(300)
  .transform((text) => {
    const url = /^https?:\/\/(?:www\.)?(?:huggingface\.co|hf\.co)\/([^/?#\s]+)\/([^/?#\s]+)/i.exec(text);
    return url ? `${url[1]}/${url[2]}` : text;
  })
  .pipe(hfModelIdSchema);

/** The query of GET /api/v1/models/hub. */
export const hubQuerySchema = z.object({ id: hfModelRefSchema }).strict();

export type HfHubFailure = "offline" | "gated" | "unknown" | "unreadable" | "too-large" | "upstream";

export class HfHubError extends Error {
  constructor(
    message: string,
    readonly reason: HfHubFailure,
  ) {
    super(message);
  }
}

export interface HfFetchOptions {
  endpoint?: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  token?: string;
}

/** The Hub host this server asks: ADVISOR_HF_ENDPOINT, else HF_ENDPOINT (a mirror), else https://huggingface.co. */
export function hfEndpoint(): string {
  return (process.env.ADVISOR_HF_ENDPOINT?.trim() || process.env.HF_ENDPOINT?.trim() || "https://huggingface.co").replace(/\/+$/, "");
}

/** The raw config.json object of a model on the Hub. */
export async function fetchHfConfig(id: string, options: HfFetchOptions = {}): Promise<Record<string, unknown>> {
  const modelId = hfModelIdSchema.parse(id);
  const endpoint = (options.endpoint ?? hfEndpoint()).replace(/\/+$/, "");
  const url = `${endpoint}/${modelId}/resolve/main/config.json`;
  const token = options.token ?? process.env.HF_TOKEN;
  const signal = AbortSignal.timeout(options.timeoutMs ?? HF_TIMEOUT_MS);
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, { signal, redirect: "follow", headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? "timed out" : "no connection";
    throw new HfHubError(`could not reach the Hugging Face Hub (${reason}); paste the model's config.json instead, or pick a preset`, "offline");
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new HfHubError(`"${modelId}" is gated or private on the Hugging Face Hub; paste its config.json instead`, "gated");
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new HfHubError(`no model "${modelId}" on the Hugging Face Hub (or it has no config.json); check the id`, "unknown");
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new HfHubError(`the Hugging Face Hub answered ${response.status} for "${modelId}"; try again later or paste its config.json`, "upstream");
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  const tooLarge = () => new HfHubError(`config.json of "${modelId}" is larger than 1 MB; paste the architecture fields instead`, "too-large");
  if (declared > HF_CONFIG_MAX_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  let text: string;
  try {
    text = await readCapped(response, HF_CONFIG_MAX_BYTES, tooLarge);
  } catch (error) {
    if (error instanceof HfHubError) throw error;
    const reason = (error as Error).name === "TimeoutError" ? "timed out" : "connection lost";
    throw new HfHubError(`could not read config.json of "${modelId}" from the Hugging Face Hub (${reason}); paste it instead`, "offline");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HfHubError(`config.json of "${modelId}" is not valid JSON`, "unreadable");
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new HfHubError(`config.json of "${modelId}" is not a JSON object`, "unreadable");
  return json as Record<string, unknown>;
}

/** A model on the Hub, read into a custom model description (the CLI's --hf-id). */
export async function fetchHfModel(id: string, options: HfFetchOptions = {}): Promise<CustomModel> {
  const modelId = hfModelIdSchema.parse(id);
  return parseHfConfig(await fetchHfConfig(modelId, options), modelId.split("/")[1]);
}
