import { gpuSeedSchema } from "@/lib/catalog/schema";
import { toCatalogGpu } from "@/lib/catalog/queries";
import { createGpu } from "@/lib/admin/gpus";
import { matchesSearch } from "@/lib/admin/search";
import { adminMethodNotAllowed, adminRoute } from "@/lib/admin/respond";
import { json, readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Every GPU, retired ones included (flagged); `?q=` searches slug, name, vendor and architecture. */
export const GET = adminRoute(async (request, _context: unknown, { prisma }) => {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const rows = await prisma.gpu.findMany({ orderBy: { slug: "asc" } });
  return json(rows.map(toCatalogGpu).filter((gpu) => matchesSearch(q, [gpu.slug, gpu.name, gpu.vendor, gpu.architecture])));
});

export const POST = adminRoute(async (request, _context: unknown, { prisma, actor }) => {
  const body = await readJson(request, gpuSeedSchema);
  if ("response" in body) return body.response;
  const gpu = await createGpu(prisma, actor, body.data);
  return json(gpu, { status: 201, headers: { location: `/api/v1/admin/gpus/${gpu.slug}` } });
});

export const PUT = adminMethodNotAllowed(["GET", "POST"]);
export const PATCH = PUT;
export const DELETE = PUT;
