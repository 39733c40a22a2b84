import { NextResponse, type NextRequest } from "next/server";
import { databaseDown } from "./lib/db-health";

/**
 * Security headers on every response, and a per-request CSP nonce for the pages: Next.js reads
 * the nonce from the request's Content-Security-Policy header and puts it on its own scripts, so
 * no inline script runs without it ('strict-dynamic' lets those scripts load their chunks).
 */
function nonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(value: string, pathname: string, development: boolean): string {
  // gpu.js builds its CPU fallback kernels with new Function(): allowed on the benchmark page only.
  const evalSource = development || pathname.startsWith("/benchmark") ? " 'unsafe-eval'" : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${value}' 'strict-dynamic' 'wasm-unsafe-eval'${evalSource}`,
    // recharts and React set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A path with a broken %-escape (/gpus/%E0%A4%A): Next.js would answer it with a 500. */
function malformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

function badPath(pathname: string): NextResponse {
  const message = "malformed address: invalid %-encoding in the path";
  return pathname.startsWith("/api/")
    ? NextResponse.json({ error: message }, { status: 400, headers: { "cache-control": "no-store" } })
    : new NextResponse(`Bad request: ${message}.`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/**
 * While the database is down (lib/db-health.ts), pages answer this at once: a 503 a person can read
 * without JavaScript, and that monitors and crawlers understand. The API keeps its JSON 503s.
 */
const UNAVAILABLE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Briefly unavailable · GPU Advisor</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57d0}</style>
</head><body><main>
<h1>GPU Advisor is briefly unavailable</h1>
<p>Our database is not answering right now, so this page cannot be shown. Nothing you saved is lost:
please try again in a few seconds.</p>
<p><a href="">Try again</a></p>
</main></body></html>`;

function unavailable(): NextResponse {
  return new NextResponse(UNAVAILABLE_PAGE, { status: 503, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "retry-after": "5" } });
}

export function proxy(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  const value = nonce();
  const csp = contentSecurityPolicy(value, pathname, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", value);
  requestHeaders.set("content-security-policy", csp);
  const response = malformedPath(pathname)
    ? badPath(pathname)
    : databaseDown() && !pathname.startsWith("/api/") && !pathname.startsWith("/_next/")
      ? unavailable()
      : NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("referrer-policy", "strict-origin-when-cross-origin");
  response.headers.set("x-frame-options", "DENY");
  response.headers.set("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  response.headers.set("cross-origin-opener-policy", "same-origin");
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  if (https) response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|vendor/).*)" }],
};
