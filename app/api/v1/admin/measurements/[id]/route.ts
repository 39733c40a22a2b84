import { adminMethodNotAllowed, adminRoute, parseId } from "@/lib/admin/respond";
import { json, jsonError, readJson } from "@/lib/http";
import { reviewSchema } from "@/lib/ledger/schema";
import { reviewRun } from "@/lib/ledger/store";

export const dynamic = "force-dynamic";

/** An editor accepts, rejects or reopens one submitted run: {action, note?}; the decision is audited. */
export const POST = adminRoute(async (request, context: { params: Promise<{ id: string }> }, { prisma, actor }) => {
  const { id: raw } = await context.params;
  const id = parseId(raw);
  if (id === null) return jsonError(404, `no measured run ${raw.slice(0, 20)}`);
  const body = await readJson(request, reviewSchema);
  if ("response" in body) return body.response;
  return json(await reviewRun(prisma, actor, id, body.data.action, body.data.note));
});

export const GET = adminMethodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
