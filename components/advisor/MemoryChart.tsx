"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MemoryRow } from "@/lib/advisor/results";

const PARTS: [keyof MemoryRow, string, string][] = [
  ["weights", "Weights", "#0b5fff"],
  ["kvCache", "KV cache", "#e8590c"],
  ["activations", "Activations", "#2b8a3e"],
  ["gradients", "Gradients", "#9c36b5"],
  ["optimizer", "Optimizer state", "#c92a2a"],
  ["overhead", "Runtime overhead", "#6b7280"],
];

/** Each pick's memory need, stacked by part, beside the usable memory of its GPUs. */
export function MemoryChart({ rows }: { rows: MemoryRow[] }) {
  const used = PARTS.filter(([key]) => rows.some((r) => (r[key] as number) > 0));
  return (
    <div className="adv-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={Math.max(200, rows.length * 70 + 80)}>
        <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ top: 10, right: 16, bottom: 10, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" unit=" GB" />
          <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend formatter={(value) => <span style={{ color: "#15171c" }}>{value}</span>} />
          {used.map(([key, name, color]) => (
            <Bar key={key} dataKey={key} name={name} stackId="need" fill={color} isAnimationActive={false} />
          ))}
          <Bar dataKey="capacity" name="Usable memory" fill="#d8dde8" stroke="#5b6170" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
