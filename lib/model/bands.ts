import { FALLBACK_BAND, joinBands, METRIC_FAMILIES, PLATFORMS, type Band, type BandCandidate, type BandSet, type MetricFamily, type Platform } from "./calibration";
import { percentile } from "./validation";

/**
 * How a range is derived from held-out residuals and how its promise is checked (`npm run eval`
 * writes the result to lib/model/error-bands.json; tests/unit/model/validation.test.ts rebuilds it
 * on folds of sources). A range is estimate × [low, high] where low and high are percentiles of
 * measured ÷ predicted over predictions for sources the fit had not seen. Its promise, "at least
 * COVERAGE of published measurements fell inside ranges like this", is checked the only honest
 * way: each source against bands built without it (nested leave-one-source-out), and the band
 * shipped is the narrowest candidate that keeps it.
 */
export const COVERAGE = 0.8;
/**
 * The rule chosen must hold this much more than COVERAGE on the left-out sources: a band that
 * holds exactly 80% of the sources it was chosen on is a coin flip on the next one.
 */
export const COVERAGE_MARGIN = 0.05;

/**
 * A percentile level, a widening on the log scale (low^k, high^k) for when the percentiles alone
 * fall short on unseen sources, and whether the band is symmetric on the log scale ([1/x, x] with
 * x from the percentile of |ln(measured ÷ predicted)|): sources whose errors lean opposite ways
 * (one recipe over the estimate, another under) are covered only by a band that does not assume
 * the next source leans like the ones it was built from.
 */
export type { BandCandidate };
const LEVELS = [0.8, 0.85, 0.9, 0.95, 0.98];
const WIDENINGS = [1, 1.25, 1.5, 1.75, 2];
export const BAND_CANDIDATES: readonly BandCandidate[] = [false, true].flatMap((symmetric) =>
  WIDENINGS.flatMap((widen) => LEVELS.map((level): BandCandidate => [level, widen, symmetric])),
);

/**
 * A vendor gets a band of its own only with this many rows from at least MIN_SOURCES_PER_VENDOR
 * sources: a band from one or two tables says how those tables scatter, not how the next one will.
 */
export const MIN_ROWS_PER_VENDOR = 10;
export const MIN_SOURCES_PER_VENDOR = 3;
/** Rows from engines the fit had not seen needed before that case gets its own band. */
const MIN_UNSEEN_ROWS = 5;
/**
 * Log-scale widenings of the all-vendor band tried for vendors without a band of their own. The
 * all-vendor band is mostly the well-measured vendor's scatter (NVIDIA's, in every family), so
 * a thinly measured vendor's rows fall outside it more often: the smallest widening that holds
 * COVERAGE + COVERAGE_MARGIN of those rows, each source against bands built without it, ships.
 */
export const THIN_VENDOR_WIDENINGS = [1, 1.25, 1.5, 2, 2.5, 3];
/** The widening where too few thin-vendor rows (under two sources) can check one: half again on the log scale, as for an unseen engine. */
export const THIN_VENDOR_UNCHECKED = 1.5;

/** One held-out prediction: measured ÷ predicted for a row of one source. */
export interface Residual {
  family: MetricFamily;
  vendor: Platform;
  source: string;
  /** The row's engine had no measurement in the fitting sources (or is outside the workload schema). */
  unseenEngine: boolean;
  /** measured ÷ predicted (> 0). */
  ratio: number;
}

/** Percentile band of measured ÷ predicted, widened on the log scale; always contains 1 (the estimate itself). Null below 3 rows. */
export function bandOf(ratios: readonly number[], [level, widen, symmetric]: BandCandidate): Band | null {
  const r = ratios.filter((x) => x > 0 && Number.isFinite(x)).map(Math.log);
  if (r.length < 3) return null;
  const tail = (100 * (1 - level)) / 2;
  const spread = symmetric ? widen * percentile(r.map(Math.abs), 100 * level) : 0;
  const lo = symmetric ? -spread : widen * percentile(r, tail);
  const hi = symmetric ? spread : widen * percentile(r, 100 - tail);
  return { low: Number(Math.exp(Math.min(0, lo)).toFixed(3)), high: Number(Math.exp(Math.max(0, hi)).toFixed(3)) };
}

