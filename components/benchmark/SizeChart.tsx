"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { VariantResult } from "@/kernels/runner";

const COLORS = ["#0b5fff", "#e8590c", "#2b8a3e", "#9c36b5"];

/** GFLOPS by matrix size, one line per kernel variant (correct runs only); the table beside it is the text equivalent. */
export function SizeChart({ runs }: { runs: VariantResult[] }) {
  const counted = runs.filter((r) => r.correct);
  const variants = [...new Set(counted.map((r) => r.variant))];
  const sizes = [...new Set(counted.map((r) => r.n))].sort((a, b) => a - b);
  const data = sizes.map((n) => {
    const row: Record<string, number | string> = { size: `${n}×${n}` };
    for (const r of counted.filter((c) => c.n === n)) row[r.variant] = Number(r.gflops.toPrecision(3));
    return row;
  });
  return (
    <figure style={{ margin: 0 }} aria-label="Matrix-multiply GFLOPS by matrix size and kernel variant">
      <figcaption className="muted">FP32 matrix multiply, GFLOPS by matrix size and kernel variant</figcaption>
      <div style={{ width: "100%", height: 280 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="size" />
            <YAxis />
            <Tooltip />
            <Legend />
            {variants.map((variant, i) => (
              <Line key={variant} dataKey={variant} stroke={COLORS[i % COLORS.length]} isAnimationActive={false} dot />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
