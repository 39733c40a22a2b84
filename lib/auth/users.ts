import type { PrismaClient } from "../../generated/prisma/client";
import type { Actor, Tx } from "../admin/catalog-version";
import { currentCatalogVersion } from "../catalog/queries";
import { isUniqueViolation } from "../admin/errors";
import { accountThrottleKey } from "./login";
import { emailSchema, hashPassword, passwordSchema, roleSchema, verifyPassword, type Role } from "./password";

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
  /** Sign-ins for this email from new browsers wait until then (lib/auth/throttle.ts); null when not. */
  signInWaitUntil: string | null;
  sessions: number;
}

export async function listUsers(prisma: PrismaClient | Tx): Promise<UserView[]> {
  const now = new Date();
  const rows = await prisma.user.findMany({ orderBy: { email: "asc" }, include: { _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } } } });
  const waits = await prisma.loginThrottle.findMany({ where: { key: { in: rows.map((row) => accountThrottleKey(row.email)) }, blockedUntil: { gt: now } } });
  const waitUntil = new Map(waits.map((w) => [w.key, w.blockedUntil.toISOString()]));
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role as Role,
    createdAt: row.createdAt.toISOString(),
    signInWaitUntil: waitUntil.get(accountThrottleKey(row.email)) ?? null,
    sessions: row._count.sessions,
  }));
}

/** The audit row of a user change, written in the change's own transaction; keeps the actor's email. */
async function auditUser(tx: Tx, actor: Actor | null, action: string, email: string, before: object | null, after: object | null): Promise<void> {
  await tx.auditEntry.create({
    data: {
      userId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
      entity: "user",
      entityKey: email,
      action,
      before: before ?? undefined,
      after: after ?? undefined,
      catalogVersion: await currentCatalogVersion(tx as PrismaClient),
    },
  });
}

/** `actor` null: the system (the ADMIN_EMAIL bootstrap, the CLI). */
export async function createUser(prisma: PrismaClient, actor: Actor | null, input: { email: string; password: string; role: Role }): Promise<UserView> {
  const email = emailSchema.parse(input.email);
  const role = roleSchema.parse(input.role);
  const passwordHash = await hashPassword(passwordSchema.parse(input.password));
  try {
    const row = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email, passwordHash, role } });
      await auditUser(tx, actor, "create", email, null, { email, role });
      return created;
    });
    return { id: row.id, email, role, createdAt: row.createdAt.toISOString(), signInWaitUntil: null, sessions: 0 };
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserError(`a user with email ${email} already exists`, 409);
    throw error;
  }
}

/**
 * Admins left besides `userId`, counted under a lock on every admin row: two admins demoting or
 * deleting each other at once cannot both pass the last-admin check.
 */
async function otherAdmins(tx: Tx, userId: number): Promise<number> {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "User" WHERE "role" = 'admin' FOR UPDATE`;
  return rows.filter((row) => Number(row.id) !== userId).length;
}

export async function changeRole(prisma: PrismaClient, actor: Actor, userId: number, role: Role): Promise<UserView> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new UserError("no such user", 404);
    if (user.role === "admin" && role !== "admin" && (await otherAdmins(tx, userId)) === 0) {
      throw new UserError("the last admin cannot be demoted: make another admin first", 409);
    }
    if (user.role === role) return;
    await tx.user.update({ where: { id: userId }, data: { role } });
    await auditUser(tx, actor, "update", user.email, { role: user.role }, { role });
  });
  return (await listUsers(prisma)).find((u) => u.id === userId)!;
}

export async function deleteUser(prisma: PrismaClient, actor: Actor, userId: number): Promise<void> {
  if (actor.id === userId) throw new UserError("you cannot delete your own account", 409);
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new UserError("no such user", 404);
    if (user.role === "admin" && (await otherAdmins(tx, userId)) === 0) throw new UserError("the last admin cannot be deleted", 409);
    await tx.user.delete({ where: { id: userId } });
    await auditUser(tx, actor, "delete", user.email, { email: user.email, role: user.role }, null);
  });
}

/**
 * Creates the admin account, or sets its password (and the admin role) when it exists. An unchanged
 * password is left alone, so a restart keeps everyone signed in; a changed one signs the account
 * out everywhere and clears its sign-in back-off.
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
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: existing.id }, data: { passwordHash, role: "admin" } });
    await tx.session.deleteMany({ where: { userId: existing.id } });
    await auditUser(tx, null, "password", email, { role: existing.role }, { role: "admin" });
  });
  // A reset password is a fresh start: the account's sign-in back-off goes too.
  await prisma.loginThrottle.deleteMany({ where: { key: accountThrottleKey(email) } });
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
