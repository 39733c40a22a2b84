/** Display formatting for the advisor: lib/ works in base units, these convert at the edge. */

/** 8.03e9 → "8.0B", 1.24e8 → "124M". */
export function formatParameters(count: number): string {
  if (count >= 1e12) return `${(count / 1e12).toFixed(count >= 1e13 ? 0 : 1)}T`;
  if (count >= 1e9) return `${(count / 1e9).toFixed(count >= 1e11 ? 0 : 1)}B`;
  if (count >= 1e6) return `${Math.round(count / 1e6)}M`;
  return count.toLocaleString("en-US");
}

/** Three significant figures, grouped: 1234.5 → "1,230", 0.01234 → "0.0123". */
export function sig(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  return Number(value.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 20 });
}

export function usd(value: number | null | undefined): string {
  if (value == null) return "—";
  if (value >= 100) return `$${Math.round(value).toLocaleString("en-US")}`;
  if (value >= 1) return `$${value.toFixed(2)}`;
  return `$${sig(value, 2)}`;
}

/** Seconds → "850 ms", "12.3 s", "4.2 min", "3.1 h", "2.5 days". */
export function duration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return "—";
  if (seconds < 1) return `${sig(seconds * 1000, 3)} ms`;
  if (seconds < 120) return `${sig(seconds, 3)} s`;
  if (seconds < 7200) return `${sig(seconds / 60, 3)} min`;
  if (seconds < 3 * 86400) return `${sig(seconds / 3600, 3)} h`;
  return `${sig(seconds / 86400, 3)} days`;
}

export function hours(value: number | null | undefined): string {
  return value == null ? "—" : duration(value * 3600);
}

/** FLOP → "1.23 TFLOP". */
export function flop(value: number): string {
  const units: [number, string][] = [[1e18, "EFLOP"], [1e15, "PFLOP"], [1e12, "TFLOP"], [1e9, "GFLOP"], [1e6, "MFLOP"]];
  for (const [size, unit] of units) if (value >= size) return `${sig(value / size)} ${unit}`;
  return `${sig(value)} FLOP`;
}

export function gb(value: number): string {
  return `${sig(value)} GB`;
}

export const CONFIDENCE_LABELS: Record<string, string> = {
  measured: "measured on your GPU",
  calibrated: "calibrated against published benchmarks",
  estimated: "estimated from specs (wider range)",
};

export const TASK_LABELS: Record<string, string> = {
  inference: "Run (inference)",
  finetune: "Fine-tune",
  training: "Train from scratch",
};

export const BOTTLENECK_LABELS: Record<string, string> = {
  "memory-bandwidth": "memory bandwidth",
  compute: "compute",
  interconnect: "GPU-to-GPU interconnect",
  "memory-capacity": "memory capacity",
};
