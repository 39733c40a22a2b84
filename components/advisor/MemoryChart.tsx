"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MemoryRow } from "@/lib/advisor/results";
import { AXIS_TICK, ChartLegend, GRID_COLOR, SERIES_COLORS, TOOLTIP_STYLE, useElementWidth } from "@/components/ui/chart";
import { compactNumber, linearTicks, tickBudget } from "@/components/ui/ticks";

const PARTS: [keyof MemoryRow, string, string][] = [
  ["weights", "Weights", SERIES_COLORS[0]],
  ["kvCache", "KV cache", SERIES_COLORS[1]],
  ["activations", "Activations", SERIES_COLORS[2]],
  ["gradients", "Gradients", SERIES_COLORS[3]],
  ["optimizer", "Optimizer state", SERIES_COLORS[4]],
  ["overhead", "Runtime overhead", SERIES_COLORS[5]],
];
const CAPACITY_COLOR = "var(--surface)";
const LABEL_WIDTH = 120;

/** Each pick's memory need, stacked by part, beside the usable memory of its GPUs (one unit: GB). */
export function MemoryChart({ rows }: { rows: MemoryRow[] }) {
  const [ref, width] = useElementWidth();
  const used = PARTS.filter(([key]) => rows.some((r) => (r[key] as number) > 0));
  const max = Math.max(...rows.map((r) => Math.max(r.total, r.capacity)));
  const x = linearTicks(0, max, tickBudget(width - LABEL_WIDTH - 24, 80));
  return (
    <div className="adv-chart" aria-hidden="true" ref={ref}>
      <ChartLegend items={[...used.map(([, label, color]) => ({ label, color })), { label: "Usable memory", color: CAPACITY_COLOR }]} />
      <ResponsiveContainer width="100%" height={Math.max(200, rows.length * 70 + 60)}>
        <BarChart accessibilityLayer={false} data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={GRID_COLOR} horizontal={false} />
          <XAxis type="number" domain={x.domain} ticks={x.ticks} interval="preserveStartEnd" tick={AXIS_TICK} tickFormatter={(v: number) => `${compactNumber(v)} GB`} />
          <YAxis type="category" dataKey="label" width={LABEL_WIDTH} tick={AXIS_TICK} />
          <Tooltip {...TOOLTIP_STYLE} cursor={{ fill: "var(--surface)" }} formatter={(value) => `${value} GB`} />
          {used.map(([key, name, color]) => (
            <Bar key={key} dataKey={key} name={name} stackId="need" fill={color} isAnimationActive={false} />
          ))}
          <Bar dataKey="capacity" name="Usable memory" fill={CAPACITY_COLOR} stroke="var(--line-strong)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