/** Width of a band on the log scale. */
const logWidth = (b: Band | undefined): number => (b ? Math.log(b.high) - Math.log(b.low) : Infinity);

const isMemory = (family: MetricFamily) => family === "memory" || family === "trainingMemory";

/** One widening for every vendor without a band of its own, or one per vendor (a vendor not named: THIN_VENDOR_UNCHECKED). */
export type ThinWidening = number | Partial<Record<Platform, number>>;

/** One vendor's rows of a family are enough for a band of its own: MIN_ROWS_PER_VENDOR rows from MIN_SOURCES_PER_VENDOR sources. */
const enoughForOwnBand = (v: readonly Residual[]): boolean => v.length >= MIN_ROWS_PER_VENDOR && new Set(v.map((r) => r.source)).size >= MIN_SOURCES_PER_VENDOR;

const widenBand = (b: Band, k: number): Band => (k === 1 ? b : { low: Number((b.low ** k).toFixed(3)), high: Number((b.high ** k).toFixed(3)) });

/**
 * One family's bands (all vendors, per vendor where enough rows and sources, engine not fitted)
 * from `rows`, written into `into`. Where at least one vendor has a band of its own, every other
 * vendor gets the all-vendor band widened by `thinWiden` (its own entry, if per vendor) on the log scale.
 */
export function familyBands(rows: readonly Residual[], family: MetricFamily, candidate: BandCandidate, into: BandSet, thinWiden: ThinWidening = 1): void {
  const own = rows.filter((r) => r.family === family);
  const overall = bandOf(
    own.map((r) => r.ratio),
    candidate,
  );
  if (!overall) return;
  const families = (into.families ??= {});
  const entry: Partial<Record<Platform | "all", Band>> = { all: overall };
  for (const vendor of PLATFORMS) {
    const v = own.filter((r) => r.vendor === vendor);
    if (!enoughForOwnBand(v)) continue;
    const band = bandOf(
      v.map((r) => r.ratio),
      candidate,
    );
    if (band) entry[vendor] = band;
  }
  if (PLATFORMS.some((vendor) => entry[vendor])) {
    for (const vendor of PLATFORMS) entry[vendor] ??= widenBand(overall, typeof thinWiden === "number" ? thinWiden : (thinWiden[vendor] ?? THIN_VENDOR_UNCHECKED));
  }
  families[family] = entry;
  const unseen = own.filter((r) => r.unseenEngine);
  const u = unseen.length >= MIN_UNSEEN_ROWS ? bandOf(unseen.map((r) => r.ratio), candidate) : null;
  // Too few rows from engines the fit had not seen: the overall band widened by half on the log scale.
  (into.unseenEngine ??= {})[family] = u
    ? { low: Math.min(u.low, overall.low), high: Math.max(u.high, overall.high) }
    : { low: Number((overall.low ** 1.5).toFixed(3)), high: Number((overall.high ** 1.5).toFixed(3)) };
}

/**
 * The band the advisor shows for a row, by the same rule as calibration.ts errorBand and ranges.ts:
 * the vendor's band (else all vendors'), joined with the unseen-engine band for an engine the fit
 * never saw (speed only), else FALLBACK_BAND when the family has none.
 */
export function bandForResidual(set: BandSet, r: Pick<Residual, "family" | "vendor" | "unseenEngine">): Band {
  const unseen = r.unseenEngine && !isMemory(r.family) ? set.unseenEngine?.[r.family] : undefined;
  const family = set.families?.[r.family];
  const vendor = family?.[r.vendor] ?? family?.all;
  // An unseen engine on a thinly measured vendor: the wider of the two on each side.
  return joinBands(unseen, vendor) ?? FALLBACK_BAND;
}

export const inside = (band: Band, ratio: number): boolean => ratio >= band.low && ratio <= band.high;

/**
 * Each row of `family` scored against bands built from the rows of every other group (`groupOf`:
 * a source, or a fold of sources); null for rows of other families.
 */
