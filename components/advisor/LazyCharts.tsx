"use client";

import dynamic from "next/dynamic";
import { useEffect, useRef, useState, type ComponentProps, type ComponentType, type ReactNode } from "react";
import type { BottleneckChart as BottleneckChartType } from "./BottleneckChart";
import type { CostSpeedChart as CostSpeedChartType } from "./CostSpeedChart";
import type { MemoryChart as MemoryChartType } from "./MemoryChart";

/**
 * The results charts, loaded on demand: recharts is about 110 KB of gzipped JavaScript, more than
 * the rest of a results page's own code, and every chart has a text equivalent beside it (the
 * frontier sentence in the HTML; the memory and bottleneck tables, which load with their charts when
 * their fold is opened, PicksWorkingFold). A chart's code loads when its
 * place comes within a screen of the viewport, or at the reader's first scroll, click, tap or key
 * press, whichever comes first; a page that is only opened and read at the top never fetches it.
 */
let engaged = false;
const listeners = new Set<() => void>();
const EVENTS = ["scroll", "pointerdown", "keydown", "touchstart", "wheel"] as const;

function engage(): void {
  if (engaged) return;
  engaged = true;
  for (const event of EVENTS) window.removeEventListener(event, engage, true);
  for (const listener of listeners) listener();
  listeners.clear();
}

function WhenWanted({ minHeight, children }: { minHeight: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    if (wanted) return;
    const want = () => setWanted(true);
    if (engaged) return want();
    listeners.add(want);
    for (const event of EVENTS) window.addEventListener(event, engage, { capture: true, passive: true });
    const observer =
      typeof IntersectionObserver === "function" && ref.current
        ? new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && want(), { rootMargin: "100% 0px" })
        : null;
    if (observer && ref.current) observer.observe(ref.current);
    else if (!observer) want();
    return () => {
      listeners.delete(want);
      observer?.disconnect();
    };
  }, [wanted]);
  return wanted ? <>{children}</> : <div ref={ref} className="adv-chart" aria-hidden="true" style={{ minHeight }} data-chart-pending="" />;
}

function lazy<P extends object>(load: () => Promise<ComponentType<P>>, minHeight: (props: P) => number) {
  const Chart = dynamic(load, { ssr: false, loading: () => null });
  function LazyChart(props: P) {
    return (
      <WhenWanted minHeight={minHeight(props)}>
        <Chart {...props} />
      </WhenWanted>
    );
  }
  return LazyChart;
}

type CostSpeedProps = ComponentProps<typeof CostSpeedChartType>;
const LazyCostSpeedChart = lazy<CostSpeedProps>(() => import("./CostSpeedChart").then((m) => m.CostSpeedChart), () => 340);

/** The points load with the chart from `pointsUrl` (JSON `{points}`) when the page leaves them out. */
function PointsFrom({ url, ...props }: Omit<CostSpeedProps, "points"> & { url: string }) {
  const [points, setPoints] = useState<CostSpeedProps["points"] | null>(null);
  useEffect(() => {
    let live = true;
    fetch(url, { headers: { accept: "application/json" } })
      .then((response) => (response.ok ? (response.json() as Promise<{ points: CostSpeedProps["points"] }>) : null))
      .then((body) => live && body && setPoints(body.points))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [url]);
  return points ? <LazyCostSpeedChart {...props} points={points} /> : <div className="adv-chart" aria-hidden="true" style={{ minHeight: 340 }} />;
}

export function CostSpeedChart({ points, pointsUrl, ...props }: Omit<CostSpeedProps, "points"> & { points?: CostSpeedProps["points"]; pointsUrl?: string }) {
  if (points || !pointsUrl) return <LazyCostSpeedChart {...props} points={points ?? []} />;
  return (
    <WhenWanted minHeight={340}>
      <PointsFrom {...props} url={pointsUrl} />
    </WhenWanted>
  );
}
export const MemoryChart = lazy<ComponentProps<typeof MemoryChartType>>(() => import("./MemoryChart").then((m) => m.MemoryChart), (p) => Math.max(200, p.rows.length * 70 + 60));
export const BottleneckChart = lazy<ComponentProps<typeof BottleneckChartType>>(() => import("./BottleneckChart").then((m) => m.BottleneckChart), (p) => Math.max(200, p.rows.length * 80 + 60));
