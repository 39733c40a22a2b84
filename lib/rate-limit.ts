import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { clientAddress } from "./http";
import { directQuery } from "./direct-sql";

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

const DAY_SECONDS = 24 * 60 * 60;

/**
 * The limits, and through them the storage bound: shares at most SHARE_GLOBAL a day in all (each
 * snapshot ≤ 20 KB, kept SHARE_RETENTION_DAYS: lib/share/retention.ts), benchmark runs at most
 * BENCHMARK_GLOBAL a day (~0.3 KB each). docs/security.md works out the sizes.
 */
export const RATE_LIMITS = {
  share: { name: "share", limit: 30, windowSeconds: 60 },
  shareDay: { name: "share_day", limit: 200, windowSeconds: DAY_SECONDS },
  shareGlobal: { name: "share_global", limit: 2000, windowSeconds: DAY_SECONDS },
  benchmark: { name: "benchmark", limit: 10, windowSeconds: 3600 },
  benchmarkDay: { name: "benchmark_day", limit: 50, windowSeconds: DAY_SECONDS },
  benchmarkGlobal: { name: "benchmark_global", limit: 2000, windowSeconds: DAY_SECONDS },
} satisfies Record<string, RateLimitRule>;

/** The subject of a quota shared by every client. */
export const EVERYONE = "everyone";

const SALT_SETTING = "client-hash-salt";
const SALT = Symbol.for("gpu-advisor.client-hash-salt");
const store = globalThis as Record<symbol, string | undefined>;

/**
 * The salt of client hashes: ADVISOR_HASH_SALT when set, else 256 random bits made at first start
 * and kept in the Setting table, so every node hashes alike and no public default exists (an
 * IPv4 address hashed with a known salt is reversed by trying all 2^32). lib/db.ts loads it when
 * it opens the database; it lives on globalThis because each route bundle has its own module copy.
 */
export async function loadClientHashSalt(prisma: PrismaClient): Promise<string> {
  const configured = process.env.ADVISOR_HASH_SALT?.trim();
  if (configured) return (store[SALT] = configured);
  const fresh = randomBytes(32).toString("base64url");
  await prisma.$executeRaw`INSERT INTO "Setting" ("key", "value") VALUES (${SALT_SETTING}, ${fresh}) ON CONFLICT ("key") DO NOTHING`;
  const row = await prisma.setting.findUniqueOrThrow({ where: { key: SALT_SETTING } });
  return (store[SALT] = row.value);
}

/**
 * A salted hash of the client's address (lib/http.ts clientAddress: the socket, or the hop before
 * the trusted proxies): what rate limits, quotas and stored rows key on; never a raw IP. Every
 * per-client limit should use this one function.
 */
export function clientKey(request: Request | Headers): string {
  return createHash("sha256").update(`${clientHashSaltValue()}:${clientAddress(request)}`).digest("hex").slice(0, 32);
}

/** The loaded salt (also the key of sign-in device tokens). */
export function clientHashSaltValue(): string {
  // A per-process random salt before the database is open: unreachable in the app, never a public one.
  return (store[SALT] ??= randomBytes(32).toString("base64url"));
}

/** ADVISOR_RATE_LIMIT_<NAME> (e.g. _SHARE, _SHARE_DAY, _SHARE_GLOBAL) overrides a rule's limit (load tests raise it; 0 is not allowed). */
function effectiveLimit(rule: RateLimitRule): number {
  const override = Number(process.env[`ADVISOR_RATE_LIMIT_${rule.name.toUpperCase()}`]);
  return Number.isInteger(override) && override > 0 ? override : rule.limit;
}

/** Counts one hit of `subject` against `rule`. */
export async function hitRateLimit(prisma: PrismaClient, rule: RateLimitRule, subject: string, now = new Date()): Promise<RateLimitResult> {
  const [row] = await countHits(prisma, [[rule, subject]], now);
  return resultOf(rule, row, now);
}

