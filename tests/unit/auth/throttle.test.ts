import { describe, expect, it } from "vitest";
import { backoffSeconds, FREE_FAILURES, MAX_DELAY_SECONDS } from "@/lib/auth/throttle";

describe("sign-in back-off", () => {
  it("is free for the first 4 failures, then doubles from 2 s and stops at 15 minutes (the table in lib/auth/throttle.ts)", () => {
    expect(FREE_FAILURES).toBe(5);
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 13].map(backoffSeconds)).toEqual([2, 4, 8, 16, 512]);
    expect(backoffSeconds(14)).toBe(900);
    expect(backoffSeconds(1000)).toBe(MAX_DELAY_SECONDS);
    expect(MAX_DELAY_SECONDS).toBe(15 * 60);
  });

  it("lets a guesser at most ~96 guesses a day on one account once the wait is at its cap", () => {
    expect(Math.floor((24 * 3600) / backoffSeconds(20))).toBe(96);
  });
});
