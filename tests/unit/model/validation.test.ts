import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedToCatalogGpu } from "@/lib/catalog/queries";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import { bandsByRule, type Residual } from "@/lib/model/bands";
import { applyErrorBands, applyKnobs, SHIPPED_BANDS, snapshotKnobs, type Platform } from "@/lib/model/calibration";
import { fitKnobsMultiStart, knobDependencies } from "@/lib/model/fit";
import { engineOf, measurementSchema, METRICS, percentile, predictCase, rangeKey, scoreMeasurements, sourceOf, toCases, type Measurement } from "@/lib/model/validation";

const dir = path.join("tests", "fixtures", "measurements");
const rows = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as unknown[]);
const measurements: Measurement[] = rows.map((row) => measurementSchema.parse(row));
const gpus = loadSeedCatalog().gpus.map(seedToCatalogGpu);
const shipped = snapshotKnobs();
afterAll(() => applyKnobs(shipped));

describe("the validation set", () => {
  it("holds at least 250 measurements of at least 20 GPUs from three vendors and 15 independent sources", () => {
    expect(measurements.length).toBeGreaterThanOrEqual(250);
    expect(new Set(measurements.map((m) => m.gpu)).size).toBeGreaterThanOrEqual(20);
    const vendors = new Set(measurements.map((m) => gpus.find((g) => g.slug === m.gpu)?.vendor));
    expect([...vendors].filter(Boolean).sort()).toEqual(expect.arrayContaining(["amd", "apple", "nvidia"]));
    expect(new Set(measurements.map(sourceOf)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(measurements.map((m) => m.id)).size).toBe(measurements.length);
  });

  it("every row names its source and date", () => {
    expect(measurements.filter((m) => !m.source || !m.date).map((m) => m.id)).toEqual([]);
  });

  it("names only GPUs that are in the catalog", () => {
    expect(measurements.filter((m) => !gpus.some((g) => g.slug === m.gpu)).map((m) => m.id)).toEqual([]);
  });

  it("keeps an engine outside the workload schema on the row and scores it on the default engine", () => {
    const row = { ...(rows[0] as Record<string, unknown>) };
    row.workload = { ...(row.workload as Record<string, unknown>), engine: "tinychat" };
    const parsed = measurementSchema.parse(row);
    expect(parsed.engine).toBe("tinychat");
    expect(parsed.workload.engine).toBeUndefined();
  });
});

describe("the fitted model against every published measurement", () => {
  const scored = scoreMeasurements(measurements, gpus);
  const median = (metrics: string[]) =>
    percentile(
      scored.filter((s) => metrics.includes(s.measurement.metric) && s.error != null).map((s) => s.error!),
      50,
    );
  it("decode tokens/s: median error ≤ 12%", () => expect(median(["decodeTokensPerSecond"])).toBeLessThanOrEqual(0.12));
  it("prefill tokens/s: median error ≤ 25%", () => expect(median(["prefillTokensPerSecond"])).toBeLessThanOrEqual(0.25));
  it("training throughput: median error ≤ 25%", () => expect(median(["trainingTokensPerSecond", "trainingSamplesPerSecond"])).toBeLessThanOrEqual(0.25));
  // 13.9% since LitGPT's double-quantized QLoRA peaks joined its other QLoRA rows 22% above the
  // estimate (docs/accuracy.md, "The last revision"); was 10.8% without them.
  it("memory: median error ≤ 15%", () => expect(median(["memoryGB"])).toBeLessThanOrEqual(0.15));
});

describe("ranges on sources the fit did not see", () => {
  // FOLDS folds by source (every row of a source in one fold). The knobs are fitted on the other
  // folds and predict this one, so every row gets a held-out prediction. The ranges a fold is scored
  // against are built by the shipped rule of each metric family (error-bands.json `rules`, chosen
  // by npm run eval) from the other folds' held-out residuals only, applied, and read back from
  // estimate().ranges: the check sees what the advisor shows, built without the measurements it is
  // checked on.
  const shippedRules = SHIPPED_BANDS.rules;
  const { cases } = toCases(measurements, gpus);
  const sources = [...new Set(cases.map((c) => c.source))].sort();
  const FOLDS = 3;
  const foldOf = new Map(sources.map((s, i) => [s, i % FOLDS]));
  const vendorOf = new Map(gpus.map((g) => [g.slug, g.vendor]));
  applyKnobs(shipped);
  const deps = knobDependencies(cases, gpus);
  const engines = cases.map((c) => engineOf(c.measurement, predictCase(c, gpus).estimate));
  const foldKnobs: Record<string, number>[] = [];
  const residuals: (Residual | null)[] = cases.map(() => null);
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = new Set(cases.map((c, i) => (foldOf.get(c.source) === fold ? -1 : i)).filter((i) => i >= 0));
    const fitted = fitKnobsMultiStart(cases, train, gpus, deps);
    foldKnobs.push(snapshotKnobs());
    const seen = new Set([...train].map((i) => engines[i]));
    cases.forEach((c, i) => {
      if (foldOf.get(c.source) !== fold) return;
      const { value } = predictCase(c, gpus);
      if (value == null || !(value > 0)) return;
      const vendor = (vendorOf.get(c.measurement.gpu) ?? "nvidia") as Platform;
      residuals[i] = { family: c.family, vendor, source: c.source, unseenEngine: !seen.has(engines[i]) || c.measurement.engine != null, ratio: c.measurement.value / value };
    });
    expect(fitted.fitted.length).toBeGreaterThan(0);
  }
  const inside: Record<string, boolean[]> = {};
  for (let fold = 0; fold < FOLDS; fold++) {
    const others = residuals.filter((r, i): r is Residual => r != null && foldOf.get(cases[i].source) !== fold);
    const previous = applyErrorBands(bandsByRule(others, shippedRules, SHIPPED_BANDS.thinVendor));
    applyKnobs(foldKnobs[fold]);
    cases.forEach((c) => {
      if (foldOf.get(c.source) !== fold) return;
      const { value, estimate } = predictCase(c, gpus);
      const range = estimate.ranges[rangeKey(c.measurement.metric)];
      if (value == null || !range) return;
      (inside[c.measurement.metric] ??= []).push(c.measurement.value >= range.low && c.measurement.value <= range.high);
    });
    applyErrorBands(previous);
  }
  applyKnobs(shipped);

  for (const metric of METRICS) {
    it(`${metric}: at least 80% of measurements fall inside ranges built without their source`, () => {
      const hits = inside[metric] ?? [];
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.filter(Boolean).length / hits.length).toBeGreaterThanOrEqual(0.8);
    });
  }
});
