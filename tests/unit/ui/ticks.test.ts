import { describe, expect, it } from "vitest";
import { compactNumber, linearTicks, logTicks, tickBudget } from "@/components/ui/ticks";

describe("logTicks", () => {
  it("ticks 1-3 per decade when five labels fit over $120–$9,000", () => {
    expect(logTicks(120, 9_000, 5)).toEqual({ domain: [100, 10_000], ticks: [100, 300, 1_000, 3_000, 10_000] });
  });

  it("falls back to one tick per decade when only three fit", () => {
    expect(logTicks(120, 9_000, 3).ticks).toEqual([100, 1_000, 10_000]);
  });

  it("uses 1-2-5 steps inside a short span", () => {
    expect(logTicks(3, 40, 6)).toEqual({ domain: [2, 50], ticks: [2, 5, 10, 20, 50] });
  });

  it("skips decades when values span many (0.01 to 1e6 with room for 4 labels)", () => {
    const { ticks } = logTicks(0.01, 1e6, 4);
    expect(ticks.length).toBeLessThanOrEqual(4);
    expect(ticks[0]).toBeLessThanOrEqual(0.01);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(1e6);
  });

  it("covers a single value with the 1-2-5 ticks around it", () => {
    expect(logTicks(7, 7, 5).ticks).toEqual([5, 10]);
  });
});

describe("linearTicks", () => {
  it("steps by 50 up to 100 when five labels fit 0–87, by 20 when six do", () => {
    expect(linearTicks(0, 87, 5)).toEqual({ domain: [0, 100], ticks: [0, 50, 100] });
    expect(linearTicks(0, 87, 6).ticks).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it("starts at zero for positive data", () => {
    expect(linearTicks(12, 18, 4).ticks[0]).toBe(0);
  });
});

describe("labels", () => {
  it("abbreviates thousands and millions", () => {
    expect([950, 1_500, 20_000, 3_000_000, 0.05].map(compactNumber)).toEqual(["950", "1.5k", "20k", "3M", "0.05"]);
  });

  it("fits one label per 70 px: 5 across a 350 px phone axis, never fewer than 2", () => {
    expect(tickBudget(350, 70)).toBe(5);
    expect(tickBudget(60, 70)).toBe(2);
  });
});
