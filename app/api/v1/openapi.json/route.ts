import { openApiDocument } from "@/lib/api/openapi";
import { json, methodNotAllowed } from "@/lib/http";

export const dynamic = "force-static";

const document = openApiDocument();

export function GET(): Response {
  return json(document, { headers: { "cache-control": "public, max-age=300" } });
}

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
