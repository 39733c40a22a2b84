import { getPrisma } from "@/lib/db";
import { handler, jsonError, methodNotAllowed, publicOrigin } from "@/lib/http";
import { documentBytes, loadSnapshot } from "@/lib/share/snapshot";

export const dynamic = "force-dynamic";

/** The share document, the very text POST /api/v1/recommendations answered (its `url` names the address asked). */
export const GET = handler(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const { id } = await context.params;
  const snapshot = await loadSnapshot(await getPrisma(), id);
  if (!snapshot) return jsonError(404, "no shared recommendation with that id");
  const url = new URL(`/r/${snapshot.id}`, publicOrigin(request.headers) ?? request.url).toString();
  return new Response(documentBytes(snapshot, url), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=31536000, immutable" },
  });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
