"use client";

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";

/** One dot per visitor (their median run): FP32 GFLOPS across, GB/s up. The figures beside it are the text equivalent. */
export function SpreadChart({ points }: { points: { gflops: number; bandwidthGBps: number | null }[] }) {
  const data = points.map((p) => ({ gflops: Number(p.gflops.toPrecision(3)), bandwidth: p.bandwidthGBps == null ? 0 : Number(p.bandwidthGBps.toPrecision(3)) }));
  return (
    <figure style={{ margin: 0 }} aria-label="Spread of community benchmark results, one point per visitor">
      <figcaption className="muted">Spread: one point per visitor (their median run)</figcaption>
      <div style={{ width: "100%", height: 260 }}>
        <ResponsiveContainer>
          <ScatterChart margin={{ top: 10, right: 20, bottom: 20, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" dataKey="gflops" name="FP32 matmul" unit=" GFLOPS" />
            <YAxis type="number" dataKey="bandwidth" name="Bandwidth" unit=" GB/s" />
            <ZAxis range={[60, 60]} />
            <Tooltip cursor={{ strokeDasharray: "3 3" }} />
            <Scatter data={data} fill="#0b5fff" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
