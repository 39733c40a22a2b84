import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getPrisma } from "../db";
import type { Role } from "./password";
import { readSession, SESSION_COOKIE, type ActiveSession } from "./session";

/** The signed-in session of the request a server component renders, or null. */
export async function pageSession(): Promise<ActiveSession | null> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value ?? (process.env.NODE_ENV === "production" ? undefined : jar.get(SESSION_COOKIE.replace(/^__Host-/, ""))?.value);
  return readSession(await getPrisma(), token);
}

/** Sends a signed-out visitor to the sign-in page (and back here after); 403 for a role too low. */
export async function requirePageSession(returnTo: string, role?: Role): Promise<ActiveSession> {
  const session = await pageSession();
  if (!session) redirect(`/admin/login?next=${encodeURIComponent(returnTo)}`);
  if (role === "admin" && session.user.role !== "admin") forbidden();
  return session;
}
