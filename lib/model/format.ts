/** Number formatting shared by the model's outputs and sentences. */

export const GB = 1e9;

/** Five significant figures (outputs stay readable and stable across platforms). */
export const round = (x: number): number => {
  const a = x < 0 ? -x : x;
  if (a === 0 || a === Infinity || Number.isNaN(a)) return x;
  // Comparisons instead of log10/pow: this runs ~30 times per estimate.
  if (a >= 1e5) {
    const step = 10 ** (Math.floor(Math.log10(a)) - 4);
    return Math.round(x / step) * step;
  }
  const scale = a >= 1e4 ? 1 : a >= 1e3 ? 10 : a >= 100 ? 100 : a >= 10 ? 1e3 : a >= 1 ? 1e4 : a >= 0.1 ? 1e5 : a >= 0.01 ? 1e6 : 10 ** (4 - Math.floor(Math.log10(a)));
  return Math.round(x * scale) / scale;
};

/** Three significant figures, for sentences. */
export const fmt = (x: number): string => {
  const n = Number(x.toPrecision(3));
  return n >= 1000 ? groupThousands(n) : String(n);
};

/** A whole number with thousands separators ("12,345"), without Intl (toLocaleString costs microseconds on the model's hot paths). */
export function groupThousands(x: number): string {
  const digits = String(Math.abs(Math.round(x)));
  let out = "";
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? "," : "") + digits.slice(Math.max(0, end - 3), end) + out;
  return (Math.round(x) < 0 ? "-" : "") + out;
}
