/** Number formatting shared by the model's outputs and sentences. */

export const GB = 1e9;

/** 10⁰ … 10²²: every one an exact double (and equal to 10 ** k). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Five significant figures (outputs stay readable and stable across platforms). */
export const round = (x: number): number => {
  const a = x < 0 ? -x : x;
  if (a === 0 || a === Infinity || Number.isNaN(a)) return x;
  // Comparisons instead of log10/pow: this runs ~30 times per estimate.
  if (a >= 1e5) {
    const exponent = Math.floor(Math.log10(a)) - 4;
    const step = exponent <= 22 ? POWERS_OF_TEN[exponent] : 10 ** exponent;
    return Math.round(x / step) * step;
  }
  const scale = a >= 1e4 ? 1 : a >= 1e3 ? 10 : a >= 100 ? 100 : a >= 10 ? 1e3 : a >= 1 ? 1e4 : a >= 0.1 ? 1e5 : a >= 0.01 ? 1e6 : 10 ** (4 - Math.floor(Math.log10(a)));
  return Math.round(x * scale) / scale;
};

/** Three significant figures, for sentences. */
export const fmt = (x: number): string => {
  const n = toSignificant(x, 3);
  return n >= 1000 ? groupThousands(n) : String(n);
};

/** A whole number with thousands separators ("12,345"), without Intl (toLocaleString costs microseconds on the model's hot paths). */
export function groupThousands(x: number): string {
  const digits = String(Math.abs(Math.round(x)));
  let out = "";
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? "," : "") + digits.slice(Math.max(0, end - 3), end) + out;
  return (Math.round(x) < 0 ? "-" : "") + out;
}

/*
 * Number.prototype.toFixed and toPrecision find the nearest decimal exactly, with big-number
 * arithmetic: about 300 ns a call, and recommend() labels every configuration with several. The
 * three functions below give the same text (and number) from one floating-point multiply and a
 * rounding: that integer is the built-in's answer unless the scaled value lies within rounding
 * error of a half, and there (and for values outside the ranges checked here) they call the
 * built-in. tests/unit/model/format.test.ts compares them with the built-ins.
 */

/** x.toFixed(2), the same text: toFixed2(6.789) → "6.79", toFixed2(1234) → "1234.00". */
export function toFixed2(x: number): string {
  // Below 1e9, x × 100 is off the exact product by under 2e-5, so an integer nearer than 0.499 is the nearest to the exact value too.
  if (x >= 0 && x < 1e9) {
    const scaled = x * 100;
    const n = Math.round(scaled);
    if (Math.abs(scaled - n) < 0.499) {
      const hundredths = n % 100;
      return `${(n - hundredths) / 100}.${hundredths < 10 ? "0" : ""}${hundredths}`;
    }
  }
  return x.toFixed(2);
}

/**
 * The leading `digits` digits of x as an integer n (10^(digits−1) ≤ n < 10^digits) with the power
 * of ten k such that x ≈ n × 10^k, when floating point decides them exactly; null otherwise.
 */
function leadingDigits(x: number, digits: 2 | 3): { n: number; k: number } | null {
  if (!(x >= 1e-6 && x < 1e15)) return null;
  const low = digits === 3 ? 100 : 10;
  let k = 0;
  let scaled = x;
  if (x >= low) {
    while (k < 15 && x / POWERS_OF_TEN[k + 1] >= low) k++;
    scaled = x / POWERS_OF_TEN[k];
  } else {
    while (k > -22 && scaled < low) {
      k--;
      scaled = x * POWERS_OF_TEN[-k];
    }
  }
  const n = Math.round(scaled);
  // Off the exact quotient by a few 1e-13 at most: a margin of 0.001 below a half decides it.
  if (scaled < low || scaled >= low * 10 - 0.501 || Math.abs(scaled - n) >= 0.499) return null;
  return { n, k };
}

/** x.toPrecision(digits) for 2 or 3 digits, the same text: toPrecisionText(1234.5, 3) → "1.23e+3", toPrecisionText(0.012345, 2) → "0.012". */
export function toPrecisionText(x: number, digits: 2 | 3): string {
  const lead = leadingDigits(x, digits);
  if (!lead) return x.toPrecision(digits);
  const m = String(lead.n);
  // The exponent of the first digit (ECMA-262 Number.prototype.toPrecision: e).
  const e = lead.k + digits - 1;
  if (e < -6 || e >= digits) return `${m[0]}.${m.slice(1)}e${e >= 0 ? "+" : "-"}${Math.abs(e)}`;
  if (e === digits - 1) return m;
  if (e >= 0) return `${m.slice(0, e + 1)}.${m.slice(e + 1)}`;
  return `0.${"0".repeat(-(e + 1))}${m}`;
}

/** Number(x.toPrecision(digits)) for 2 or 3 digits, the same number: toSignificant(1234.5, 3) → 1230, toSignificant(0.012345, 2) → 0.012. */
export function toSignificant(x: number, digits: 2 | 3): number {
  const lead = leadingDigits(x, digits);
  if (!lead) return Number(x.toPrecision(digits));
  // n ÷ 10^−k is the correctly rounded quotient, the double nearest the decimal, as Number() parses it; n × 10^k (k ≤ 15) is exact.
  return lead.k < 0 ? lead.n / POWERS_OF_TEN[-lead.k] : lead.n * POWERS_OF_TEN[lead.k];
}
