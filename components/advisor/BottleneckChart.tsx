"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BottleneckRow } from "@/lib/advisor/results";

const SERIES: [keyof BottleneckRow, string, string][] = [
  ["memory", "Memory traffic", "#0b5fff"],
  ["compute", "Compute", "#e8590c"],
  ["dequant", "Dequantization", "#9c36b5"],
  ["overhead", "Fixed overhead", "#6b7280"],
  ["interconnect", "Interconnect", "#2b8a3e"],
];

/** The roofline in bars: the longest of memory, compute and dequantization sets the pace; overhead and interconnect add to it. */
export function BottleneckChart({ rows, unit }: { rows: BottleneckRow[]; unit: string }) {
  const used = SERIES.filter(([key]) => rows.some((r) => (r[key] as number) > 0));
  return (
    <div className="adv-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={Math.max(200, rows.length * 80 + 80)}>
        <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ top: 10, right: 16, bottom: 10, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" unit=" ms" />
          <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => `${value} ms per ${unit}`} />
          <Legend formatter={(value) => <span style={{ color: "#15171c" }}>{value}</span>} />
          {used.map(([key, name, color]) => (
            <Bar key={key} dataKey={key} name={name} fill={color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
