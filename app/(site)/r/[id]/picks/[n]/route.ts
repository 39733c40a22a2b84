import { shareSource, workingAnswer } from "@/lib/advisor/working-load";
import { handler, json, jsonError } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * The working of a share's pick at index n of its results (lib/advisor/working.ts). Its figures
 * are the snapshot's and never change; its source links are the catalog's, so the page asks with
 * `?v=` the catalog version it was drawn on, and that answer is immutable.
 */
export const GET = handler(async (request: Request, context: { params: Promise<{ id: string; n: string }> }) => {
  const { id, n } = await context.params;
  const answer = await workingAnswer(shareSource(id), n);
  if (!answer.ok) return jsonError(answer.status, answer.message);
  const current = new URL(request.url).searchParams.get("v") === String(answer.working.catalogVersion);
  return json(answer.working, { headers: { "cache-control": current ? "public, max-age=31536000, immutable" : "public, max-age=60" } });
});
