import { cloudOfferSeedSchema } from "@/lib/catalog/schema";
import { createOffer, listOffers } from "@/lib/admin/offers";
import { adminMethodNotAllowed, adminRoute } from "@/lib/admin/respond";
import { matchesSearch } from "@/lib/admin/search";
import { json, readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async (request, _context: unknown, { prisma }) => {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const offers = await listOffers(prisma);
  return json(offers.filter((offer) => matchesSearch(q, [offer.provider, offer.instanceType, offer.region, offer.gpu])));
});

export const POST = adminRoute(async (request, _context: unknown, { prisma, actor }) => {
  const body = await readJson(request, cloudOfferSeedSchema);
  if ("response" in body) return body.response;
  const offer = await createOffer(prisma, actor, body.data);
  return json(offer, { status: 201, headers: { location: `/api/v1/admin/cloud-offers/${offer.id}` } });
});

export const PUT = adminMethodNotAllowed(["GET", "POST"]);
export const PATCH = PUT;
export const DELETE = PUT;
