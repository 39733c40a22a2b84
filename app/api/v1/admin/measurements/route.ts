import { z } from "zod";
import { adminMethodNotAllowed, adminRoute } from "@/lib/admin/respond";
import { badRequest, json } from "@/lib/http";
import { RUN_STATUSES } from "@/lib/ledger/schema";
import { listRuns } from "@/lib/ledger/store";

export const dynamic = "force-dynamic";

const querySchema = z.object({ status: z.enum(RUN_STATUSES).default("queued") }).strict();

/** Submitted measurements by status (default: the review queue, oldest first). Editors and admins. */
export const GET = adminRoute(async (request, _context: unknown, { prisma }) => {
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badRequest(query.error, "invalid query parameter");
  return json({ runs: await listRuns(prisma, { status: query.data.status }) });
});

export const POST = adminMethodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
