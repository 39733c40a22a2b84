import { deleteRun, moderationPatchSchema, setRunHidden } from "@/lib/admin/moderation";
import { adminMethodNotAllowed, adminRoute, parseId } from "@/lib/admin/respond";
import { json, jsonError, readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** {hidden: true|false}: hides a run from every aggregate, or shows it again; audited, revertible. */
export const PATCH = adminRoute(async (request, context: Context, { prisma, actor }) => {
  const id = parseId((await context.params).id);
  if (id === null) return jsonError(404, "no such benchmark run");
  const body = await readJson(request, moderationPatchSchema);
  if ("response" in body) return body.response;
  const result = await setRunHidden(prisma, actor, id, body.data.hidden);
  return json({ id, hidden: result.run.hidden, auditId: result.auditId });
});

/** Deletes a run; the audit entry keeps it, so a revert puts it back. */
export const DELETE = adminRoute(async (_request, context: Context, { prisma, actor }) => {
  const id = parseId((await context.params).id);
  if (id === null) return jsonError(404, "no such benchmark run");
  const { auditId } = await deleteRun(prisma, actor, id);
  return json({ deleted: id, auditId });
});

export const GET = adminMethodNotAllowed(["PATCH", "DELETE"]);
export const POST = GET;
export const PUT = GET;
