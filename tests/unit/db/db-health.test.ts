import { afterEach, describe, expect, it, vi } from "vitest";
import { databaseDown, isDatabaseUnavailable, reportDatabaseDown, reportDatabaseUp, setDatabaseProbe } from "@/lib/db-health";

describe("database health", () => {
  afterEach(() => {
    reportDatabaseUp();
    vi.useRealTimers();
  });

  it("tells an unreachable database from a bad query", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const shutdown = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const wrapped = Object.assign(new Error("driver error"), { cause: { code: "ECONNRESET", message: "read ECONNRESET" } });
    const busy = Object.assign(new Error("in use by process 12"), { name: "DatabaseBusyError" });
    for (const error of [refused, shutdown, wrapped, busy]) expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    const syntax = Object.assign(new Error('syntax error at or near "SELEC"'), { code: "42601" });
    const unique = Object.assign(new Error("Unique constraint failed"), { code: "P2002" });
    for (const error of [syntax, unique, null, undefined, "text"]) expect(isDatabaseUnavailable(error), String(error)).toBe(false);
  });

  it("once reported down, probes every second until the database answers, then is up", async () => {
    vi.useFakeTimers();
    let answers = false;
    const probe = vi.fn(async () => {
      if (!answers) throw new Error("connect ECONNREFUSED");
    });
    setDatabaseProbe(probe);
    expect(databaseDown()).toBe(false);
    reportDatabaseDown();
    reportDatabaseDown();
    expect(databaseDown()).toBe(true);
    await vi.advanceTimersByTimeAsync(3000);
    expect(probe).toHaveBeenCalledTimes(3);
    expect(databaseDown()).toBe(true);
    answers = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(databaseDown()).toBe(false);
    // Up again: no more probing.
    await vi.advanceTimersByTimeAsync(5000);
    expect(probe).toHaveBeenCalledTimes(4);
  });

  it("never runs two probes at once against a database that hangs", async () => {
    vi.useFakeTimers();
    const probe = vi.fn(() => new Promise<void>((resolve) => setTimeout(resolve, 10_000)));
    setDatabaseProbe(probe);
    reportDatabaseDown();
    await vi.advanceTimersByTimeAsync(5000);
    expect(probe).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(7000);
    expect(databaseDown()).toBe(false);
  });
});
