import { applyImport, IMPORT_MAX_BYTES, importRequestSchema, previewImport } from "@/lib/admin/transfer";
import { adminMethodNotAllowed, adminRoute, readJsonUpTo } from "@/lib/admin/respond";
import { json } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * {format, entity?, content, apply?, expectedCatalogVersion?}: without apply, a dry-run preview
 * (per row: new, changed fields, errors naming row and field); with apply, all rows or none.
 */
export const POST = adminRoute(async (request, _context: unknown, { prisma, actor }) => {
  const body = await readJsonUpTo(request, importRequestSchema, IMPORT_MAX_BYTES);
  if ("response" in body) return body.response;
  if (!body.data.apply) return json(await previewImport(prisma, body.data));
  return json(await applyImport(prisma, actor, body.data));
});

export const GET = adminMethodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
