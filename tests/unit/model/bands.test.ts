import { describe, expect, it } from "vitest";
import { bandForResidual, bandOf, COVERAGE, COVERAGE_MARGIN, deriveBands, familyBands, foldInside, nestedInside, share, THIN_VENDOR_UNCHECKED, THIN_VENDOR_WIDENINGS, thinVendorWidening, type Residual } from "@/lib/model/bands";
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

  it("the rule must also hold with a third of the sources out: residuals from fits on the other folds that lean by fold make it wider", () => {
    // Six sources whose leave-one-source-out residuals sit within ±5% of the estimate, but whose
    // residuals from fits on two thirds of the sources lean by fold (sorted a…f: folds {a,d} at
    // 1.15×, {b,e} at 1/1.15×, {c,f} on the estimate): a band from two folds misses the third.
    const sources = ["a", "b", "c", "d", "e", "f"];
    const tight = sources.flatMap((s) => lean(s, 1));
    const byFold = sources.flatMap((s, i) => lean(s, [1.15, 1 / 1.15, 1][i % 3]));
    const alone = deriveBands(tight);
    const both = deriveBands(tight, byFold);
    expect(share(foldInside(byFold, "decode", alone.choice.decode!.candidate))).toBeLessThan(COVERAGE);
    expect(share(foldInside(byFold, "decode", both.choice.decode!.candidate))).toBeGreaterThanOrEqual(COVERAGE + COVERAGE_MARGIN);
    expect(both.choice.decode!.candidate).not.toEqual(alone.choice.decode!.candidate);
  });

  it("a family from one source cannot be checked: the widest percentile rule, coverage NaN", () => {
    const derived = deriveBands(lean("only", 1));
    expect(derived.choice.decode!.nestedCoverage).toBeNaN();
    expect(derived.choice.decode!.candidate).toEqual([0.98, 2, false]);
  });
});

describe("thin vendors: the all-vendor band, widened as far as their rows need", () => {
  // NVIDIA: 30 rows from 5 sources, within ±5% of the estimate (its own band). AMD: 2 rows from
  // each of 3 sources, 1.1× and 1/1.1× the estimate: too few rows for a band of its own, and a
  // sixth of the rows, so an 80% band over all vendors is NVIDIA's scatter alone.
  const nvidia = ["n1", "n2", "n3", "n4", "n5"].flatMap((source) => [0.95, 0.97, 0.99, 1.01, 1.03, 1.05].map((ratio) => row(source, ratio)));
  const amd = ["a1", "a2", "a3"].flatMap((source) => [row(source, 1.1, "amd"), row(source, 1 / 1.1, "amd")]);
  const rows = [...nvidia, ...amd];

  it("without widening, the AMD rows fall outside the NVIDIA-made band", () => {
    const set: BandSet = {};
    familyBands(rows, "decode", [0.8, 1, true], set);
    expect(set.families?.decode?.nvidia).toBeDefined();
    expect(set.families?.decode?.amd).toEqual(set.families?.decode?.all);
    expect(amd.every((r) => r.ratio > set.families!.decode!.all!.high || r.ratio < set.families!.decode!.all!.low)).toBe(true);
  });

  it("picks the smallest widening that holds 85% of the AMD rows, each source against bands built without it", () => {
    const { widen, flags } = thinVendorWidening(rows, "decode", [0.8, 1, true]);
    const amdWiden = (widen as Partial<Record<string, number>>).amd!;
    expect(amdWiden).toBeGreaterThan(1);
    // Apple and Intel have no rows: not checkable, half again on the log scale.
    expect(widen).toMatchObject({ apple: THIN_VENDOR_UNCHECKED, intel: THIN_VENDOR_UNCHECKED });
    expect(widen).not.toHaveProperty("nvidia");
    const amdFlags = flags.filter((_, i) => rows[i].vendor === "amd");
    expect(share(amdFlags)).toBeGreaterThanOrEqual(COVERAGE + COVERAGE_MARGIN);
    // The next narrower widening does not hold them.
    const steps = THIN_VENDOR_WIDENINGS.filter((k) => k < amdWiden);
    const narrower = nestedInside(rows, "decode", [0.8, 1, true], { amd: steps[steps.length - 1] });
    expect(share(narrower.filter((_, i) => rows[i].vendor === "amd"))).toBeLessThan(COVERAGE + COVERAGE_MARGIN);
    const set: BandSet = {};
    familyBands(rows, "decode", [0.8, 1, true], set, widen);
    const all = set.families!.decode!.all!;
    expect(set.families?.decode?.apple).toEqual({ low: Number((all.low ** THIN_VENDOR_UNCHECKED).toFixed(3)), high: Number((all.high ** THIN_VENDOR_UNCHECKED).toFixed(3)) });
    expect(set.families!.decode!.amd!.high).toBeGreaterThanOrEqual(1.1);
    expect(set.families!.decode!.amd!.low).toBeLessThanOrEqual(1 / 1.1);
    // NVIDIA keeps its own band.
    expect(set.families?.decode?.nvidia?.high).toBeLessThan(1.1);
  });

  it("thin rows from a single source cannot check a widening: half again on the log scale", () => {
    const one = [...nvidia, row("a1", 1.1, "amd"), row("a1", 1 / 1.1, "amd")];
    expect(thinVendorWidening(one, "decode", [0.8, 1, true]).widen).toMatchObject({ amd: THIN_VENDOR_UNCHECKED });
  });

  it("deriveBands ships the widening with the rule and scores thin rows against it", () => {
    // One AMD row per source: few enough that the narrowest rule holding 85% of all rows is NVIDIA's.
    const sparse = [...nvidia, row("a1", 1.1, "amd"), row("a2", 1 / 1.1, "amd"), row("a3", 1.1, "amd")];
    const derived = deriveBands(sparse);
    expect((derived.bands.thinVendor?.decode as Partial<Record<string, number>>).amd).toBeGreaterThan(1);
    const amdInside = derived.inside.filter((_, i) => sparse[i].vendor === "amd");
    expect(share(amdInside)).toBeGreaterThanOrEqual(COVERAGE + COVERAGE_MARGIN);
  });
});
