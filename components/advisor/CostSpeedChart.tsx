"use client";

import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ScatterPoint } from "@/lib/advisor/results";

/** Cost against speed, log-log; the Pareto frontier (nothing both cheaper and faster) drawn as a line. */
export function CostSpeedChart({ points, costLabel, speedLabel }: { points: ScatterPoint[]; costLabel: string; speedLabel: string }) {
  const frontier = points.filter((p) => p.frontier).sort((a, b) => a.cost - b.cost);
  const others = points.filter((p) => !p.frontier);
  return (
    <div className="adv-chart" aria-hidden="true">
      <p className="adv-axis-note">↑ {speedLabel}</p>
      <ResponsiveContainer width="100%" height={320}>
        <ScatterChart accessibilityLayer={false} margin={{ top: 10, right: 16, bottom: 28, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="cost"
            name="Cost"
            scale="log"
            domain={["auto", "auto"]}
            tickFormatter={(v: number) => `$${Number(v.toPrecision(2)).toLocaleString("en-US")}`}
            label={{ value: costLabel, position: "insideBottom", offset: -16 }}
          />
          <YAxis type="number" dataKey="speed" name="Speed" scale="log" domain={["auto", "auto"]} tickFormatter={(v: number) => Number(v.toPrecision(2)).toLocaleString("en-US")} width={48} />
          <Tooltip formatter={(value) => Number(Number(value).toPrecision(3)).toLocaleString("en-US")} labelFormatter={() => ""} />
          <Legend verticalAlign="top" formatter={(value) => <span style={{ color: "#15171c" }}>{value}</span>} />
          <Scatter name="Other configurations" data={others} fill="#9aa1b1" isAnimationActive={false} />
          <Scatter name="Pareto frontier" data={frontier} fill="#0b5fff" line={{ stroke: "#0b5fff" }} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
