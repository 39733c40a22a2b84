import { loadCatalog, withStaleness } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";
import { handler, json, jsonError, methodNotAllowed } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = handler(async (_request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const catalog = await loadCatalog(await getPrisma());
  const gpu = catalog.gpus.find((g) => g.slug === slug);
  if (!gpu) return jsonError(404, `no GPU with slug "${slug.slice(0, 80)}"`);
  const now = new Date();
  return json({ ...gpu, cloudOffers: catalog.cloudOffers.filter((o) => o.gpu === gpu.slug).map((o) => withStaleness(o, now)) });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
