import { getPrisma } from "@/lib/db";
import { badRequest, handler, json, jsonError, methodNotAllowed } from "@/lib/http";
import { clientKey, EVERYONE, hitQuotas } from "@/lib/rate-limit";
import { lookupHubModel } from "@/lib/workload/hf-cache";
import { HfHubError, hubQuerySchema, type HfHubFailure } from "@/lib/workload/hf-hub";

export const dynamic = "force-dynamic";

// Per client 30 lookups a minute, 1,000 a day from everyone (cached answers included): the bound on Hub traffic.
const PER_CLIENT = { name: "hub_lookup", limit: 30, windowSeconds: 60 };
const GLOBAL = { name: "hub_lookup_global", limit: 1000, windowSeconds: 86_400 };

const STATUS: Record<HfHubFailure, number> = { unknown: 404, gated: 403, unreadable: 422, "too-large": 422, offline: 503, upstream: 502 };

/** GET /api/v1/models/hub?id=org/name (or a huggingface.co URL): the model's architecture, read from its config.json. */
export const GET = handler(async (request: Request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = hubQuerySchema.safeParse(params);
  if (!query.success) return badRequest(query.error);
  const prisma = await getPrisma();
  const refused = await hitQuotas(prisma, [
    [PER_CLIENT, clientKey(request)],
    [GLOBAL, EVERYONE],
  ]);
  if (refused) return jsonError(429, `too many Hugging Face lookups; try again in ${refused.retryAfterSeconds} s, or paste the config.json`, undefined, { "retry-after": String(refused.retryAfterSeconds) });
  try {
    return json(await lookupHubModel(prisma, query.data.id));
  } catch (error) {
    if (error instanceof HfHubError) return json({ error: error.message, reason: error.reason }, { status: STATUS[error.reason] });
    throw error;
  }
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
