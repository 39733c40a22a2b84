/**
 * Axis ticks that read: few, round, never crowded. Pure functions, shared by every chart.
 *
 * Observable Plot and Datawrapper habits: log axes tick at 1-2-5 steps within each decade (or
 * every other decade when values span many), linear axes at 1-2-5 steps, and a tick count that
 * the axis length can hold (about one label per 70 px across, per 40 px up).
 */

/** Mantissas tried per decade, finest last: a log axis uses the finest whose tick count fits. */
const LOG_STEPS: readonly (readonly number[])[] = [[1], [1, 3], [1, 2, 5]];

export interface Ticks {
  /** The axis domain, widened to the first tick at or below the minimum and at or above the maximum. */
  domain: [number, number];
  ticks: number[];
}

/**
 * Ticks for a log axis over [min, max] (both > 0), at most `maxCount` of them.
 * logTicks(120, 9_000, 5) → domain [100, 10_000], ticks [100, 300, 1_000, 3_000, 10_000]
 * logTicks(120, 9_000, 3) → ticks [100, 1_000, 10_000]
 * logTicks(3, 40, 6) → domain [2, 50], ticks [2, 5, 10, 20, 50]
 */
export function logTicks(min: number, max: number, maxCount: number): Ticks {
  if (!(min > 0) || !(max > 0)) return { domain: [1, 10], ticks: [1, 10] };
  if (max < min) [min, max] = [max, min];
  const limit = Math.max(2, Math.floor(maxCount));
  let best: Ticks | null = null;
  for (const steps of LOG_STEPS) {
    const candidate = decadeTicks(min, max, steps, 1);
    if (candidate.ticks.length <= limit) best = candidate;
  }
  if (best) return best;
  // Even one tick per decade is too many: every k-th decade.
  for (let every = 2; ; every++) {
    const candidate = decadeTicks(min, max, [1], every);
    if (candidate.ticks.length <= limit) return candidate;
  }
}

function decadeTicks(min: number, max: number, steps: readonly number[], everyDecades: number): Ticks {
  const all: number[] = [];
  const first = Math.floor(Math.log10(min)) - 1;
  const last = Math.ceil(Math.log10(max)) + 1;
  for (let e = first; e <= last; e++) {
    if ((e - first) % everyDecades !== 0 && everyDecades > 1) continue;
    for (const m of steps) all.push(clean(m * 10 ** e));
  }
  all.sort((a, b) => a - b);
  const lowIndex = lastIndexWhere(all, (t) => t <= min * (1 + 1e-9));
  const highIndex = all.findIndex((t) => t >= max * (1 - 1e-9));
  const ticks = all.slice(Math.max(0, lowIndex), highIndex < 0 ? all.length : highIndex + 1);
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks };
}

/**
 * Ticks for a linear axis from 0 (or `min` when negative) to `max`, at 1-2-5 steps, at most `maxCount`.
 * linearTicks(0, 87, 5) → domain [0, 100], ticks [0, 50, 100]; linearTicks(0, 87, 6) → [0, 20, 40, 60, 80, 100]
 */
export function linearTicks(min: number, max: number, maxCount: number): Ticks {
  const low = Math.min(0, min);
  const high = max > low ? max : low + 1;
  const limit = Math.max(2, Math.floor(maxCount));
  for (let e = Math.floor(Math.log10((high - low) / limit)) - 1; ; e++) {
    for (const m of [1, 2, 5]) {
      const step = m * 10 ** e;
      const start = Math.floor(low / step) * step;
      const end = Math.ceil(high / step) * step;
      const count = Math.round((end - start) / step) + 1;
      if (count <= limit) {
        const ticks = Array.from({ length: count }, (_, i) => clean(start + i * step));
        return { domain: [ticks[0], ticks[ticks.length - 1]], ticks };
      }
    }
  }
}

/** How many labels of about `labelPx` fit along `lengthPx` (never fewer than 2). */
export function tickBudget(lengthPx: number, labelPx: number): number {
  return Math.max(2, Math.floor(lengthPx / labelPx));
}

/**
 * Short labels for ticks: 950 → "950", 1_500 → "1.5k", 20_000 → "20k", 3_000_000 → "3M", 0.05 → "0.05".
 */
export function compactNumber(value: number): string {
  const a = Math.abs(value);
  const units: [number, string][] = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
  for (const [size, suffix] of units) if (a >= size) return `${trim(value / size)}${suffix}`;
  return trim(value);
}

function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** Removes float noise (3 * 0.1 → 0.3). */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

function lastIndexWhere<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}