function insideHeldOut(rows: readonly Residual[], family: MetricFamily, candidate: BandCandidate, groupOf: (source: string) => string | number, thinWiden: ThinWidening = 1): (boolean | null)[] {
  const result: (boolean | null)[] = rows.map(() => null);
  const groups = new Set(rows.filter((r) => r.family === family).map((r) => groupOf(r.source)));
  for (const group of groups) {
    const set: BandSet = {};
    familyBands(
      rows.filter((r) => groupOf(r.source) !== group),
      family,
      candidate,
      set,
      thinWiden,
    );
    rows.forEach((r, i) => {
      if (r.family === family && groupOf(r.source) === group) result[i] = inside(bandForResidual(set, r), r.ratio);
    });
  }
  return result;
}

/** Each row of `family` scored against bands built from every other source's rows (null for rows of other families). */
export function nestedInside(rows: readonly Residual[], family: MetricFamily, candidate: BandCandidate, thinWiden: ThinWidening = 1): (boolean | null)[] {
  return insideHeldOut(rows, family, candidate, (source) => source, thinWiden);
}

/**
 * Source folds for the second check of a rule: sources sorted by id, the i-th in fold i mod
 * SOURCE_FOLDS (as tests/unit/model/validation.test.ts splits them).
 */
export const SOURCE_FOLDS = 3;

/**
 * Each row of `family` scored against bands built from the other folds' rows only: a third of the
 * sources unseen at once, so the thinly measured tables that share a fold cannot lean on each other.
 * `rows` are held-out residuals from fits on the other folds (npm run eval fits once per fold).
 */
export function foldInside(rows: readonly Residual[], family: MetricFamily, candidate: BandCandidate): (boolean | null)[] {
  // Folds over every source of `rows`, not only this family's: the folds the fits were made on.
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const foldOf = new Map(sources.map((source, i) => [source, i % SOURCE_FOLDS]));
  return insideHeldOut(rows, family, candidate, (source) => foldOf.get(source) ?? -1);
}

export const share = (flags: readonly (boolean | null)[]): number => {
  const v = flags.filter((x): x is boolean => x != null);
  return v.length ? v.filter(Boolean).length / v.length : NaN;
};

/** The vendors with a band of their own in `family` when built from `rows` (enough rows and sources). */
function ownBandVendors(rows: readonly Residual[], family: MetricFamily): Set<Platform> {
  const own = rows.filter((r) => r.family === family);
  return new Set(PLATFORMS.filter((vendor) => enoughForOwnBand(own.filter((r) => r.vendor === vendor))));
}

/**
 * The widening for each vendor without a band of its own in `family` (with `candidate` as the rule):
 * for a vendor whose rows come from two or more sources, the smallest in THIN_VENDOR_WIDENINGS whose
 * nested coverage of its rows reaches COVERAGE + COVERAGE_MARGIN (else the best-covering one, the
 * wider on a tie); THIN_VENDOR_UNCHECKED for a vendor with rows from one source or none. No
 * widening where no vendor has a band of its own (the all-vendor band is then theirs). Returns the
 * widenings and every row's flag under them.
 */
export function thinVendorWidening(rows: readonly Residual[], family: MetricFamily, candidate: BandCandidate): { widen: ThinWidening; flags: (boolean | null)[] } {
  const owners = ownBandVendors(rows, family);
  if (owners.size === 0) return { widen: 1, flags: nestedInside(rows, family, candidate, 1) };
  const widen: Partial<Record<Platform, number>> = {};
  for (const vendor of PLATFORMS) {
    if (owners.has(vendor)) continue;
    const mine = rows.map((r) => r.family === family && r.vendor === vendor);
    if (new Set(rows.filter((_, i) => mine[i]).map((r) => r.source)).size < 2) {
      widen[vendor] = THIN_VENDOR_UNCHECKED;
      continue;
    }
    let best: { k: number; coverage: number } | null = null;
    for (const k of THIN_VENDOR_WIDENINGS) {
      const coverage = share(nestedInside(rows, family, candidate, { [vendor]: k }).map((x, i) => (mine[i] ? x : null)));
      if (coverage >= COVERAGE + COVERAGE_MARGIN) {
        best = { k, coverage };
        break;
      }
      // None reaches it: the best-covering one, the wider on a tie (an unproven band errs wide).
      if (!best || coverage >= best.coverage) best = { k, coverage };
    }
    widen[vendor] = best!.k;
  }
  return { widen, flags: nestedInside(rows, family, candidate, widen) };
}

