import { filterGpus, parseGpuQuery } from "@/lib/catalog/filters";
import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";
import { badRequest, handler, json, methodNotAllowed } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = handler(async (request: Request) => {
  const query = parseGpuQuery(new URL(request.url).searchParams);
  if (!query.success) return badRequest(query.error, "invalid query parameter");
  const catalog = await loadCatalog(await getPrisma());
  return json(filterGpus(catalog.gpus, query.data), { headers: { "x-catalog-version": String(catalog.version) } });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
