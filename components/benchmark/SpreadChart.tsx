"use client";

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import { AXIS_TICK, GRID_COLOR, SERIES_COLORS, TOOLTIP_STYLE, useElementWidth } from "@/components/ui/chart";
import { compactNumber, linearTicks, tickBudget } from "@/components/ui/ticks";

/** One dot per visitor (their median run): FP32 GFLOPS across, GB/s up. The figures beside it are the text equivalent. */
export function SpreadChart({ points }: { points: { gflops: number; bandwidthGBps: number | null }[] }) {
  const [ref, width] = useElementWidth();
  const data = points.map((p) => ({ gflops: Number(p.gflops.toPrecision(3)), bandwidth: p.bandwidthGBps == null ? 0 : Number(p.bandwidthGBps.toPrecision(3)) }));
  const x = linearTicks(0, Math.max(1, ...data.map((d) => d.gflops)), tickBudget(width - 80, 64));
  const y = linearTicks(0, Math.max(1, ...data.map((d) => d.bandwidth)), tickBudget(260 - 50, 40));
  return (
    <figure className="chart-figure" aria-label="Spread of community benchmark results, one point per visitor">
      <p className="chart-title">Spread: one point per visitor (their median run)</p>
      <div ref={ref}>
        <p className="adv-axis-note">↑ memory bandwidth, GB/s</p>
        <ResponsiveContainer width="100%" height={260}>
          <ScatterChart margin={{ top: 8, right: 20, bottom: 4, left: 0 }}>
            <CartesianGrid stroke={GRID_COLOR} />
            <XAxis type="number" dataKey="gflops" name="FP32 matmul" unit=" GFLOPS" domain={x.domain} ticks={x.ticks} interval="preserveStartEnd" tick={AXIS_TICK} tickFormatter={(v: number) => compactNumber(v)} />
            <YAxis type="number" dataKey="bandwidth" name="Bandwidth" unit=" GB/s" domain={y.domain} ticks={y.ticks} tick={AXIS_TICK} tickFormatter={(v: number) => compactNumber(v)} width={48} />
            <ZAxis range={[60, 60]} />
            <Tooltip {...TOOLTIP_STYLE} cursor={{ strokeDasharray: "3 3" }} />
            <Scatter data={data} fill={SERIES_COLORS[0]} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
        <p className="adv-axis-note chart-x-title">FP32 matrix multiply, GFLOPS →</p>
      </div>
      <figcaption className="chart-takeaway">Points close together mean visitors with this GPU measure alike; a point far from the rest is worth a second look.</figcaption>
    </figure>
  );
}