export interface FamilyChoice {
  candidate: BandCandidate;
  /** Share of rows inside bands built without their source (NaN: one source, not checkable). */
  nestedCoverage: number;
  sources: number;
}

export interface DerivedBands {
  bands: BandSet;
  choice: Partial<Record<MetricFamily, FamilyChoice>>;
  /** Per row: inside the band built without its source (null: not checkable). */
  inside: (boolean | null)[];
}

/**
 * For each family, the narrowest candidate (log width of its all-vendor band) whose nested coverage
 * reaches COVERAGE + COVERAGE_MARGIN both ways: each source of `rows` (leave-one-source-out
 * residuals) against bands built without it, and each fold of `foldRows` (residuals from fits on
 * the other SOURCE_FOLDS − 1 folds of sources) against bands built from the other folds; else the
 * best-covering one; a family from one source cannot be
 * checked and takes the widest asymmetric percentile band. Example: decode residuals from 10
 * sources whose 10th–90th percentile bands hold 84% of each left-out source → that band ships.
 */
export function deriveBands(rows: readonly Residual[], foldRows: readonly Residual[] = rows): DerivedBands {
  const bands: BandSet = { coverage: COVERAGE, rules: {}, families: {}, unseenEngine: {} };
  const choice: Partial<Record<MetricFamily, FamilyChoice>> = {};
  const insideAll: (boolean | null)[] = rows.map(() => null);
  for (const family of METRIC_FAMILIES) {
    const sources = new Set(rows.filter((r) => r.family === family).map((r) => r.source)).size;
    if (sources === 0) continue;
    let picked: BandCandidate = [LEVELS[LEVELS.length - 1], WIDENINGS[WIDENINGS.length - 1], false];
    let flags: (boolean | null)[] = rows.map(() => null);
    let coverage = NaN;
    if (sources >= 2) {
      let best: { candidate: BandCandidate; flags: (boolean | null)[]; coverage: number; width: number } | null = null;
      for (const candidate of BAND_CANDIDATES) {
        const f = nestedInside(rows, family, candidate);
        // The rule must keep its promise one source at a time and with a third of the sources unseen.
        const c = sources >= SOURCE_FOLDS ? Math.min(share(f), share(foldInside(foldRows, family, candidate))) : share(f);
        const probe: BandSet = {};
        familyBands(rows, family, candidate, probe);
        const width = logWidth(probe.families?.[family]?.all);
        const target = COVERAGE + COVERAGE_MARGIN;
        const better = !best || (c >= target ? best.coverage < target || width < best.width : best.coverage < target && (c > best.coverage || (c === best.coverage && width < best.width)));
        if (better) best = { candidate, flags: f, coverage: c, width };
      }
      ({ candidate: picked, flags, coverage } = best!);
    }
    // Vendors without a band of their own: the all-vendor band, widened as far as their rows need.
    let thinWiden: ThinWidening = 1;
    if (sources >= 2) {
      const thin = thinVendorWidening(rows, family, picked);
      thinWiden = thin.widen;
      flags = thin.flags;
      coverage = share(flags);
    }
    familyBands(rows, family, picked, bands, thinWiden);
    bands.rules![family] = picked;
    (bands.thinVendor ??= {})[family] = thinWiden;
    flags.forEach((x, i) => {
      if (x != null) insideAll[i] = x;
    });
    choice[family] = { candidate: picked, nestedCoverage: coverage, sources };
  }
  return { bands, choice, inside: insideAll };
}

/** Bands built from `rows` by each family's shipped rule (error-bands.json `rules`, `thinVendor`): "ranges like these" without the rows they are checked on. */
export function bandsByRule(rows: readonly Residual[], rules: BandSet["rules"], thinVendor: BandSet["thinVendor"] = {}): BandSet {
  const set: BandSet = { coverage: COVERAGE, families: {}, unseenEngine: {} };
  for (const family of METRIC_FAMILIES) {
    const rule = rules?.[family];
    if (rule) familyBands(rows, family, rule, set, thinVendor?.[family] ?? 1);
  }
  return set;
}
