import { resultsSource, workingAnswer } from "@/lib/advisor/working-load";
import { handler, json, jsonError } from "@/lib/http";

export const dynamic = "force-dynamic";

/** For the same query as the results page: the working of the pick at index n of its results (lib/advisor/working.ts), which the pick card loads when opened. */
export const GET = handler(async (request: Request, context: { params: Promise<{ n: string }> }) => {
  const answer = await workingAnswer(resultsSource(new URL(request.url).searchParams), (await context.params).n);
  if (!answer.ok) return jsonError(answer.status, answer.message);
  return json(answer.working, { headers: { "cache-control": "private, max-age=60" } });
});
