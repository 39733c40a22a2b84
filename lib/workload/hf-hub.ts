import { z } from "zod";
import { parseHfConfig } from "./hf-config";
import type { CustomModel } from "./schema";

/**
 * Fetches a model's config.json from the Hugging Face Hub (or HF_ENDPOINT, a mirror) and reads it
 * with parseHfConfig. Offline servers get a clear error that says what to do instead.
 */
export const hfModelIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][\w.-]{0,95}\/[\w.-]{1,96}$/, 'expected a Hugging Face model id such as "meta-llama/Llama-3.1-8B"');

export class HfHubError extends Error {}

export async function fetchHfModel(
  id: string,
  options: { endpoint?: string; timeoutMs?: number; fetchImpl?: typeof fetch; token?: string } = {},
): Promise<CustomModel> {
  const modelId = hfModelIdSchema.parse(id);
  const endpoint = (options.endpoint ?? process.env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/+$/, "");
  const url = `${endpoint}/${modelId}/resolve/main/config.json`;
  const token = options.token ?? process.env.HF_TOKEN;
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? "timed out" : (error as Error).message;
    throw new HfHubError(`could not reach the Hugging Face Hub (${reason}); paste the model's config.json instead`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new HfHubError(`"${modelId}" is gated or private on the Hugging Face Hub; paste its config.json instead`);
  }
  if (response.status === 404) throw new HfHubError(`no model "${modelId}" on the Hugging Face Hub`);
  if (!response.ok) throw new HfHubError(`the Hugging Face Hub answered ${response.status} for "${modelId}"`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new HfHubError(`config.json of "${modelId}" is not valid JSON`);
  }
  return parseHfConfig(json, modelId.split("/")[1]);
}
