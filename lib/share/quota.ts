import type { PrismaClient } from "../../generated/prisma/client";
import { jsonError } from "../http";
import { clientKey, EVERYONE, hitQuotas, RATE_LIMITS } from "../rate-limit";

/**
 * The bound on share storage: per client at most RATE_LIMITS.share a minute and .shareDay a day,
 * at most .shareGlobal a day from everyone together; each snapshot is at most ~20 KB and kept
 * SHARE_RETENTION_DAYS, then deleted when new shares are made (storage grows only through them).
 * Worst case: 2,000 a day × 20 KB × 365 days ≈ 14.6 GB (docs/security.md).
 */
export const SHARE_RETENTION_DAYS = 365;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
let lastPrune = 0;

/** A 429 with Retry-After when this request is over a share quota, else null. */
export async function shareQuotaRefusal(prisma: PrismaClient, request: Request, now = new Date()): Promise<Response | null> {
  const client = clientKey(request);
  const refused = await hitQuotas(prisma, [[RATE_LIMITS.share, client], [RATE_LIMITS.shareDay, client], [RATE_LIMITS.shareGlobal, EVERYONE]], now);
  if (!refused) {
    if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = now.getTime();
      await pruneExpiredShares(prisma, now);
    }
    return null;
  }
  const wait = refused.retryAfterSeconds;
  const message = refused.global
    ? `the site's daily limit of shared recommendations is reached; try again in ${wait} s`
    : `too many shared recommendations from this client; try again in ${wait} s`;
  return jsonError(429, message, undefined, { "retry-after": String(wait) });
}

/** Deletes snapshots older than SHARE_RETENTION_DAYS; returns how many. */
export async function pruneExpiredShares(prisma: PrismaClient, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - SHARE_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  return (await prisma.recommendation.deleteMany({ where: { createdAt: { lt: before } } })).count;
}
