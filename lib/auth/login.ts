import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client";
import { clientHashSaltValue } from "../rate-limit";
import { burnVerifyTime, verifyPassword } from "./password";
import { createSession } from "./session";
import { attemptSucceeded, pruneThrottle, reserveAttempt } from "./throttle";

/**
 * Sign-in with progressive back-off (lib/auth/throttle.ts) on two keys:
 * - the client (its salted address hash): one client guessing across many accounts slows down;
 * - the account (a hash of the email, whether or not an account has it): many clients guessing one
 *   account slow down. A browser that has signed in to that account before carries a device
 *   cookie that skips this key, so an outsider who keeps failing on an admin's email delays only
 *   themselves and new browsers, never the admin's own.
 * Unknown and known emails go through the same steps (one reservation, one user lookup, one argon2
 * verify, no other write), so answers, Retry-After and timing do not tell which emails exist.
 */
export const INVALID_CREDENTIALS = "invalid email or password";
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

export const loginRequestSchema = z
  .object({
    email: z.string().trim().toLowerCase().min(1, "required").max(254),
    password: z.string().min(1, "required").max(256),
  })
  .strict();

export type SignInResult =
  | { ok: true; token: string; csrfToken: string; expiresAt: Date; deviceToken: string; user: { id: number; email: string; role: string } }
  | { ok: false; status: 401 | 429; error: string; retryAfterSeconds?: number };

/** The back-off key of an email, whether or not an account has it (listed on the users page). */
export function accountThrottleKey(email: string): string {
  return `account:${createHash("sha256").update(email).digest("hex").slice(0, 32)}`;
}

/** Proof that this browser signed in to `email` once: an HMAC under the server's salt, kept in a cookie. */
export function deviceToken(email: string): string {
  return createHmac("sha256", clientHashSaltValue()).update(`sign-in-device:${email}`).digest("base64url");
}

function isKnownDevice(email: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(deviceToken(email));
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function tooManyAttempts(retryAfterSeconds: number): string {
  return `too many failed sign-ins: try again in ${retryAfterSeconds} s`;
}

export async function signIn(
  prisma: PrismaClient,
  input: z.infer<typeof loginRequestSchema>,
  client: string,
  options: { device?: string; now?: Date } = {},
): Promise<SignInResult> {
  const now = options.now ?? new Date();
  const clientKey = `client:${client}`;
  const accountKey = accountThrottleKey(input.email);
  const knownDevice = isKnownDevice(input.email, options.device);
  const keys = knownDevice ? [clientKey] : [clientKey, accountKey];
  const reservation = await reserveAttempt(prisma, keys, now);
  if (!reservation.allowed) {
    return { ok: false, status: 429, error: tooManyAttempts(reservation.retryAfterSeconds), retryAfterSeconds: reservation.retryAfterSeconds };
  }

  const user = await prisma.user.findUnique({ where: { email: input.email } });
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : (await burnVerifyTime(input.password), false);
  if (!user || !valid) return { ok: false, status: 401, error: INVALID_CREDENTIALS };

  await attemptSucceeded(prisma, [clientKey], knownDevice ? [] : [accountKey]);
  await pruneThrottle(prisma, now);
  const session = await createSession(prisma, user.id, now);
  return { ok: true, ...session, deviceToken: deviceToken(user.email), user: { id: user.id, email: user.email, role: user.role } };
}
