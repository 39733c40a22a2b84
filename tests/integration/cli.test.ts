import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogGpu } from "@/lib/catalog/types";
import { testTargets, TSX, type FreshDatabase } from "./helpers/db";

/** Runs `tsx lib/cli.ts …` against the given database environment. */
function advisor(args: string[], env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  delete childEnv.ADVISOR_DATA_DIR;
  const result = spawnSync(TSX, ["lib/cli.ts", ...args], { encoding: "utf8", env: { ...childEnv, ...env }, timeout: 110_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.each(testTargets())("the advisor CLI on $name", ({ create }) => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("`gpus --json` migrates and seeds a fresh database and prints a JSON array", () => {
    const result = advisor(["gpus", "--json"], db.env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const gpus = JSON.parse(result.stdout) as CatalogGpu[];
    expect(Array.isArray(gpus)).toBe(true);
    expect(gpus.length).toBeGreaterThanOrEqual(60);
    expect(gpus[0]).toEqual(expect.objectContaining({ slug: expect.any(String), memoryGB: expect.any(Number), sources: expect.any(Object) }));
  });

  it("`gpus --vendor amd --json` keeps only AMD GPUs", () => {
    const result = advisor(["gpus", "--vendor", "amd", "--json"], db.env);
    expect(result.code).toBe(0);
    const gpus = JSON.parse(result.stdout) as CatalogGpu[];
    expect(gpus.length).toBeGreaterThan(0);
    expect(gpus.every((g) => g.vendor === "amd")).toBe(true);
  });
});

describe("the advisor CLI's usage errors", () => {
  it.each([
    ["gpus --bogus", /bogus/],
    ["gpus --vendor matrox", /vendor/],
    ["gpus --min-memory-gb lots", /minMemoryGB/],
  ])("`advisor %s` exits 2 with a one-line message", (command, mentions) => {
    const result = advisor(command.split(" "), { ADVISOR_DATA_DIR: "/nonexistent/never-opened" });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(mentions);
  });

  it("an unknown command exits 2 with the usage", () => {
    const result = advisor(["frobnicate"], { ADVISOR_DATA_DIR: "/nonexistent/never-opened" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain("usage: advisor");
  });
});
