import { isForeignOrigin } from "@/lib/auth/csrf";
import { loginRequestSchema, signIn } from "@/lib/auth/login";
import { sessionCookie } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db";
import { handler, json, jsonError, methodNotAllowed, readJson } from "@/lib/http";
import { clientKey } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

/** {email, password} → 200 {csrfToken, user} and the session cookie; 401 on failure (one message for unknown email and wrong password). */
export const POST = handler(async (request: Request) => {
  if (isForeignOrigin(request)) return jsonError(403, "cross-origin sign-in refused");
  const body = await readJson(request, loginRequestSchema);
  if ("response" in body) return body.response;
  const result = await signIn(await getPrisma(), body.data, clientKey(request));
  if (!result.ok) {
    const headers: HeadersInit = result.retryAfterSeconds ? { "retry-after": String(result.retryAfterSeconds) } : {};
    return jsonError(result.status, result.error, undefined, headers);
  }
  return json(
    { csrfToken: result.csrfToken, user: { email: result.user.email, role: result.user.role }, expiresAt: result.expiresAt.toISOString() },
    { headers: { "set-cookie": sessionCookie(request, result.token, result.expiresAt) } },
  );
});

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
