import { z } from "zod";
import { roleSchema } from "@/lib/auth/password";
import { changeRole, deleteUser } from "@/lib/auth/users";
import { adminMethodNotAllowed, adminRoute, parseId } from "@/lib/admin/respond";
import { json, jsonError, readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const patchUserSchema = z.object({ role: roleSchema }).strict();

export const PATCH = adminRoute(
  async (request, context: Context, { prisma, actor }) => {
    const id = parseId((await context.params).id);
    if (id === null) return jsonError(404, "no such user");
    const body = await readJson(request, patchUserSchema);
    if ("response" in body) return body.response;
    return json(await changeRole(prisma, actor, id, body.data.role));
  },
  { role: "admin" },
);

/** Deletes the account and, with it, every session it had. */
export const DELETE = adminRoute(
  async (_request, context: Context, { prisma, actor }) => {
    const id = parseId((await context.params).id);
    if (id === null) return jsonError(404, "no such user");
    await deleteUser(prisma, actor, id);
    return json({ deleted: id });
  },
  { role: "admin" },
);

export const GET = adminMethodNotAllowed(["PATCH", "DELETE"]);
export const POST = GET;
export const PUT = GET;
