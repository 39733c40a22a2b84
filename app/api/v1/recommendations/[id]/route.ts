import { getPrisma } from "@/lib/db";
import { handler, json, jsonError, methodNotAllowed } from "@/lib/http";
import { loadSnapshot } from "@/lib/share/snapshot";

export const dynamic = "force-dynamic";

export const GET = handler(async (_request: Request, context: { params: Promise<{ id: string }> }) => {
  const { id } = await context.params;
  const snapshot = await loadSnapshot(await getPrisma(), id);
  if (!snapshot) return jsonError(404, "no shared recommendation with that id");
  return json(snapshot, { headers: { "cache-control": "public, max-age=31536000, immutable" } });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
