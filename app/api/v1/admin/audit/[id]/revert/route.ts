import { revertEntry } from "@/lib/admin/audit";
import { adminMethodNotAllowed, adminRoute, parseId } from "@/lib/admin/respond";
import { json, jsonError } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Reverts one audit entry (409 when its row changed since); the revert is itself audited. */
export const POST = adminRoute(async (_request, context: { params: Promise<{ id: string }> }, { prisma, actor }) => {
  const { id: raw } = await context.params;
  const id = parseId(raw);
  if (id === null) return jsonError(404, `no audit entry ${raw.slice(0, 20)}`);
  return json(await revertEntry(prisma, actor, id));
});

export const GET = adminMethodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
