import { estimateRequestSchema } from "@/lib/api/schemas";
import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";
import { handler, json, jsonError, methodNotAllowed, readJson } from "@/lib/http";
import { estimate } from "@/lib/model/estimate";

export const dynamic = "force-dynamic";

export const POST = handler(async (request: Request) => {
  const body = await readJson(request, estimateRequestSchema);
  if ("response" in body) return body.response;
  const { gpu: slug, count, workload } = body.data;
  const catalog = await loadCatalog(await getPrisma());
  const gpu = catalog.gpus.find((g) => g.slug === slug);
  if (!gpu) return jsonError(400, `invalid gpu: unknown GPU slug "${slug}"`, [{ path: "gpu", message: "unknown GPU slug" }]);
  return json(estimate(gpu, count, workload, { catalog: catalog.gpus, cloudOffers: catalog.cloudOffers }), {
    headers: { "x-catalog-version": String(catalog.version) },
  });
});

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
