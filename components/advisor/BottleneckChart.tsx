"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BottleneckRow } from "@/lib/advisor/results";
import { AXIS_TICK, ChartLegend, GRID_COLOR, SERIES_COLORS, TOOLTIP_STYLE, useElementWidth } from "@/components/ui/chart";
import { compactNumber, linearTicks, tickBudget } from "@/components/ui/ticks";

const SERIES: [keyof BottleneckRow, string, string][] = [
  ["memory", "Memory traffic", SERIES_COLORS[0]],
  ["compute", "Compute", SERIES_COLORS[1]],
  ["dequant", "Dequantization", SERIES_COLORS[3]],
  ["overhead", "Fixed overhead", SERIES_COLORS[5]],
  ["interconnect", "Interconnect", SERIES_COLORS[2]],
];
const LABEL_WIDTH = 120;

/** The roofline in bars (one unit: ms): the longest of memory, compute and dequantization sets the pace; overhead and interconnect add to it. */
export function BottleneckChart({ rows, unit }: { rows: BottleneckRow[]; unit: string }) {
  const [ref, width] = useElementWidth();
  const used = SERIES.filter(([key]) => rows.some((r) => (r[key] as number) > 0));
  const max = Math.max(...rows.flatMap((r) => used.map(([key]) => r[key] as number)));
  const x = linearTicks(0, max, tickBudget(width - LABEL_WIDTH - 24, 80));
  return (
    <div className="adv-chart" aria-hidden="true" ref={ref}>
      <ChartLegend items={used.map(([, label, color]) => ({ label, color }))} />
      <ResponsiveContainer width="100%" height={Math.max(200, rows.length * 80 + 60)}>
        <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={GRID_COLOR} horizontal={false} />
          <XAxis type="number" domain={x.domain} ticks={x.ticks} interval="preserveStartEnd" tick={AXIS_TICK} tickFormatter={(v: number) => `${compactNumber(v)} ms`} />
          <YAxis type="category" dataKey="label" width={LABEL_WIDTH} tick={AXIS_TICK} />
          <Tooltip {...TOOLTIP_STYLE} cursor={{ fill: "var(--surface)" }} formatter={(value) => `${value} ms per ${unit}`} />
          {used.map(([key, name, color]) => (
            <Bar key={key} dataKey={key} name={name} fill={color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
