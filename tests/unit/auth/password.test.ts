import { describe, expect, it } from "vitest";
import { emailSchema, hashPassword, passwordSchema, verifyPassword } from "@/lib/auth/password";

describe("passwords", () => {
  it("are hashed with argon2id (19 MiB, 2 passes, 1 lane) and a random salt", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "correct horse battery")).toBe(true);
    expect(await verifyPassword(a, "correct horse battery ")).toBe(false);
  });

  it("answers false, never a throw, for a malformed stored hash", async () => {
    expect(await verifyPassword("not a hash", "x")).toBe(false);
    expect(await verifyPassword("", "x")).toBe(false);
  });

  it("need 8 to 256 characters; emails are trimmed and lower-cased", () => {
    expect(passwordSchema.safeParse("1234567").success).toBe(false);
    expect(passwordSchema.safeParse("12345678").success).toBe(true);
    expect(passwordSchema.safeParse("x".repeat(257)).success).toBe(false);
    expect(emailSchema.parse("  Admin@Example.COM ")).toBe("admin@example.com");
    expect(emailSchema.safeParse("admin").success).toBe(false);
  });
});
