import { describe, expect, it } from "vitest";
import { bandForResidual, bandOf, COVERAGE, COVERAGE_MARGIN, deriveBands, familyBands, nestedInside, share, type Residual } from "@/lib/model/bands";
import { FALLBACK_BAND, type BandSet } from "@/lib/model/calibration";

const ratios = (logs: number[]) => logs.map(Math.exp);
const row = (source: string, ratio: number, vendor: Residual["vendor"] = "nvidia"): Residual => ({ family: "decode", vendor, source, unseenEngine: false, ratio });

describe("bandOf: a band from measured ÷ predicted", () => {
  // Log ratios −0.3, −0.1, 0, 0.1, 0.2 (five rows; percentile = the ceil(p·n)-th smallest).
  const r = ratios([-0.3, -0.1, 0, 0.1, 0.2]);

  it("takes the 10th and 90th percentiles for an 80% level: e^−0.3 and e^0.2", () => {
    expect(bandOf(r, [0.8, 1, false])).toEqual({ low: 0.741, high: 1.221 });
  });

  it("widens on the log scale: ×1.5 gives e^−0.45 and e^0.3", () => {
    expect(bandOf(r, [0.8, 1.5, false])).toEqual({ low: 0.638, high: 1.35 });
  });

  it("symmetric: ± the 80th percentile of |ln ratio| (sorted 0, 0.1, 0.1, 0.2, 0.3 → 0.2)", () => {
    expect(bandOf(r, [0.8, 1, true])).toEqual({ low: 0.819, high: 1.221 });
  });

  it("always contains the estimate itself, even when every measurement is above it", () => {
    expect(bandOf([1.1, 1.2, 1.3], [0.8, 1, false])).toEqual({ low: 1, high: 1.3 });
  });

  it("needs three rows", () => {
    expect(bandOf([0.9, 1.1], [0.8, 1, false])).toBeNull();
  });
});

describe("familyBands and bandForResidual: which band a row gets", () => {
  it("a vendor gets its own band only from 10+ rows of 3+ sources; otherwise it takes all vendors'", () => {
    const twoSources = [...Array.from({ length: 6 }, () => row("a", 1.5, "apple")), ...Array.from({ length: 6 }, () => row("b", 1.4, "apple")), row("c", 0.9), row("c", 1), row("c", 1.1)];
    const set: BandSet = {};
    familyBands(twoSources, "decode", [0.8, 1, false], set);
    expect(set.families?.decode?.apple).toBeUndefined();
    expect(bandForResidual(set, { family: "decode", vendor: "apple", unseenEngine: false })).toEqual(set.families?.decode?.all);
    const threeSources = [...twoSources, ...Array.from({ length: 4 }, () => row("d", 1.3, "apple"))];
    const withVendor: BandSet = {};
    familyBands(threeSources, "decode", [0.8, 1, false], withVendor);
    expect(withVendor.families?.decode?.apple).toBeDefined();
  });

  it("a family without any band shows FALLBACK_BAND", () => {
    expect(bandForResidual({}, { family: "prefill", vendor: "nvidia", unseenEngine: false })).toEqual(FALLBACK_BAND);
  });
});

describe("deriveBands: the narrowest rule that holds on sources it was not built from", () => {
  // Three sources that lean opposite ways: one at 1.5× the estimate, one at 1/1.5×, one on it.
  const lean = (source: string, center: number) => [-0.05, -0.02, 0, 0.02, 0.05].map((d) => row(source, center * Math.exp(d)));
  const rows = [...lean("over", 1.5), ...lean("under", 1 / 1.5), ...lean("on", 1)];

  it("a percentile band built from two of them misses the third; the chosen rule holds ≥ 85% of each left-out source's rows", () => {
    const flags = nestedInside(rows, "decode", [0.8, 1, false]);
    expect(share(flags)).toBeLessThan(COVERAGE);
    const derived = deriveBands(rows);
    const choice = derived.choice.decode!;
    expect(choice.nestedCoverage).toBeGreaterThanOrEqual(COVERAGE + COVERAGE_MARGIN);
    expect(choice.sources).toBe(3);
    // It is symmetric: a band that does not assume the next source leans like the others.
    expect(choice.candidate[2]).toBe(true);
    const band = derived.bands.families!.decode!.all!;
    expect(band.low).toBeLessThan(1 / 1.5);
    expect(band.high).toBeGreaterThan(1.5);
    expect(derived.bands.rules?.decode).toEqual(choice.candidate);
  });

  it("a family from one source cannot be checked: the widest percentile rule, coverage NaN", () => {
    const derived = deriveBands(lean("only", 1));
    expect(derived.choice.decode!.nestedCoverage).toBeNaN();
    expect(derived.choice.decode!.candidate).toEqual([0.98, 2, false]);
  });
});
