import fs from "node:fs";
import { parseArgs } from "node:util";
import { emailSchema, passwordSchema, roleSchema } from "../auth/password";
import { createUser, upsertAdmin, UserError } from "../auth/users";
import { getPrisma } from "../db";

/**
 * `advisor admin create --email E [--role admin|editor]`: creates the account (an admin is created
 * or has its password updated, as ADMIN_EMAIL/ADMIN_PASSWORD do at start-up). The password is the
 * first line of standard input, so it never shows in the process list or shell history.
 */
export const ADMIN_USAGE = "admin create --email <email> [--role admin|editor]   (password: first line of stdin)";

export async function adminCommand(args: string[], usageError: (message: string) => Error, readStdin: () => string = () => fs.readFileSync(0, "utf8")): Promise<string> {
  const [sub, ...rest] = args;
  if (sub !== "create") throw usageError(`usage: advisor ${ADMIN_USAGE}`);
  const { values } = parseArgs({ args: rest, options: { email: { type: "string" }, role: { type: "string" } }, strict: true });
  if (!values.email) throw usageError("missing --email <email>");
  const email = emailSchema.safeParse(values.email);
  if (!email.success) throw usageError(`invalid --email: ${email.error.issues[0]?.message}`);
  const role = roleSchema.safeParse(values.role ?? "admin");
  if (!role.success) throw usageError("invalid --role: admin or editor");
  let input: string;
  try {
    input = readStdin();
  } catch {
    throw usageError("cannot read the password from standard input");
  }
  const password = (input.split(/\r?\n/)[0] ?? "").trimEnd();
  if (!password) throw usageError("no password on standard input (give it as the first line)");
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) throw usageError(`invalid password: ${checked.error.issues[0]?.message}`);
  const prisma = await getPrisma();
  if (role.data === "admin") {
    const outcome = await upsertAdmin(prisma, email.data, password);
    return outcome === "created" ? `created admin ${email.data}` : outcome === "updated" ? `updated admin ${email.data} (password set, signed out everywhere)` : `admin ${email.data} already has that password`;
  }
  try {
    await createUser(prisma, null, { email: email.data, password, role: role.data });
  } catch (error) {
    if (error instanceof UserError) throw usageError(error.message);
    throw error;
  }
  return `created editor ${email.data}`;
}
