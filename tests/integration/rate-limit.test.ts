import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db";
import { EVERYONE, hitQuotas, type RateLimitRule } from "@/lib/rate-limit";
import { testTargets, type FreshDatabase } from "./helpers/db";

/** hitQuotas() counts a chain of quotas in one statement: each counted only while every earlier one allows. */
describe.each(testTargets())("chained quotas on $name", ({ create }) => {
  let fresh: FreshDatabase;
  let db: Database;
  const perClient: RateLimitRule = { name: "test_client", limit: 2, windowSeconds: 60 };
  const global: RateLimitRule = { name: "test_global", limit: 3, windowSeconds: 3600 };
  const count = async (key: string) => (await db.prisma.rateLimit.findUnique({ where: { key } }))?.count ?? 0;

  beforeEach(async () => {
    fresh = await create();
    db = await openDatabase(fresh.target);
  });
  afterEach(async () => {
    await db.close();
    await fresh.destroy();
  });

  it("refuses a client over its own limit without using up the global quota, then refuses everyone at the global limit", async () => {
    const now = new Date("2026-11-30T12:00:00Z");
    const hit = (client: string, at = now) => hitQuotas(db.prisma, [[perClient, client], [global, EVERYONE]], at);
    expect(await hit("a")).toBeNull();
    expect(await hit("a")).toBeNull();
    const third = await hit("a");
    expect(third).toMatchObject({ rule: perClient, global: false });
    expect(third!.retryAfterSeconds).toBe(60);
    expect(await hit("a")).toMatchObject({ rule: perClient, global: false });
    // Client a's refused hits counted against a only: the global quota saw two.
    expect(await count("test_client:a")).toBe(4);
    expect(await count(`test_global:${EVERYONE}`)).toBe(2);

    expect(await hit("b")).toBeNull();
    const refused = await hit("b", new Date(now.getTime() + 600_000));
    expect(refused).toMatchObject({ rule: global, global: true });
    // The global window opened at `now`: it resets 3,600 s later, 3,000 s after this hit.
    expect(refused!.retryAfterSeconds).toBe(3000);
    // A client's window resets after its length: a is allowed again a minute later (until the global cap).
    expect(await hit("a", new Date(now.getTime() + 61_000))).toMatchObject({ global: true });
    expect(await count("test_client:a")).toBe(1);
  });
});
