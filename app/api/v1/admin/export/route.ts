import { z } from "zod";
import { exportCatalog, gpusToCsv, offersToCsv } from "@/lib/admin/transfer";
import { adminMethodNotAllowed, adminRoute } from "@/lib/admin/respond";
import { currentCatalogVersion } from "@/lib/catalog/queries";
import { badRequest } from "@/lib/http";

export const dynamic = "force-dynamic";

const exportQuerySchema = z.object({
  format: z.enum(["json", "csv"]).default("json"),
  entity: z.enum(["gpus", "cloud-offers"]).default("gpus"),
});

/** ?format=json: {gpus, cloudOffers} in the seed files' shape; ?format=csv&entity=gpus|cloud-offers: one CSV. */
export const GET = adminRoute(async (request, _context: unknown, { prisma }) => {
  const params = new URL(request.url).searchParams;
  const query = exportQuerySchema.safeParse({ format: params.get("format") ?? undefined, entity: params.get("entity") ?? undefined });
  if (!query.success) return badRequest(query.error);
  const [catalog, version] = await Promise.all([exportCatalog(prisma), currentCatalogVersion(prisma)]);
  const stamp = `catalog-v${version}`;
  if (query.data.format === "json") {
    return new Response(JSON.stringify(catalog, null, 2) + "\n", {
      headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="${stamp}.json"`, "cache-control": "no-store" },
    });
  }
  const csv = query.data.entity === "gpus" ? gpusToCsv(catalog.gpus) : offersToCsv(catalog.cloudOffers);
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${stamp}-${query.data.entity}.csv"`, "cache-control": "no-store" },
  });
});

export const POST = adminMethodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
