import { listAudit } from "@/lib/admin/audit";
import { adminMethodNotAllowed, adminRoute, parseId } from "@/lib/admin/respond";
import { json } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Newest first; `?entity=gpu&key=h100-sxm` narrows, `?before=<id>` pages. User-account entries: admins only. */
export const GET = adminRoute(async (request, _context: unknown, { prisma, session }) => {
  const params = new URL(request.url).searchParams;
  const before = params.get("before");
  return json(
    await listAudit(prisma, {
      entity: params.get("entity") ?? undefined,
      entityKey: params.get("key") ?? undefined,
      before: before ? (parseId(before) ?? undefined) : undefined,
      limit: parseId(params.get("limit") ?? "") ?? undefined,
      role: session.user.role,
    }),
  );
});

export const POST = adminMethodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
