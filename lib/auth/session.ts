import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Role } from "./password";

/**
 * Database sessions. The cookie holds a random 256-bit token; the Session row is keyed by its
 * SHA-256, so a leaked database dump holds no usable session. A session ends 2 h after its last
 * use (idle) or 12 h after sign-in (absolute), whichever comes first.
 */
export const SESSION_COOKIE = "advisor_session";
export const IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so reads don't turn into a write per request. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
}

export interface ActiveSession {
  user: SessionUser;
  csrfToken: string;
  expiresAt: Date;
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export async function createSession(prisma: PrismaClient, userId: number, now = new Date()): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS);
  await prisma.session.create({ data: { id: hashSessionToken(token), userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt } });
  return { token, csrfToken, expiresAt };
}

/** The session a token names, or null when unknown or expired (an expired row is deleted). */
export async function readSession(prisma: PrismaClient, token: string | undefined, now = new Date()): Promise<ActiveSession | null> {
  if (!token || token.length > 200) return null;
  const id = hashSessionToken(token);
  const row = await prisma.session.findUnique({ where: { id }, include: { user: { select: { id: true, email: true, role: true } } } });
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime() || row.lastSeenAt.getTime() + IDLE_TIMEOUT_MS <= now.getTime()) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  return { user: { id: row.user.id, email: row.user.email, role: row.user.role as Role }, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

export async function deleteSession(prisma: PrismaClient, token: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: hashSessionToken(token) } });
}

/** Sign-out everywhere: every session of the user, this one included. */
export async function deleteUserSessions(prisma: PrismaClient, userId: number): Promise<number> {
  return (await prisma.session.deleteMany({ where: { userId } })).count;
}

/** The session token from a request's Cookie header. */
export function sessionTokenFromRequest(request: Request): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      // A malformed %-escape is no session (not a 500).
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwarded ?? new URL(request.url).protocol.replace(/:$/, "")) === "https";
}

/** httpOnly, SameSite=Lax, Path=/; Secure in production over https. */
export function sessionCookie(request: Request, token: string, expiresAt: Date | null): string {
  const parts = [`${SESSION_COOKIE}=${expiresAt ? token : ""}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (expiresAt) parts.push(`Max-Age=${Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000))}`);
  else parts.push("Max-Age=0");
  if (process.env.NODE_ENV === "production" && isHttps(request)) parts.push("Secure");
  return parts.join("; ");
}
