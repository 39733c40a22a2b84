import { filterGpus, parseGpuQuery } from "@/lib/catalog/filters";
import { loadCatalog } from "@/lib/catalog/queries";
import type { Catalog } from "@/lib/catalog/types";
import { getPrisma } from "@/lib/db";
import { badRequest, handler, methodNotAllowed } from "@/lib/http";

export const dynamic = "force-dynamic";

// The serialised answer per catalog snapshot and normalised query: the whole catalog is ~180 KB
// of JSON, and re-filtering and re-stringifying it on every read was a third of the route's time.
const bodies = new WeakMap<Catalog, Map<string, string>>();
const MAX_QUERIES_PER_VERSION = 200;

export const GET = handler(async (request: Request) => {
  const query = parseGpuQuery(new URL(request.url).searchParams);
  if (!query.success) return badRequest(query.error, "invalid query parameter");
  const catalog = await loadCatalog(await getPrisma());
  let perQuery = bodies.get(catalog);
  if (!perQuery) bodies.set(catalog, (perQuery = new Map()));
  const key = JSON.stringify(query.data);
  let body = perQuery.get(key);
  if (body === undefined) {
    body = JSON.stringify(filterGpus(catalog.gpus, query.data));
    if (perQuery.size < MAX_QUERIES_PER_VERSION) perQuery.set(key, body);
  }
  const etag = `"v${catalog.version}-${body.length}-${hash(key)}"`;
  const headers = { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache", etag, "x-catalog-version": String(catalog.version) };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
});

/** FNV-1a of the normalised query, for the ETag. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
