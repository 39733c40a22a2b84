import { recommendationRequestSchema } from "@/lib/api/schemas";
import { getPrisma } from "@/lib/db";
import { handler, methodNotAllowed, publicOrigin, readJson } from "@/lib/http";
import { shareQuotaRefusal } from "@/lib/share/quota";
import { createSnapshot, documentBytes } from "@/lib/share/snapshot";

export const dynamic = "force-dynamic";

/** Stores a snapshot and answers the share document (lib/share/document.ts), the same one GET /{id} answers. */
export const POST = handler(async (request: Request) => {
  const body = await readJson(request, recommendationRequestSchema);
  if ("response" in body) return body.response;
  const prisma = await getPrisma();
  const refused = await shareQuotaRefusal(prisma, request);
  if (refused) return refused;
  const snapshot = await createSnapshot(prisma, body.data);
  const url = new URL(`/r/${snapshot.id}`, publicOrigin(request.headers) ?? request.url).toString();
  return new Response(documentBytes(snapshot, url), {
    status: 201,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", location: url },
  });
});

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
