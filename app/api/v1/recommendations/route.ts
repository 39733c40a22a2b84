import { recommendationRequestSchema } from "@/lib/api/schemas";
import { getPrisma } from "@/lib/db";
import { handler, json, jsonError, methodNotAllowed, publicOrigin, readJson } from "@/lib/http";
import { clientKey, hitRateLimit, RATE_LIMITS } from "@/lib/rate-limit";
import { createSnapshot } from "@/lib/share/snapshot";

export const dynamic = "force-dynamic";

export const POST = handler(async (request: Request) => {
  const body = await readJson(request, recommendationRequestSchema);
  if ("response" in body) return body.response;
  const prisma = await getPrisma();
  const limit = await hitRateLimit(prisma, RATE_LIMITS.share, clientKey(request));
  if (!limit.allowed) {
    return jsonError(429, "too many shared recommendations from this client; try again later", undefined, { "retry-after": String(limit.retryAfterSeconds) });
  }
  const snapshot = await createSnapshot(prisma, body.data);
  const url = new URL(`/r/${snapshot.id}`, publicOrigin(request.headers) ?? request.url).toString();
  return json(
    { id: snapshot.id, url, catalogVersion: snapshot.catalogVersion, createdAt: snapshot.createdAt, ...snapshot.result },
    { status: 201, headers: { location: url } },
  );
});

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
