import { describe, expect, it } from "vitest";
import { groupThousands, round, toFixed2, toPrecisionText, toSignificant } from "@/lib/model/format";

/** Deterministic pseudo-random numbers (mulberry32), so a failure names a value that reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values where decimal rounding is hardest: exact and near-exact halves and decade edges, plus every kind of special value. */
function hardValues(): number[] {
  const values = [0, -0, -1.5, -0.001, NaN, Infinity, -Infinity, 5e-324, Number.MAX_VALUE, 1e-7, 1e-6, 9.995e-7, 1e15, 1e21, 999.5, 99.95, 9.995, 0.0009995, 0.5, 1.005, 8.345, 1.255, 2.675];
  for (let exponent = -8; exponent <= 16; exponent++) {
    for (let m = 1; m < 1000; m += 7) {
      const v = m * 10 ** exponent;
      for (const x of [v, (m + 0.5) * 10 ** exponent, (m + 0.05) * 10 ** exponent]) values.push(x, x * (1 + 1e-12), x * (1 - 1e-12), x * (1 + 2 ** -52), x * (1 - 2 ** -53));
    }
  }
  for (let c = 0; c < 20_000; c++) values.push(c / 100, (c + 0.5) / 100, c * 0.005);
  return values;
}

describe("number formatting without the built-ins' slow path gives the built-ins' text", () => {
  const next = random(12);
  const values = hardValues();
  for (let i = 0; i < 200_000; i++) values.push(Math.exp((next() - 0.4) * 50));

  it("toFixed2(x) is x.toFixed(2)", () => {
    expect(toFixed2(6.789)).toBe("6.79");
    expect(toFixed2(1234)).toBe("1234.00");
    expect(values.filter((x) => toFixed2(x) !== x.toFixed(2))).toEqual([]);
  });

  it("toPrecisionText(x, 2 or 3) is x.toPrecision(2 or 3), exponent notation included", () => {
    expect(toPrecisionText(1234.5, 3)).toBe("1.23e+3");
    expect(toPrecisionText(0.012345, 2)).toBe("0.012");
    expect(toPrecisionText(999.6, 3)).toBe("1.00e+3");
    expect(values.filter((x) => toPrecisionText(x, 3) !== x.toPrecision(3) || toPrecisionText(x, 2) !== x.toPrecision(2))).toEqual([]);
  });

  it("toSignificant(x, 2 or 3) is Number(x.toPrecision(2 or 3)), the very same double", () => {
    expect(toSignificant(1234.5, 3)).toBe(1230);
    expect(toSignificant(0.012345, 2)).toBe(0.012);
    expect(values.filter((x) => !Object.is(toSignificant(x, 3), Number(x.toPrecision(3))) || !Object.is(toSignificant(x, 2), Number(x.toPrecision(2))))).toEqual([]);
  });

  it("round keeps five significant figures at every magnitude", () => {
    expect(round(123_456_789)).toBe(123_460_000);
    expect(round(-987_654.3)).toBe(-987_650);
    expect(round(6.789012)).toBe(6.789);
    expect(round(0.000123456)).toBe(0.00012346);
    expect(round(4.2e25)).toBe(4.2e25);
  });

  it("groupThousands writes whole numbers with comma separators", () => {
    expect(groupThousands(1234567.4)).toBe("1,234,567");
    expect(groupThousands(-1500)).toBe("-1,500");
    expect(groupThousands(999)).toBe("999");
  });
});
