import { recommendationRequestSchema } from "@/lib/api/schemas";
import { getPrisma } from "@/lib/db";
import { handler, json, methodNotAllowed, readJson } from "@/lib/http";
import { createSnapshot } from "@/lib/share/snapshot";

export const dynamic = "force-dynamic";

export const POST = handler(async (request: Request) => {
  const body = await readJson(request, recommendationRequestSchema);
  if ("response" in body) return body.response;
  const snapshot = await createSnapshot(await getPrisma(), body.data);
  const url = new URL(`/r/${snapshot.id}`, request.url).toString();
  return json(
    { id: snapshot.id, url, catalogVersion: snapshot.catalogVersion, createdAt: snapshot.createdAt, ...snapshot.result },
    { status: 201, headers: { location: url } },
  );
});

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
