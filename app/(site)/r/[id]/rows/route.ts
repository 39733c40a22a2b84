import { costSpeedPoints, tableRows } from "@/lib/advisor/results";
import { getPrisma } from "@/lib/db";
import { handler, json, jsonError } from "@/lib/http";
import { loadSnapshot } from "@/lib/share/snapshot";

export const dynamic = "force-dynamic";

/** Every row of a share page's ranked table and the cost/speed chart's points (the page writes the top rows only, and the points with the chart); immutable like the snapshot. */
export const GET = handler(async (_request: Request, context: { params: Promise<{ id: string }> }) => {
  const snapshot = await loadSnapshot(await getPrisma(), (await context.params).id);
  if (!snapshot) return jsonError(404, "no shared recommendation with that id");
  return json({ catalogVersion: snapshot.catalogVersion, rows: tableRows(snapshot.recommendation), points: costSpeedPoints(snapshot.recommendation).points }, { headers: { "cache-control": "public, max-age=31536000, immutable" } });
});
