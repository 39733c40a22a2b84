"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface CompareDatum {
  metric: string;
  [gpuName: string]: number | string | null;
}

const COLORS = ["#0b5fff", "#e8590c", "#2b8a3e", "#9c36b5", "#c92a2a", "#1098ad"];

/** Grouped bars of a few figures across the compared GPUs; the table beside it is the text equivalent. */
export function CompareChart({ data, names, title }: { data: CompareDatum[]; names: string[]; title: string }) {
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <figcaption className="muted">{title}</figcaption>
      <div style={{ width: "100%", height: 320 }}>
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 10, right: 10, bottom: 10, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="metric" />
            <YAxis />
            <Tooltip />
            <Legend />
            {names.map((name, i) => (
              <Bar key={name} dataKey={name} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