/** A counted hit read against its rule: allowed, how many are left, and when its window resets. */
function resultOf(rule: RateLimitRule, row: QuotaRow, now: Date): RateLimitResult {
  const limit = effectiveLimit(rule);
  const count = Number(row.count);
  const resetsAt = new Date(row.windowStart).getTime() + rule.windowSeconds * 1000;
  return {
    allowed: count <= limit,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil((resetsAt - now.getTime()) / 1000)),
  };
}

export interface QuotaRefusal {
  rule: RateLimitRule;
  /** Whether the refused quota is everyone's (the global daily cap) rather than this client's. */
  global: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts one hit against each [rule, subject] in order and stops at the first refused: a client
 * over its own limit does not use up the global quota. Null when every one allowed it.
 */
export async function hitQuotas(prisma: PrismaClient, quotas: [RateLimitRule, string][], now = new Date()): Promise<QuotaRefusal | null> {
  if (quotas.length === 0) return null;
  const rows = await countHits(prisma, quotas, now);
  // A missing row is a quota the chain stopped before (an earlier one refused): the loop never reaches it.
  const byIndex = new Map(rows.map((row) => [Number(row.i), row]));
  for (const [i, [rule, subject]] of quotas.entries()) {
    const row = byIndex.get(i);
    if (!row) break;
    const result = resultOf(rule, row, now);
    if (!result.allowed) return { rule, global: subject === EVERYONE, retryAfterSeconds: result.retryAfterSeconds };
  }
  return null;
}

interface QuotaRow {
  /** The quota's index in the list counted. */
  i: number;
  count: number;
  windowStart: Date;
}

function countHits(prisma: PrismaClient, quotas: [RateLimitRule, string][], now: Date): Promise<QuotaRow[]> {
  return directQuery(prisma)<QuotaRow>(chainedQuotaSql(quotas.length), chainedQuotaParams(quotas, now));
}

/**
 * The fixed-window upsert (the window resets when it has expired) for every quota, in one
 * statement (one round trip instead of one per quota, which is most of a share's cost on the
 * embedded database): each quota's upsert is a data-modifying CTE that selects from the one before
 * it, so it runs only when that one was allowed, as counting them one by one would (a client over
 * its own limit does not use up the global quota). hitRateLimit counts a chain of one.
 * Parameters: $1 now, then per quota its key, window start and limit (the last one's limit left out).
 * No input goes into the text.
 */
function chainedQuotaSql(count: number): string {
  const ctes: string[] = [];
  const selects: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `$${2 + 3 * i}::text`;
    const windowStart = `$${3 + 3 * i}::timestamp(3)`;
    const source = i === 0 ? "" : ` FROM q${i - 1} WHERE q${i - 1}."count" <= $${4 + 3 * (i - 1)}::int`;
    ctes.push(`q${i} AS (
      INSERT INTO "RateLimit" ("key", "windowStart", "count") SELECT ${key}, $1::timestamp(3), 1${source}
      ON CONFLICT ("key") DO UPDATE SET
        "count" = CASE WHEN "RateLimit"."windowStart" <= ${windowStart} THEN 1 ELSE "RateLimit"."count" + 1 END,
        "windowStart" = CASE WHEN "RateLimit"."windowStart" <= ${windowStart} THEN $1::timestamp(3) ELSE "RateLimit"."windowStart" END
      RETURNING "count", "windowStart")`);
    selects.push(`SELECT ${i} AS "i", "count", "windowStart" FROM q${i}`);
  }
  return `WITH ${ctes.join(",\n")}\n${selects.join(" UNION ALL ")}`;
}

function chainedQuotaParams(quotas: [RateLimitRule, string][], now: Date): unknown[] {
  const params: unknown[] = [now];
  for (const [rule, subject] of quotas) params.push(`${rule.name}:${subject}`, new Date(now.getTime() - rule.windowSeconds * 1000), effectiveLimit(rule));
  // The last quota's limit gates no later one, so the statement has no placeholder for it.
  params.pop();
  return params;
}
