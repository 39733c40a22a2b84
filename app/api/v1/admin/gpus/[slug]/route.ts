import { currentGpu, gpuPatchSchema, retireGpu, updateGpu } from "@/lib/admin/gpus";
import { adminMethodNotAllowed, adminRoute, versionParam } from "@/lib/admin/respond";
import { json, jsonError, readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export const GET = adminRoute(async (_request, context: Context, { prisma }) => {
  const { slug } = await context.params;
  const gpu = await currentGpu(prisma, slug);
  return gpu ? json(gpu) : jsonError(404, `no GPU with slug "${slug.slice(0, 80)}"`);
});

/** {version, ...fields, sources?}: 200 with the new version, 409 with the current GPU when `version` is stale. */
export const PATCH = adminRoute(async (request, context: Context, { prisma, actor }) => {
  const { slug } = await context.params;
  const body = await readJson(request, gpuPatchSchema);
  if ("response" in body) return body.response;
  return json(await updateGpu(prisma, actor, slug, body.data));
});

/** Retires the GPU (kept for old share links); `?version=N` makes it conditional. */
export const DELETE = adminRoute(async (request, context: Context, { prisma, actor }) => {
  const { slug } = await context.params;
  const version = versionParam(request);
  if (version === "invalid") return jsonError(400, "invalid version: expected a positive integer", [{ path: "version", message: "expected a positive integer" }]);
  return json(await retireGpu(prisma, actor, slug, version));
});

export const POST = adminMethodNotAllowed(["GET", "PATCH", "DELETE"]);
export const PUT = POST;
