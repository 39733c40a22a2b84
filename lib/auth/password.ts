import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

/**
 * Passwords are stored as argon2id PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`): the package's
 * defaults, which are OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
 */
export const passwordSchema = z
  .string()
  .min(8, "at least 8 characters")
  .max(256, "at most 256 characters");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email("not an email address"));

export const ROLES = ["admin", "editor"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False (never a throw) for a malformed stored hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throw-away hash with the same parameters, so a sign-in for an unknown email
 * costs the same time as one with a wrong password.
 */
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hash(randomBytes(24).toString("base64url"));
  await verifyPassword(await dummyHash, password);
}
