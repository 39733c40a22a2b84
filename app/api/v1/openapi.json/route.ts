import { openApiDocument } from "@/lib/api/openapi";
import { json } from "@/lib/http";

export const dynamic = "force-static";

const document = openApiDocument();

export function GET(): Response {
  return json(document, { headers: { "cache-control": "public, max-age=300" } });
}
