import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TSX } from "./helpers/db";

/** The model commands of the CLI contract, on one fresh embedded database (migrated and seeded on first use). */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "advisor-cli-model-"));
const env = { ADVISOR_DATA_DIR: path.join(dir, "db") };

function advisor(args: string[], input?: string) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  const result = spawnSync(TSX, ["lib/cli.ts", ...args], { encoding: "utf8", env: childEnv, input, timeout: 110_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

beforeAll(() => {
  // First use migrates and seeds; later calls reuse the database.
  expect(advisor(["gpus", "--json"]).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("advisor estimate", () => {
  it("prints one Estimate with the contract's fields", () => {
    const result = advisor(["estimate", "--gpu", "a100-sxm4-80gb", "--count", "2", "--workload", file("w.json", { model: "llama-2-70b", precision: "fp16" }), "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const e = JSON.parse(result.stdout);
    expect(e).toMatchObject({ gpu: "a100-sxm4-80gb", count: 2, fits: true, minGpusToFit: 2 });
    for (const key of ["weightsGB", "kvCacheGB", "activationsGB", "gradientsGB", "optimizerGB", "overheadGB", "totalGB", "perGpuGB", "capacityGB"]) {
      expect(typeof e.memory[key]).toBe("number");
    }
    for (const key of ["prefillTokensPerSecond", "decodeTokensPerSecond", "throughputTokensPerSecond", "timeToFirstTokenSeconds"]) expect(e[key]).toBeGreaterThan(0);
    expect(e).toHaveProperty("costPerMillionOutputTokensUsd");
    expect(["memory-bandwidth", "compute", "interconnect", "memory-capacity"]).toContain(e.bottleneck);
    expect(e.assumptions.length).toBeGreaterThan(0);
  });

  it("reads the workload from standard input with -", () => {
    const result = advisor(["estimate", "--gpu", "rtx-4090", "--workload", "-", "--json"], JSON.stringify({ task: "finetune", model: "llama-3.1-8b", method: "qlora" }));
    expect(result.code).toBe(0);
    const e = JSON.parse(result.stdout);
    expect(e.tokensPerSecond).toBeGreaterThan(0);
    expect(e.hours).toBeGreaterThan(0);
    expect(e).toHaveProperty("costUsd");
    expect(e).toHaveProperty("energyKWh");
  });

  it("--cases runs many in one process, in order, with errors in place", () => {
    const cases = [
      { gpu: "rtx-4090", workload: { model: "llama-3.1-8b", precision: "q4_k_m" } },
      { gpu: "no-such-gpu", workload: { model: "llama-3.1-8b" } },
      { gpu: "rtx-4090", workload: { model: "llama-3.1-8b", batchSize: -1 } },
      { gpu: "h100-sxm", count: 8, workload: { model: "llama-3.1-405b", precision: "fp8" } },
    ];
    const result = advisor(["estimate", "--cases", file("cases.json", cases), "--json"]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toHaveLength(4);
    expect(out[0].gpu).toBe("rtx-4090");
    expect(out[1].error).toMatch(/gpu/);
    expect(out[2].error).toMatch(/workload\.batchSize/);
    expect(out[3]).toMatchObject({ gpu: "h100-sxm", count: 8 });
  });

  it.each([
    [["estimate", "--gpu", "rtx-4090", "--workload", "W", "--json"], { model: "llama-3.1-8b", precision: "fp64" }, /workload\.precision/],
    [["estimate", "--gpu", "rtx-4090", "--workload", "W", "--json"], { model: "gpt-9" }, /workload\.model: unknown model preset/],
    [["estimate", "--gpu", "rtx-4090", "--workload", "W", "--json"], "{not json", /not valid JSON/],
    [["estimate", "--gpu", "nope", "--workload", "W", "--json"], { model: "gpt2" }, /unknown GPU slug "nope"/],
    [["estimate", "--workload", "W", "--json"], { model: "gpt2" }, /missing --gpu/],
    [["recommend", "--workload", "W", "--objective", "prettiest", "--json"], { model: "gpt2" }, /--objective/],
  ])("bad input exits 2 with one line naming the field (%#)", (args, workload, message) => {
    const result = advisor(args.map((a) => (a === "W" ? file("bad.json", workload) : a)));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("advisor recommend and models", () => {
  it("recommend ranks fitting configurations under the constraints", () => {
    const result = advisor(["recommend", "--workload", file("r.json", { model: "llama-3.1-8b", precision: "q4_k_m" }), "--objective", "cheapest", "--budget-usd", "2000", "--max-gpus", "1", "--json"]);
    expect(result.code).toBe(0);
    const r = JSON.parse(result.stdout);
    expect(r.results.length).toBeGreaterThan(0);
    for (const config of r.results) {
      expect(config.estimate.fits).toBe(true);
      expect(config.estimate.count).toBe(1);
      if (config.costKind === "purchase") expect(config.cost).toBeLessThanOrEqual(2000);
    }
    // Needs first (docs/recommendations.md): among configurations that meet the need, the lowest total cost over the horizon first.
    const costs = r.results.filter((c: { meetsTarget: boolean }) => c.meetsTarget).map((c: { horizonCostUsd: number | null }) => c.horizonCostUsd).filter((c: number | null) => c != null);
    expect(costs.length).toBeGreaterThan(0);
    expect(costs).toEqual([...costs].sort((a: number, b: number) => a - b));
  });

  it("recommend takes the usage horizon and the need as flags", () => {
    const result = advisor(["recommend", "--workload", file("h.json", { model: "llama-3.1-8b", precision: "q4_k_m" }), "--hours-per-week", "20", "--months", "12", "--target-tokens-per-second", "15", "--json"]);
    expect(result.code).toBe(0);
    const r = JSON.parse(result.stdout);
    expect(r.horizon).toMatchObject({ basis: "usage", hoursPerWeek: 20, months: 12 });
    expect(r.need).toMatchObject({ tokensPerSecond: 15, defaultSpeed: false });
    const bad = advisor(["recommend", "--workload", file("h2.json", { model: "llama-3.1-8b" }), "--hours-per-week", "500", "--json"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usageHoursPerWeek/);
  });

  it("models --json lists at least 30 presets with their sources", () => {
    const result = advisor(["models", "--json"]);
    expect(result.code).toBe(0);
    const presets = JSON.parse(result.stdout);
    expect(presets.length).toBeGreaterThanOrEqual(30);
    expect(presets.every((p: { sources: Record<string, string> }) => Object.keys(p.sources).length > 0)).toBe(true);
  });

  it("models --hf-config reads a pasted config.json", () => {
    const result = advisor(["models", "--hf-config", "tests/fixtures/hf-configs/llama-3.1-8b.json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ layers: 32, kvHeads: 8 });
  });
});
