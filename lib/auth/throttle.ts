import type { PrismaClient } from "../../generated/prisma/client";

/**
 * Sign-in back-off: instead of locking an account (which anyone who knows the email can keep
 * locked), every failure makes the next attempt on the same key wait longer. The first
 * FREE_FAILURES failures cost nothing; the n-th after them waits 2^n seconds, capped at
 * MAX_DELAY_SECONDS; a key with no attempt for DECAY_SECONDS starts over.
 *
 *   failures:   1-4   5    6    7    8   …  13     14+
 *   next wait:   0    2 s  4 s  8 s  16 s …  512 s  900 s
 *
 * An attempt is counted as a failure *before* the password is checked, under a row lock, so
 * parallel requests cannot all pass the check before the failures are written (undo on success).
 */
export const FREE_FAILURES = 5;
export const MAX_DELAY_SECONDS = 15 * 60;
export const DECAY_SECONDS = 60 * 60;

/** Seconds the next attempt must wait after `failures` consecutive failures. */
export function backoffSeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES + 1), MAX_DELAY_SECONDS);
}

interface ThrottleRow {
  key: string;
  failures: number;
  blockedUntil: Date;
  updatedAt: Date;
}

export type Reservation = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Admits one attempt when none of `keys` is waiting, and then counts it as a failure on every key;
 * refuses (counting nothing) when any is, with the longest wait. Atomic per key set: the rows are
 * locked in key order for the length of one transaction.
 */
export async function reserveAttempt(prisma: PrismaClient, keys: string[], now = new Date()): Promise<Reservation> {
  const sorted = [...new Set(keys)].sort();
  const epoch = new Date(0);
  return prisma.$transaction(async (tx) => {
    const rows: ThrottleRow[] = [];
    for (const key of sorted) {
      await tx.$executeRaw`INSERT INTO "LoginThrottle" ("key", "failures", "blockedUntil", "updatedAt") VALUES (${key}, 0, ${epoch}, ${now}) ON CONFLICT ("key") DO NOTHING`;
      const [row] = await tx.$queryRaw<ThrottleRow[]>`SELECT "key", "failures", "blockedUntil", "updatedAt" FROM "LoginThrottle" WHERE "key" = ${key} FOR UPDATE`;
      rows.push(row);
    }
    const waitMs = Math.max(0, ...rows.map((row) => new Date(row.blockedUntil).getTime() - now.getTime()));
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
    for (const row of rows) {
      const stale = now.getTime() - new Date(row.updatedAt).getTime() > DECAY_SECONDS * 1000;
      const failures = (stale ? 0 : Number(row.failures)) + 1;
      const blockedUntil = new Date(now.getTime() + backoffSeconds(failures) * 1000);
      await tx.$executeRaw`UPDATE "LoginThrottle" SET "failures" = ${failures}, "blockedUntil" = ${blockedUntil}, "updatedAt" = ${now} WHERE "key" = ${row.key}`;
    }
    return { allowed: true };
  });
}

/** A successful sign-in: `clear` keys start over; `undo` keys just take back this attempt's failure. */
export async function attemptSucceeded(prisma: PrismaClient, clear: string[], undo: string[]): Promise<void> {
  if (clear.length > 0) await prisma.loginThrottle.deleteMany({ where: { key: { in: clear } } });
  for (const key of undo) {
    await prisma.$executeRaw`UPDATE "LoginThrottle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${key}`;
  }
}

/** Rows whose wait and decay have both passed say nothing: delete them (called now and then). */
export async function pruneThrottle(prisma: PrismaClient, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - DECAY_SECONDS * 1000);
  return (await prisma.loginThrottle.deleteMany({ where: { updatedAt: { lt: before }, blockedUntil: { lt: now } } })).count;
}
