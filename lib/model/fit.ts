import type { CatalogGpu } from "../catalog/types";
import { applyKnobs, getKnob, knobSpecs, PRIOR_KNOBS, setKnob, type KnobSpec } from "./calibration";
import { predictCase, type Case } from "./validation";

/**
 * How the efficiency knobs are fitted (`npm run eval`), reproducibly and without hand tuning:
 *
 * 1. Every knob starts at its prior (lib/model/calibration.ts).
 * 2. The loss is Σ ln(predicted ÷ measured)² over the fitting rows plus a ridge term
 *    RIDGE · Σ ln(knob ÷ prior)², which keeps a knob that few rows constrain near its physical prior.
 * 3. Coordinate descent: passes over the knobs in a fixed order, until a pass lowers the objective
 *    by less than CONVERGED (relative) or SWEEPS passes have run; each knob is set to the
 *    best of a log-spaced grid over its [min, max] bounds, then refined by golden-section search
 *    around it. Only the rows whose prediction depends on the knob are re-evaluated (found once by
 *    perturbing each knob).
 * Rows with memory as the metric do not depend on any knob and are only scored.
 */
export const SWEEPS = 12;
/** A pass that lowers the objective by less than this share of it ends the descent. */
export const CONVERGED = 1e-3;
export const RIDGE = 0.2;
const GRID = 9;
const GOLDEN_STEPS = 10;

/**
 * Which cases each knob moves: each knob is set 10% up and to either end of its bounds, and a case
 * depends on it if any of them changes its prediction. The ends matter because the model takes
 * maxima (decode: memory, compute or unpacking): a ceiling that does not bind where the knobs stand
 * now can bind where the descent takes them, and a case left out here would keep a stale loss.
 */
export function knobDependencies(cases: readonly Case[], gpus: readonly CatalogGpu[], specs: readonly KnobSpec[] = knobSpecs()): Map<string, number[]> {
  const base = cases.map((c) => predictCase(c, gpus).value);
  const deps = new Map<string, number[]>();
  for (const spec of specs) {
    const original = getKnob(spec.id);
    const moved = new Set<number>();
    for (const value of [original * 1.1, spec.min, spec.max]) {
      setKnob(spec.id, value);
      cases.forEach((c, i) => {
        if (!moved.has(i) && predictCase(c, gpus).value !== base[i]) moved.add(i);
      });
    }
    setKnob(spec.id, original);
    if (moved.size) deps.set(spec.id, [...moved].sort((a, b) => a - b));
  }
  return deps;
}

function rowLoss(cases: readonly Case[], indices: readonly number[], gpus: readonly CatalogGpu[]): number {
  let loss = 0;
  for (const i of indices) {
    const v = predictCase(cases[i], gpus).value;
    // A row the model cannot predict (no peak) costs as much as being 3x off.
    const r = v != null && v > 0 ? Math.log(v / cases[i].measurement.value) : Math.log(3);
    loss += r * r;
  }
  return loss;
}

export interface FitResult {
  knobs: Record<string, number>;
  /** Knobs that at least one fitting row depends on. */
  fitted: string[];
  /** Σ ln(predicted ÷ measured)² over the fitting rows. */
  loss: number;
  /** loss + the ridge term: what the fit minimises. */
  objective: number;
}

/**
 * Fits the knobs to `cases[i]` for i in `train` (indices), starting from the priors. Leaves the
 * fitted values applied; call applyKnobs(PRIOR_KNOBS) or applyKnobs(result) to switch.
 */
export function fitKnobs(cases: readonly Case[], train: ReadonlySet<number>, gpus: readonly CatalogGpu[], deps: Map<string, number[]>, sweeps = SWEEPS, start: Record<string, number> = {}): FitResult {
  applyKnobs(PRIOR_KNOBS);
  const specs = knobSpecs().filter((s) => deps.get(s.id)?.some((i) => train.has(i)));
  for (const spec of specs) if (start[spec.id] != null) setKnob(spec.id, start[spec.id]);
  const rows = new Map(specs.map((s) => [s.id, deps.get(s.id)!.filter((i) => train.has(i))]));
  const all = [...train];
  const penalty = () => specs.reduce((sum, spec) => sum + RIDGE * (spec.priorWeight ?? 1) * Math.log(getKnob(spec.id) / PRIOR_KNOBS[spec.id]) ** 2, 0);
  let objective = rowLoss(cases, all, gpus) + penalty();
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (const spec of specs) {
      const indices = rows.get(spec.id)!;
      const prior = PRIOR_KNOBS[spec.id];
      const loss = (x: number) => {
        setKnob(spec.id, x);
        const ridge = Math.log(x / prior);
        return rowLoss(cases, indices, gpus) + RIDGE * (spec.priorWeight ?? 1) * ridge * ridge;
      };
      const lo = Math.log(spec.min);
      const hi = Math.log(spec.max);
      let best = getKnob(spec.id);
      let bestLoss = loss(best);
      for (let g = 0; g < GRID; g++) {
        const x = Math.exp(lo + ((hi - lo) * g) / (GRID - 1));
        const l = loss(x);
        if (l < bestLoss) [best, bestLoss] = [x, l];
      }
      // Golden-section refinement within one grid step of the best point.
      const step = (hi - lo) / (GRID - 1);
      let a = Math.max(lo, Math.log(best) - step);
      let b = Math.min(hi, Math.log(best) + step);
      const phi = (Math.sqrt(5) - 1) / 2;
      for (let k = 0; k < GOLDEN_STEPS; k++) {
        const c = b - phi * (b - a);
        const d = a + phi * (b - a);
        const lc = loss(Math.exp(c));
        const ld = loss(Math.exp(d));
        if (lc < bestLoss) [best, bestLoss] = [Math.exp(c), lc];
        if (ld < bestLoss) [best, bestLoss] = [Math.exp(d), ld];
        if (lc < ld) b = d;
        else a = c;
      }
      setKnob(spec.id, best);
    }
    const next = rowLoss(cases, all, gpus) + penalty();
    const gain = objective - next;
    objective = next;
    if (gain < CONVERGED * objective) break;
  }
  const knobs: Record<string, number> = {};
  for (const spec of specs) knobs[spec.id] = Number(getKnob(spec.id).toPrecision(4));
  applyKnobs(knobs);
  const loss = rowLoss(cases, all, gpus);
  return { knobs, fitted: specs.map((s) => s.id), loss, objective: loss + penalty() };
}

/**
 * Where the fit starts besides the priors. The sustained-clock pair (sustainedWattsPerSm,
 * clockPowerExponent) has two basins: a shallow exponent with a high prefill efficiency, and a
 * steep one with a lower efficiency; coordinate descent from the priors can settle in either
 * (a source's rows tip it), so the fit also starts in the steep one and keeps whichever ends lower.
 */
export const FIT_STARTS: readonly Record<string, number>[] = [{}, { "global/clockPowerExponent": 1 }];

/** fitKnobs from each of FIT_STARTS; the fit with the lowest objective (squared log error + ridge) is kept and left applied. */
export function fitKnobsMultiStart(cases: readonly Case[], train: ReadonlySet<number>, gpus: readonly CatalogGpu[], deps: Map<string, number[]>, sweeps = SWEEPS): FitResult {
  let best: FitResult | null = null;
  for (const start of FIT_STARTS) {
    const result = fitKnobs(cases, train, gpus, deps, sweeps, start);
    if (!best || result.objective < best.objective) best = result;
  }
  applyKnobs(PRIOR_KNOBS);
  applyKnobs(best!.knobs);
  return best!;
}
