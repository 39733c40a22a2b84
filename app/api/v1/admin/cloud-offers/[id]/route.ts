import { currentOffer, offerPatchSchema, retireOffer, updateOffer } from "@/lib/admin/offers";
import { adminMethodNotAllowed, adminRoute, parseId, versionParam } from "@/lib/admin/respond";
import { json, jsonError, readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const notFound = (raw: string) => jsonError(404, `no cloud offer with id ${raw.slice(0, 20)}`);

export const GET = adminRoute(async (_request, context: Context, { prisma }) => {
  const { id: raw } = await context.params;
  const id = parseId(raw);
  const offer = id === null ? null : await currentOffer(prisma, id);
  return offer ? json(offer) : notFound(raw);
});

export const PATCH = adminRoute(async (request, context: Context, { prisma, actor }) => {
  const { id: raw } = await context.params;
  const id = parseId(raw);
  if (id === null) return notFound(raw);
  const body = await readJson(request, offerPatchSchema);
  if ("response" in body) return body.response;
  return json(await updateOffer(prisma, actor, id, body.data));
});

export const DELETE = adminRoute(async (request, context: Context, { prisma, actor }) => {
  const { id: raw } = await context.params;
  const id = parseId(raw);
  if (id === null) return notFound(raw);
  const version = versionParam(request);
  if (version === "invalid") return jsonError(400, "invalid version: expected a positive integer", [{ path: "version", message: "expected a positive integer" }]);
  return json(await retireOffer(prisma, actor, id, version));
});

export const POST = adminMethodNotAllowed(["GET", "PATCH", "DELETE"]);
export const PUT = POST;
