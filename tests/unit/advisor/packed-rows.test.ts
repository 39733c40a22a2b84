import { describe, expect, it } from "vitest";
import { packRows, SHOWN_FIELDS, unpackRows, type ShownRow } from "@/lib/advisor/packed-rows";
import type { TableRow } from "@/lib/advisor/results";

const row: TableRow = {
  rank: 2,
  gpu: "arc-b570",
  gpuName: "Intel Arc B570",
  count: 2,
  label: "2 × Intel Arc B570",
  perGpuGB: 9.1272,
  capacityGB: 10,
  speed: 20.357,
  speedLabel: "20.4 tok/s",
  cost: 438,
  costKind: "purchase",
  costLabel: "$438 to buy",
  energy: null,
  maxContextTokens: 14085,
  maxContextLabel: "14,085 tokens",
  confidence: "estimated",
  bottleneck: "memory-bandwidth",
  pareto: false,
  meetsTarget: true,
};

describe("packed table rows", () => {
  it("send each row as an array of the shown fields, without their keys or the fields the table never reads", () => {
    const [packed] = packRows([row]);
    expect(packed).toHaveLength(SHOWN_FIELDS.length);
    expect(packed.slice(0, 4)).toEqual([2, "arc-b570", 2, "2 × Intel Arc B570"]);
    const text = JSON.stringify(packed);
    for (const absent of ["gpuName", "purchase", "memory-bandwidth", "rank"]) expect(text).not.toContain(absent);
  });

  it("unpack to the same values, nulls and booleans included", () => {
    const back: ShownRow[] = unpackRows(JSON.parse(JSON.stringify(packRows([row]))));
    expect(back).toEqual([
      {
        rank: 2,
        gpu: "arc-b570",
        count: 2,
        label: "2 × Intel Arc B570",
        perGpuGB: 9.1272,
        capacityGB: 10,
        speed: 20.357,
        speedLabel: "20.4 tok/s",
        cost: 438,
        costLabel: "$438 to buy",
        energy: null,
        maxContextTokens: 14085,
        maxContextLabel: "14,085 tokens",
        confidence: "estimated",
        pareto: false,
        meetsTarget: true,
      },
    ]);
  });
});
