import { z } from "zod";
import { emailSchema, passwordSchema, roleSchema } from "@/lib/auth/password";
import { createUser, listUsers } from "@/lib/auth/users";
import { adminMethodNotAllowed, adminRoute } from "@/lib/admin/respond";
import { json, readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

const createUserSchema = z.object({ email: emailSchema, password: passwordSchema, role: roleSchema }).strict();

export const GET = adminRoute(async (_request, _context: unknown, { prisma }) => json(await listUsers(prisma)), { role: "admin" });

export const POST = adminRoute(
  async (request, _context: unknown, { prisma, actor }) => {
    const body = await readJson(request, createUserSchema);
    if ("response" in body) return body.response;
    return json(await createUser(prisma, actor, body.data), { status: 201 });
  },
  { role: "admin" },
);

export const PUT = adminMethodNotAllowed(["GET", "POST"]);
export const PATCH = PUT;
export const DELETE = PUT;
