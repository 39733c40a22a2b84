import { afterEach, describe, expect, it, vi } from "vitest";
import { hashSessionToken, sessionCookie, sessionTokenFromRequest } from "@/lib/auth/session";

describe("the session cookie", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is httpOnly and SameSite=Lax; in production always __Host- and Secure, whatever the request says", () => {
    const expires = new Date(Date.now() + 3600_000);
    const plain = sessionCookie(new Request("http://localhost:3000/api/v1/auth/login"), "tok", expires);
    expect(plain).toBe("advisor_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600");
    expect(sessionCookie(new Request("https://localhost:3000/x"), "tok", expires)).toBe("__Host-advisor_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure");
    // A client's own X-Forwarded-Proto is no proxy's word (no stamping server here): still plain.
    expect(sessionCookie(new Request("http://10.0.0.5/x", { headers: { "x-forwarded-proto": "https" } }), "tok", expires)).not.toContain("Secure");
    vi.stubEnv("NODE_ENV", "production");
    for (const url of ["http://localhost:3000/x", "https://gpu.example.com/x", "http://10.0.0.5/x"]) {
      expect(sessionCookie(new Request(url), "tok", expires)).toBe("__Host-advisor_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure");
    }
  });

  it("is cleared with Max-Age=0", () => {
    expect(sessionCookie(new Request("http://localhost/x"), "", null)).toBe("advisor_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    vi.stubEnv("NODE_ENV", "production");
    expect(sessionCookie(new Request("http://localhost/x"), "", null)).toBe("__Host-advisor_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
  });

  it("is read from the Cookie header among others; production reads only the __Host- name", () => {
    const request = new Request("http://localhost/x", { headers: { cookie: "theme=dark; advisor_session=abc-_123; other=1" } });
    expect(sessionTokenFromRequest(request)).toBe("abc-_123");
    expect(sessionTokenFromRequest(new Request("http://localhost/x", { headers: { cookie: "__Host-advisor_session=xyz" } }))).toBe("xyz");
    expect(sessionTokenFromRequest(new Request("http://localhost/x"))).toBeUndefined();
    vi.stubEnv("NODE_ENV", "production");
    // A bare-named cookie could have been planted by a sibling subdomain: not a session in production.
    expect(sessionTokenFromRequest(request)).toBeUndefined();
    expect(sessionTokenFromRequest(new Request("http://localhost/x", { headers: { cookie: "advisor_session=abc; __Host-advisor_session=xyz" } }))).toBe("xyz");
  });

  it("is stored as its SHA-256, never as itself", () => {
    // sha256("abc") from FIPS 180-2, appendix B.1.
    expect(hashSessionToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
