import { timingSafeEqual } from "node:crypto";
import { forwardedHost } from "../http";

/**
 * Cross-site request forgery defences: a state-changing request must come from this site's own
 * origin (the Origin header browsers attach to every non-GET fetch and form post) and carry the
 * session's token in X-CSRF-Token. The Host and scheme the client addressed count (X-Forwarded-Host/
 * -Proto only from a trusted proxy: lib/trusted-proxy.ts); ADVISOR_ALLOWED_ORIGINS (comma-separated)
 * adds origins, e.g. the public https address when a proxy rewrites Host without saying so.
 */
export const CSRF_HEADER = "x-csrf-token";

export function allowedOrigins(request: Request): Set<string> {
  const origins = new Set<string>([new URL(request.url).origin]);
  const { host, proto } = forwardedHost(request.headers);
  if (host) origins.add(`${proto}://${host}`);
  for (const extra of (process.env.ADVISOR_ALLOWED_ORIGINS ?? "").split(",")) {
    if (extra.trim()) origins.add(extra.trim().replace(/\/$/, ""));
  }
  return origins;
}

/** The Origin header is present and names this site. */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  return origin !== null && allowedOrigins(request).has(origin);
}

/** Sign-in has no session yet: a foreign Origin is refused; none at all (a script, curl) is allowed. */
export function isForeignOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  return origin !== null && !allowedOrigins(request).has(origin);
}

export function csrfTokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isStateChanging(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}
