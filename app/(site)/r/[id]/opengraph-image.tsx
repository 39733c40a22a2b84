import { ImageResponse } from "next/og";
import { sig, usd } from "@/lib/advisor/format";
import { configLabel, groupPicks } from "@/lib/advisor/results";
import { getPrisma } from "@/lib/db";
import { loadSnapshot } from "@/lib/share/snapshot";

export const alt = "A GPU Advisor recommendation: the model, the best pick, its speed and cost";
export const size = { width: 1200, height: 630 };
export const contentType = "image/png";
export const dynamic = "force-dynamic";

/** The share card: model, best pick, speed and cost (next/og's bundled local font, Geist). */
export default async function Image({ params }: { params: Promise<{ id: string }> }) {
  const snapshot = await loadSnapshot(await getPrisma(), (await params).id);
  const best = snapshot ? groupPicks(snapshot.recommendation)[0]?.config : undefined;
  const e = best?.estimate;
  const speed =
    e == null
      ? ""
      : e.task === "inference"
        ? e.decodeTokensPerSecond != null
          ? `${sig(e.decodeTokensPerSecond)} tokens/s per user`
          : e.samplesPerSecond != null
            ? `${sig(e.samplesPerSecond)} samples/s`
            : ""
        : e.hours != null
          ? `${sig(e.hours)} hours of training`
          : "";
  const cost = best ? (best.costKind === "purchase" ? `${usd(best.cost)} to buy` : best.costLabel) : "";
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", flexDirection: "column", justifyContent: "space-between", padding: 64, background: "#fbfbfd", color: "#15171c" }}>
        <div style={{ display: "flex", fontSize: 32, color: "#0b5fff" }}>GPU Advisor</div>
        <div style={{ display: "flex", flexDirection: "column" }}>
          <div style={{ fontSize: 40, color: "#5b6170" }}>{snapshot ? `${snapshot.recommendation.workload.task === "inference" ? "Run" : snapshot.recommendation.workload.task === "finetune" ? "Fine-tune" : "Train"} ${snapshot.recommendation.workload.model} (${snapshot.recommendation.workload.precision})` : "Recommendation not found"}</div>
          <div style={{ fontSize: 76, fontWeight: 700, marginTop: 16 }}>{best ? configLabel(best) : "No configuration fits"}</div>
          <div style={{ display: "flex", fontSize: 44, marginTop: 24, gap: 48 }}>
            {speed && <span>{speed}</span>}
            {cost && <span style={{ color: "#0a7d3b" }}>{cost}</span>}
          </div>
        </div>
        <div style={{ display: "flex", fontSize: 26, color: "#5b6170" }}>Sourced specs · explained estimates · catalog version {snapshot?.catalogVersion ?? "—"}</div>
      </div>
    ),
    size,
  );
}
