import { parseAdvisorQuery } from "@/lib/advisor/query";
import { bottleneckRows, costSpeedPoints, groupPicks, memoryRows, tableRows } from "@/lib/advisor/results";
import { getPrisma } from "@/lib/db";
import { handler, json, jsonError } from "@/lib/http";
import { computeBody } from "@/lib/share/snapshot";

export const dynamic = "force-dynamic";

/** For the same query as the results page: every row of its ranked table, its cost/speed chart's points and its folded memory and bottleneck tables (the page writes the top rows only; the rest load when wanted). */
export const GET = handler(async (request: Request) => {
  const parsed = parseAdvisorQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return jsonError(400, "invalid query", parsed.errors.map((e) => ({ path: e.field, message: e.message })));
  const { recommendation, catalogVersion } = await computeBody(await getPrisma(), parsed.request);
  const groups = groupPicks(recommendation);
  return json({ catalogVersion, rows: tableRows(recommendation), points: costSpeedPoints(recommendation).points, memory: memoryRows(groups), bottleneck: bottleneckRows(groups) }, { headers: { "cache-control": "private, max-age=60" } });
});
