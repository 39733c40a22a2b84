import { authorize } from "@/lib/auth/guard";
import { deleteSession, sessionCookie, sessionTokenFromRequest } from "@/lib/auth/session";
import { handler, json, methodNotAllowed } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Ends this session (CSRF-checked like every state change); without a session it only clears the cookie. */
export const POST = handler(async (request: Request) => {
  const token = sessionTokenFromRequest(request);
  const cleared = { "set-cookie": sessionCookie(request, "", null) };
  const auth = await authorize(request);
  if ("response" in auth) return auth.response.status === 401 ? json({ signedOut: true }, { headers: cleared }) : auth.response;
  if (token) await deleteSession(auth.prisma, token);
  return json({ signedOut: true }, { headers: cleared });
});

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
