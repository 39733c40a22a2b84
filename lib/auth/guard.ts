import type { PrismaClient } from "../../generated/prisma/client";
import { getPrisma } from "../db";
import { jsonError } from "../http";
import { CSRF_HEADER, csrfTokenMatches, isSameOrigin, isStateChanging } from "./csrf";
import type { Role } from "./password";
import { readSession, sessionTokenFromRequest, type ActiveSession } from "./session";

export type Authorized = { prisma: PrismaClient; session: ActiveSession };

/**
 * The gate in front of every admin route handler, in this order: a valid session (else 401), then
 * for state-changing methods a same-origin Origin and the session's CSRF token (else 403), then
 * the role (else 403).
 */
export async function authorize(request: Request, options: { role?: Role } = {}): Promise<Authorized | { response: Response }> {
  const prisma = await getPrisma();
  const session = await readSession(prisma, sessionTokenFromRequest(request));
  if (!session) return { response: jsonError(401, "sign in first") };
  if (isStateChanging(request.method)) {
    if (!isSameOrigin(request)) return { response: jsonError(403, "cross-origin request refused: the Origin header must name this site") };
    if (!csrfTokenMatches(session.csrfToken, request.headers.get(CSRF_HEADER))) {
      return { response: jsonError(403, "missing or invalid CSRF token (header X-CSRF-Token)") };
    }
  }
  if (options.role === "admin" && session.user.role !== "admin") return { response: jsonError(403, "only admins may do this") };
  return { prisma, session };
}
