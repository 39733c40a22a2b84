"use client";

import { useCallback, useState } from "react";

/**
 * The parts every recharts chart shares: theme colours from the design tokens (so light and dark
 * come from the same CSS variables), an HTML legend (direct, themed, wraps on a phone), tooltip
 * colours, and the width a chart is drawn at (to size its tick budget).
 */

/** Series colours, in order: the tokens --chart-1 … --chart-6 (globals.css), light and dark. */
export const SERIES_COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)", "var(--chart-6)"] as const;
export const MUTED_COLOR = "var(--chart-muted)";
export const GRID_COLOR = "var(--chart-grid)";
export const AXIS_TICK = { fontSize: 12, fill: "var(--chart-axis)" } as const;

/** Tooltip colours from the tokens: recharts writes them as style attributes (allowed by the CSP's style-src). */
export const TOOLTIP_STYLE = {
  contentStyle: { background: "var(--card)", border: "1px solid var(--line)", borderRadius: 8, color: "var(--fg)", fontSize: 13 },
  labelStyle: { color: "var(--fg)", fontWeight: 600 },
  itemStyle: { color: "var(--fg)" },
} as const;

/** A callback ref and the element's current width in CSS pixels (`fallback` until measured). */
export function useElementWidth(fallback = 640): [(node: HTMLElement | null) => void, number] {
  const [width, setWidth] = useState(fallback);
  const ref = useCallback((node: HTMLElement | null) => {
    if (!node) return;
    setWidth(node.getBoundingClientRect().width || fallback);
    const observer = new ResizeObserver(([entry]) => setWidth(entry.contentRect.width || fallback));
    observer.observe(node);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width];
}

export interface LegendItem {
  label: string;
  color: string;
  /** A line swatch (a series drawn as a line) instead of a square. */
  line?: boolean;
}

/** The legend as HTML above the chart: themed text, wraps instead of overlapping. */
export function ChartLegend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="chart-legend">
      {items.map((item) => (
        <li key={item.label}>
          <span className={item.line ? "chart-swatch line" : "chart-swatch"} style={{ background: item.color }} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
