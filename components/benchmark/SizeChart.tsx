"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { VariantResult } from "@/kernels/runner";
import { AXIS_TICK, ChartLegend, GRID_COLOR, SERIES_COLORS, TOOLTIP_STYLE } from "@/components/ui/chart";
import { compactNumber, linearTicks, tickBudget } from "@/components/ui/ticks";

/** GFLOPS by matrix size, one line per kernel variant (correct runs only); the table beside it is the text equivalent. */
export function SizeChart({ runs }: { runs: VariantResult[] }) {
  const counted = runs.filter((r) => r.correct);
  const variants = [...new Set(counted.map((r) => r.variant))];
  const sizes = [...new Set(counted.map((r) => r.n))].sort((a, b) => a - b);
  const data = sizes.map((n) => {
    const row: Record<string, number | string> = { size: String(n) };
    for (const r of counted.filter((c) => c.n === n)) row[r.variant] = Number(r.gflops.toPrecision(3));
    return row;
  });
  const y = linearTicks(0, Math.max(1, ...counted.map((r) => r.gflops)), tickBudget(280 - 50, 40));
  const colors = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length];
  return (
    <figure className="chart-figure" aria-label="Matrix-multiply GFLOPS by matrix size and kernel variant">
      <p className="chart-title">FP32 matrix multiply: GFLOPS by matrix size (n × n) and kernel variant</p>
      <div>
        <ChartLegend items={variants.map((label, i) => ({ label, color: colors(i), line: true }))} />
        <p className="adv-axis-note">↑ GFLOPS</p>
        <ResponsiveContainer width="100%" height={280}>
          <LineChart data={data} margin={{ top: 8, right: 20, bottom: 4, left: 0 }}>
            <CartesianGrid stroke={GRID_COLOR} />
            <XAxis dataKey="size" interval="preserveStartEnd" minTickGap={12} tick={AXIS_TICK} />
            <YAxis domain={y.domain} ticks={y.ticks} tick={AXIS_TICK} tickFormatter={(v: number) => compactNumber(v)} width={48} />
            <Tooltip {...TOOLTIP_STYLE} labelFormatter={(n) => `${n} × ${n}`} />
            {variants.map((variant, i) => (
              <Line key={variant} dataKey={variant} stroke={colors(i)} strokeWidth={2} isAnimationActive={false} dot />
            ))}
          </LineChart>
        </ResponsiveContainer>
        <p className="adv-axis-note chart-x-title">matrix size n →</p>
      </div>
      <figcaption className="chart-takeaway">
        Higher is faster; each line is one kernel variant, so the highest line at the largest size is this GPU&apos;s best measured FP32 rate.
      </figcaption>
    </figure>
  );
}
