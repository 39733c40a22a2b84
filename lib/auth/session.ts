import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client";
import { forwardedHost } from "../http";
import type { Role } from "./password";

/**
 * Database sessions. The cookie holds a random 256-bit token; the Session row is keyed by its
 * SHA-256, so a leaked database dump holds no usable session. A session ends 2 h after its last
 * use (idle) or 12 h after sign-in (absolute), whichever comes first.
 */
/**
 * `__Host-` cookies are Secure, Path=/ and host-only: a sibling subdomain cannot set or shadow them.
 * Production always uses them (Secure included, whatever a proxy says); development over plain
 * http falls back to the bare name, which browsers would refuse with the prefix.
 */
export const SESSION_COOKIE = "__Host-advisor_session";
export const DEVICE_COOKIE = "__Host-advisor_device";
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

/** The value of cookie `name` (or, outside production, of its bare development name) in a Cookie header. */
export function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  const names = process.env.NODE_ENV === "production" ? [name] : [name, bareName(name)];
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && names.includes(part.slice(0, eq).trim())) {
      // A malformed %-escape is no value (not a 500).
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The session token from a request's Cookie header. */
export function sessionTokenFromRequest(request: Request): string | undefined {
  return cookieValue(request.headers.get("cookie"), SESSION_COOKIE);
}

function bareName(name: string): string {
  return name.replace(/^__Host-/, "");
}

/** Secure (and so `__Host-`) in production always; elsewhere when the client used https. */
function secureCookies(request: Request): boolean {
  return process.env.NODE_ENV === "production" || forwardedHost(request.headers).proto === "https" || new URL(request.url).protocol === "https:";
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, Secure with the `__Host-` name (see SESSION_COOKIE); maxAge 0 clears it. */
function cookie(request: Request, name: string, value: string, maxAgeSeconds: number): string {
  const secure = secureCookies(request);
  const parts = [`${secure ? name : bareName(name)}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.max(0, Math.round(maxAgeSeconds))}`];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** The session cookie; expiresAt null clears it. */
export function sessionCookie(request: Request, token: string, expiresAt: Date | null): string {
  return expiresAt ? cookie(request, SESSION_COOKIE, token, (expiresAt.getTime() - Date.now()) / 1000) : cookie(request, SESSION_COOKIE, "", 0);
}

/** The sign-in device cookie (lib/auth/login.ts): lets this browser past the per-account back-off. */
export function deviceCookie(request: Request, token: string, maxAgeSeconds: number): string {
  return cookie(request, DEVICE_COOKIE, token, maxAgeSeconds);
}
