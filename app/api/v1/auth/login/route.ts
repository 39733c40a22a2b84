import { isForeignOrigin } from "@/lib/auth/csrf";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, loginRequestSchema, signIn } from "@/lib/auth/login";
import { cookieValue, DEVICE_COOKIE, deviceCookie, sessionCookie } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db";
import { handler, json, jsonError, methodNotAllowed, readJson } from "@/lib/http";
import { clientKey } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

/**
 * {email, password} → 200 {csrfToken, user} with the session and device cookies; 401 on failure
 * (one message for unknown email and wrong password); 429 with Retry-After while backing off.
 */
export const POST = handler(async (request: Request) => {
  if (isForeignOrigin(request)) return jsonError(403, "cross-origin sign-in refused");
  const body = await readJson(request, loginRequestSchema);
  if ("response" in body) return body.response;
  const prisma = await getPrisma();
  const device = cookieValue(request.headers.get("cookie"), DEVICE_COOKIE);
  const result = await signIn(prisma, body.data, clientKey(request), { device });
  if (!result.ok) {
    const headers: HeadersInit = result.retryAfterSeconds ? { "retry-after": String(result.retryAfterSeconds) } : {};
    return jsonError(result.status, result.error, undefined, headers);
  }
  const headers = new Headers();
  headers.append("set-cookie", sessionCookie(request, result.token, result.expiresAt));
  headers.append("set-cookie", deviceCookie(request, result.deviceToken, DEVICE_COOKIE_MAX_AGE_SECONDS));
  return json({ csrfToken: result.csrfToken, user: { email: result.user.email, role: result.user.role }, expiresAt: result.expiresAt.toISOString() }, { headers });
});

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
