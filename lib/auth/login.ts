import { createHash } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client";
import { hitRateLimit, RATE_LIMITS, type RateLimitRule } from "../rate-limit";
import { burnVerifyTime, verifyPassword } from "./password";
import { createSession } from "./session";

/**
 * Sign-in: rate-limited per client and per email, locked for LOCKOUT_MINUTES after
 * LOCKOUT_AFTER consecutive failures. Unknown emails get the same answer, the same lock-out
 * (counted in the RateLimit table) and about the same time (a verify against a dummy hash), so
 * the endpoint does not tell which emails have accounts.
 */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MINUTES = 15;
export const INVALID_CREDENTIALS = "invalid email or password";
export const LOCKED_OUT = `too many failed sign-ins: try again in ${LOCKOUT_MINUTES} minutes`;

const unknownEmailFailures: RateLimitRule = { name: "login-fail", limit: LOCKOUT_AFTER, windowSeconds: LOCKOUT_MINUTES * 60 };

export const loginRequestSchema = z
  .object({
    email: z.string().trim().toLowerCase().min(1, "required").max(254),
    password: z.string().min(1, "required").max(256),
  })
  .strict();

export type SignInResult =
  | { ok: true; token: string; csrfToken: string; expiresAt: Date; user: { id: number; email: string; role: string } }
  | { ok: false; status: 401 | 429; error: string; retryAfterSeconds?: number };

function emailKey(email: string): string {
  return createHash("sha256").update(email).digest("hex").slice(0, 32);
}

export async function signIn(prisma: PrismaClient, input: z.infer<typeof loginRequestSchema>, client: string, now = new Date()): Promise<SignInResult> {
  const perClient = await hitRateLimit(prisma, RATE_LIMITS.login, `client:${client}`, now);
  const perEmail = await hitRateLimit(prisma, RATE_LIMITS.login, `email:${emailKey(input.email)}`, now);
  if (!perClient.allowed || !perEmail.allowed) {
    const retryAfterSeconds = Math.max(perClient.allowed ? 0 : perClient.retryAfterSeconds, perEmail.allowed ? 0 : perEmail.retryAfterSeconds);
    return { ok: false, status: 429, error: "too many sign-in attempts: wait a few minutes", retryAfterSeconds };
  }

  const user = await prisma.user.findUnique({ where: { email: input.email } });
  if (!user) {
    await burnVerifyTime(input.password);
    const failures = await hitRateLimit(prisma, unknownEmailFailures, emailKey(input.email), now);
    // The (LOCKOUT_AFTER+1)-th attempt is the first refused as locked, as for a real account.
    return failures.allowed
      ? { ok: false, status: 401, error: INVALID_CREDENTIALS }
      : { ok: false, status: 401, error: LOCKED_OUT, retryAfterSeconds: failures.retryAfterSeconds };
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
    await burnVerifyTime(input.password);
    return { ok: false, status: 401, error: LOCKED_OUT, retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000) };
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const updated = await prisma.user.update({ where: { id: user.id }, data: { failedLogins: { increment: 1 } } });
    if (updated.failedLogins >= LOCKOUT_AFTER) {
      await prisma.user.update({
        where: { id: user.id },
        data: { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) },
      });
    }
    return { ok: false, status: 401, error: INVALID_CREDENTIALS };
  }
  if (user.failedLogins !== 0 || user.lockedUntil) {
    await prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
  }
  const session = await createSession(prisma, user.id, now);
  return { ok: true, ...session, user: { id: user.id, email: user.email, role: user.role } };
}
