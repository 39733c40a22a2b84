import { describe, expect, it, vi } from "vitest";
import { allowedOrigins, csrfTokenMatches, isForeignOrigin, isSameOrigin, isStateChanging } from "@/lib/auth/csrf";
import { markPeerStamped, PEER_HEADER } from "@/lib/trusted-proxy";

const post = (url: string, headers: Record<string, string>) => new Request(url, { method: "POST", headers });

describe("same-origin check", () => {
  it("accepts the request's own origin and refuses another scheme, host or port", () => {
    const url = "http://127.0.0.1:3000/api/v1/admin/gpus/h100-sxm";
    expect(isSameOrigin(post(url, { origin: "http://127.0.0.1:3000" }))).toBe(true);
    expect(isSameOrigin(post(url, { origin: "https://127.0.0.1:3000" }))).toBe(false);
    expect(isSameOrigin(post(url, { origin: "http://127.0.0.1:3001" }))).toBe(false);
    expect(isSameOrigin(post(url, { origin: "http://evil.example" }))).toBe(false);
    expect(isSameOrigin(post(url, { origin: "null" }))).toBe(false);
  });

  it("needs the Origin header on admin state changes, but lets a sign-in without one through", () => {
    const url = "http://localhost:3000/api/v1/auth/login";
    expect(isSameOrigin(post(url, {}))).toBe(false);
    expect(isForeignOrigin(post(url, {}))).toBe(false);
    expect(isForeignOrigin(post(url, { origin: "http://localhost:3000" }))).toBe(false);
    expect(isForeignOrigin(post(url, { origin: "https://evil.example" }))).toBe(true);
  });

  it("behind a trusted proxy, trusts the forwarded host and scheme; from a direct client, not", () => {
    markPeerStamped();
    const forwarded = { host: "10.0.0.5:3000", "x-forwarded-host": "gpu.example.com", "x-forwarded-proto": "https" };
    vi.stubEnv("ADVISOR_TRUSTED_PROXIES", "10.0.0.1");
    const viaProxy = post("http://10.0.0.5:3000/api/v1/admin/gpus", { ...forwarded, [PEER_HEADER]: "10.0.0.1" });
    expect([...allowedOrigins(viaProxy)]).toEqual(["http://10.0.0.5:3000", "https://gpu.example.com"]);
    expect(isSameOrigin(post(viaProxy.url, { ...Object.fromEntries(viaProxy.headers), origin: "https://gpu.example.com" }))).toBe(true);
    const direct = post("http://10.0.0.5:3000/api/v1/admin/gpus", { ...forwarded, [PEER_HEADER]: "203.0.113.5", origin: "https://gpu.example.com" });
    expect([...allowedOrigins(direct)]).toEqual(["http://10.0.0.5:3000"]);
    expect(isSameOrigin(direct)).toBe(false);
    vi.unstubAllEnvs();
  });
});

describe("CSRF token comparison", () => {
  it("matches only the exact token", () => {
    expect(csrfTokenMatches("abc123", "abc123")).toBe(true);
    expect(csrfTokenMatches("abc123", "abc124")).toBe(false);
    expect(csrfTokenMatches("abc123", "abc12")).toBe(false);
    expect(csrfTokenMatches("abc123", null)).toBe(false);
    expect(csrfTokenMatches("abc123", "")).toBe(false);
  });

  it("treats every method but GET, HEAD and OPTIONS as a state change", () => {
    expect(["GET", "HEAD", "OPTIONS", "get"].map(isStateChanging)).toEqual([false, false, false, false]);
    expect(["POST", "PUT", "PATCH", "DELETE"].map(isStateChanging)).toEqual([true, true, true, true]);
  });
});
