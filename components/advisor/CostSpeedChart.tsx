"use client";

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ScatterPoint } from "@/lib/advisor/results";
import { AXIS_TICK, ChartLegend, GRID_COLOR, MUTED_COLOR, SERIES_COLORS, TOOLTIP_STYLE, useElementWidth } from "@/components/ui/chart";
import { compactNumber, logTicks, tickBudget } from "@/components/ui/ticks";

const HEIGHT = 320;
const Y_AXIS_WIDTH = 48;

/**
 * Cost against speed, log-log (configurations span decades of both); the Pareto frontier (nothing
 * both cheaper and faster) drawn as a line. Ticks at 1-2-5 steps, as many as the width holds.
 */
export function CostSpeedChart({ points, costLabel, speedLabel }: { points: ScatterPoint[]; costLabel: string; speedLabel: string }) {
  const [ref, width] = useElementWidth();
  const frontier = points.filter((p) => p.frontier).sort((a, b) => a.cost - b.cost);
  const others = points.filter((p) => !p.frontier);
  const costs = points.map((p) => p.cost);
  const speeds = points.map((p) => p.speed);
  const x = logTicks(Math.min(...costs), Math.max(...costs), tickBudget(width - Y_AXIS_WIDTH - 24, 64));
  const y = logTicks(Math.min(...speeds), Math.max(...speeds), tickBudget(HEIGHT - 60, 36));
  return (
    <div className="adv-chart" aria-hidden="true" ref={ref}>
      <ChartLegend
        items={[
          { label: "Pareto frontier", color: SERIES_COLORS[0], line: true },
          { label: "Other configurations", color: MUTED_COLOR },
        ]}
      />
      <p className="adv-axis-note">↑ {speedLabel} (log scale)</p>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <ScatterChart accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={GRID_COLOR} />
          <XAxis
            type="number"
            dataKey="cost"
            name="Cost"
            scale="log"
            domain={x.domain}
            ticks={x.ticks}
            interval="preserveStartEnd"
            minTickGap={8}
            allowDataOverflow
            tick={AXIS_TICK}
            tickFormatter={(v: number) => `$${compactNumber(v)}`}
          />
          <YAxis
            type="number"
            dataKey="speed"
            name="Speed"
            scale="log"
            domain={y.domain}
            ticks={y.ticks}
            interval="preserveStartEnd"
            allowDataOverflow
            tick={AXIS_TICK}
            tickFormatter={(v: number) => compactNumber(v)}
            width={Y_AXIS_WIDTH}
          />
          <Tooltip {...TOOLTIP_STYLE} formatter={(value) => Number(Number(value).toPrecision(3)).toLocaleString("en-US")} labelFormatter={() => ""} />
          <Scatter name="Other configurations" data={others} fill={MUTED_COLOR} isAnimationActive={false} />
          <Scatter name="Pareto frontier" data={frontier} fill={SERIES_COLORS[0]} line={{ stroke: SERIES_COLORS[0], strokeWidth: 2 }} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
      <p className="adv-axis-note chart-x-title">{costLabel} (log scale) →</p>
    </div>
  );
}
