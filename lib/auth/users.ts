import type { PrismaClient } from "../../generated/prisma/client";
import { currentCatalogVersion } from "../catalog/queries";
import { isUniqueViolation } from "../admin/errors";
import { emailSchema, hashPassword, passwordSchema, roleSchema, verifyPassword, type Role } from "./password";
import { deleteUserSessions } from "./session";

/** Accounts: create, change role, delete; the ADMIN_EMAIL/ADMIN_PASSWORD bootstrap. */
export class UserError extends Error {
  constructor(
    message: string,
    public readonly status: 400 | 404 | 409,
  ) {
    super(message);
  }
}

export interface UserView {
  id: number;
  email: string;
  role: Role;
  createdAt: string;
  lockedUntil: string | null;
  sessions: number;
}

export async function listUsers(prisma: PrismaClient): Promise<UserView[]> {
  const now = new Date();
  const rows = await prisma.user.findMany({ orderBy: { email: "asc" }, include: { _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } } } });
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role as Role,
    createdAt: row.createdAt.toISOString(),
    lockedUntil: row.lockedUntil && row.lockedUntil > now ? row.lockedUntil.toISOString() : null,
    sessions: row._count.sessions,
  }));
}

async function auditUser(prisma: PrismaClient, actorId: number | null, action: string, email: string, before: object | null, after: object | null): Promise<void> {
  await prisma.auditEntry.create({
    data: { userId: actorId, entity: "user", entityKey: email, action, before: before ?? undefined, after: after ?? undefined, catalogVersion: await currentCatalogVersion(prisma) },
  });
}

export async function createUser(prisma: PrismaClient, actorId: number | null, input: { email: string; password: string; role: Role }): Promise<UserView> {
  const email = emailSchema.parse(input.email);
  const passwordHash = await hashPassword(passwordSchema.parse(input.password));
  try {
    const row = await prisma.user.create({ data: { email, passwordHash, role: roleSchema.parse(input.role) } });
    await auditUser(prisma, actorId, "create", email, null, { email, role: row.role });
    return { id: row.id, email, role: row.role as Role, createdAt: row.createdAt.toISOString(), lockedUntil: null, sessions: 0 };
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserError(`a user with email ${email} already exists`, 409);
    throw error;
  }
}

async function otherAdmins(prisma: PrismaClient, userId: number): Promise<number> {
  return prisma.user.count({ where: { role: "admin", id: { not: userId } } });
}

export async function changeRole(prisma: PrismaClient, actorId: number, userId: number, role: Role): Promise<UserView> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserError("no such user", 404);
  if (user.role === "admin" && role !== "admin" && (await otherAdmins(prisma, userId)) === 0) {
    throw new UserError("the last admin cannot be demoted: make another admin first", 409);
  }
  await prisma.user.update({ where: { id: userId }, data: { role } });
  if (user.role !== role) await auditUser(prisma, actorId, "update", user.email, { role: user.role }, { role });
  return (await listUsers(prisma)).find((u) => u.id === userId)!;
}

export async function deleteUser(prisma: PrismaClient, actorId: number, userId: number): Promise<void> {
  if (actorId === userId) throw new UserError("you cannot delete your own account", 409);
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserError("no such user", 404);
  if (user.role === "admin" && (await otherAdmins(prisma, userId)) === 0) throw new UserError("the last admin cannot be deleted", 409);
  await prisma.user.delete({ where: { id: userId } });
  await auditUser(prisma, actorId, "delete", user.email, { email: user.email, role: user.role }, null);
}

/**
 * Creates the admin account, or sets its password (and the admin role) when it exists. An unchanged
 * password is left alone, so a restart keeps everyone signed in; a changed one signs the account
 * out everywhere and clears any lock-out.
 */
export async function upsertAdmin(prisma: PrismaClient, rawEmail: string, password: string): Promise<"created" | "updated" | "unchanged"> {
  const email = emailSchema.parse(rawEmail);
  passwordSchema.parse(password);
  const existing = await prisma.user.findUnique({ where: { email } });
  if (!existing) {
    try {
      await createUser(prisma, null, { email, password, role: "admin" });
      return "created";
    } catch (error) {
      // Another node created it a moment ago: update that one.
      if (error instanceof UserError && error.status === 409) return upsertAdmin(prisma, email, password);
      throw error;
    }
  }
  if (existing.role === "admin" && (await verifyPassword(existing.passwordHash, password))) return "unchanged";
  await prisma.user.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(password), role: "admin", failedLogins: 0, lockedUntil: null } });
  await deleteUserSessions(prisma, existing.id);
  await auditUser(prisma, null, "password", email, { role: existing.role }, { role: "admin" });
  return "updated";
}

/** Called when the database is first opened: ADMIN_EMAIL + ADMIN_PASSWORD create or update that admin. */
export async function bootstrapAdminFromEnv(prisma: PrismaClient, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const email = env.ADMIN_EMAIL?.trim();
  const password = env.ADMIN_PASSWORD;
  if (!email && !password) return;
  if (!email || !password) throw new Error("set both ADMIN_EMAIL and ADMIN_PASSWORD (or neither)");
  const email_ = emailSchema.safeParse(email);
  if (!email_.success) throw new Error(`ADMIN_EMAIL: ${email_.error.issues[0]?.message}`);
  const password_ = passwordSchema.safeParse(password);
  if (!password_.success) throw new Error(`ADMIN_PASSWORD: ${password_.error.issues[0]?.message}`);
  await upsertAdmin(prisma, email_.data, password);
}
