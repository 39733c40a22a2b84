import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seedToCatalogGpu } from "@/lib/catalog/queries";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import { measurementSchema, percentile, scoreMeasurements, type Measurement } from "@/lib/model/validation";

const dir = path.join("tests", "fixtures", "measurements");
const measurements: Measurement[] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => (JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as unknown[]).map((row) => measurementSchema.parse(row)));
const gpus = loadSeedCatalog().gpus.map(seedToCatalogGpu);
const scored = scoreMeasurements(measurements, gpus);

const medianError = (metrics: string[]) =>
  percentile(
    scored.filter((s) => metrics.includes(s.measurement.metric) && s.error != null).map((s) => s.error!),
    50,
  );

describe("the validation set", () => {
  it("holds at least 60 sourced measurements of at least 12 GPUs from three vendors", () => {
    expect(measurements.length).toBeGreaterThanOrEqual(60);
    expect(new Set(measurements.map((m) => m.gpu)).size).toBeGreaterThanOrEqual(12);
    const vendors = new Set(measurements.map((m) => gpus.find((g) => g.slug === m.gpu)?.vendor));
    expect([...vendors].filter(Boolean).sort()).toEqual(expect.arrayContaining(["amd", "apple", "nvidia"]));
    expect(new Set(measurements.map((m) => m.id)).size).toBe(measurements.length);
  });

  it("names only GPUs that are in the catalog", () => {
    expect(measurements.filter((m) => !gpus.some((g) => g.slug === m.gpu)).map((m) => m.id)).toEqual([]);
  });
});

describe("model accuracy against published measurements (targets of issue 4)", () => {
  it("decode tokens/s: median error ≤ 15%", () => expect(medianError(["decodeTokensPerSecond", "throughputTokensPerSecond"])).toBeLessThanOrEqual(0.15));
  it("prefill tokens/s: median error ≤ 25%", () => expect(medianError(["prefillTokensPerSecond"])).toBeLessThanOrEqual(0.25));
  it("training throughput: median error ≤ 25%", () => expect(medianError(["trainingTokensPerSecond", "trainingSamplesPerSecond"])).toBeLessThanOrEqual(0.25));
  it("memory: median error ≤ 10%", () => expect(medianError(["memoryGB"])).toBeLessThanOrEqual(0.1));
  it("no prediction is off by more than 2x", () => {
    const worst = scored.filter((s) => s.error != null && s.error > 1).map((s) => `${s.measurement.id}: ${s.predicted} vs ${s.measurement.value}`);
    expect(worst).toEqual([]);
  });
});
