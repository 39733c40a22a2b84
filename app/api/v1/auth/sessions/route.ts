import { authorize } from "@/lib/auth/guard";
import { deleteUserSessions, sessionCookie } from "@/lib/auth/session";
import { handler, json, methodNotAllowed } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Sign out everywhere: deletes every session of the signed-in user, this one included. */
export const DELETE = handler(async (request: Request) => {
  const auth = await authorize(request);
  if ("response" in auth) return auth.response;
  const ended = await deleteUserSessions(auth.prisma, auth.session.user.id);
  return json({ signedOut: true, sessionsEnded: ended }, { headers: { "set-cookie": sessionCookie(request, "", null) } });
});

export const GET = methodNotAllowed(["DELETE"]);
export const POST = GET;
export const PUT = GET;
export const PATCH = GET;
