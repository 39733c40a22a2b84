import { listRuns, moderationQuerySchema } from "@/lib/admin/moderation";
import { adminMethodNotAllowed, adminRoute } from "@/lib/admin/respond";
import { badRequest, json } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Community benchmark runs for moderation, newest first: `?gpu=<slug>&hidden=true|false&before=<id>&limit=`. Editors and admins. */
export const GET = adminRoute(async (request, _context: unknown, { prisma }) => {
  const query = moderationQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badRequest(query.error, "invalid query parameter");
  return json(await listRuns(prisma, query.data));
});

export const POST = adminMethodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
