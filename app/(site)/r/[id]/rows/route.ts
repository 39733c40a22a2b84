import { bottleneckRows, costSpeedPoints, groupPicks, memoryRows, tableRows } from "@/lib/advisor/results";
import { getPrisma } from "@/lib/db";
import { handler, json, jsonError } from "@/lib/http";
import { loadSnapshot } from "@/lib/share/snapshot";

export const dynamic = "force-dynamic";

/** Every row of a share page's ranked table, the cost/speed chart's points and the folded memory and bottleneck tables (the page writes the top rows only; the rest load when wanted); immutable like the snapshot. */
export const GET = handler(async (_request: Request, context: { params: Promise<{ id: string }> }) => {
  const snapshot = await loadSnapshot(await getPrisma(), (await context.params).id);
  if (!snapshot) return jsonError(404, "no shared recommendation with that id");
  const groups = groupPicks(snapshot.recommendation);
  return json(
    {
      catalogVersion: snapshot.catalogVersion,
      rows: tableRows(snapshot.recommendation),
      points: costSpeedPoints(snapshot.recommendation).points,
      memory: memoryRows(groups),
      bottleneck: bottleneckRows(groups),
    },
    { headers: { "cache-control": "public, max-age=31536000, immutable" } },
  );
});
