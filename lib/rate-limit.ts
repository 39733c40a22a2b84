import { createHash } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";

/**
 * Fixed-window rate limits stored in the database, so they hold across every app node.
 * One atomic upsert per hit: the window resets when it has expired.
 */
export interface RateLimitRule {
  /** Namespace, e.g. "share" or "login". */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export const RATE_LIMITS = {
  share: { name: "share", limit: 30, windowSeconds: 60 },
  benchmark: { name: "benchmark", limit: 10, windowSeconds: 3600 },
  login: { name: "login", limit: 10, windowSeconds: 300 },
} satisfies Record<string, RateLimitRule>;

/** A salted hash of the client address: rate-limit keys and stored rows never hold a raw IP. */
export function clientKey(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const address = forwarded || request.headers.get("x-real-ip") || "local";
  const salt = process.env.ADVISOR_HASH_SALT ?? "gpu-advisor";
  return createHash("sha256").update(`${salt}:${address}`).digest("hex").slice(0, 32);
}

/** ADVISOR_RATE_LIMIT_<NAME> overrides a rule's limit (load tests raise it; 0 is not allowed). */
function effectiveLimit(rule: RateLimitRule): number {
  const override = Number(process.env[`ADVISOR_RATE_LIMIT_${rule.name.toUpperCase()}`]);
  return Number.isInteger(override) && override > 0 ? override : rule.limit;
}

export async function hitRateLimit(prisma: PrismaClient, rule: RateLimitRule, subject: string, now = new Date()): Promise<RateLimitResult> {
  const limit = effectiveLimit(rule);
  const key = `${rule.name}:${subject}`;
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  const rows = await prisma.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (${key}, ${now}, 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" <= ${windowStart} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= ${windowStart} THEN ${now} ELSE "RateLimit"."windowStart" END
    RETURNING "count", "windowStart"`;
  const row = rows[0];
  const count = Number(row.count);
  const resetsAt = new Date(row.windowStart).getTime() + rule.windowSeconds * 1000;
  return {
    allowed: count <= limit,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil((resetsAt - now.getTime()) / 1000)),
  };
}
