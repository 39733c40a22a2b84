import { authorize } from "@/lib/auth/guard";
import { handler, json, methodNotAllowed } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The signed-in user and the session's CSRF token (401 when signed out). */
export const GET = handler(async (request: Request) => {
  const auth = await authorize(request);
  if ("response" in auth) return auth.response;
  const { user, csrfToken, expiresAt } = auth.session;
  return json({ user: { email: user.email, role: user.role }, csrfToken, expiresAt: expiresAt.toISOString() });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
