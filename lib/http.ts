import { readCapped } from "./read-capped";
import type { z } from "zod";
import { isDatabaseUnavailable, reportDatabaseDown } from "./db-health";
import { resolveRequestOrigin } from "./trusted-proxy";
import { fieldIssues, type FieldIssue } from "./validation";

/** Route-handler helpers: every answer is JSON, every error a value with a clear message. */

/** One field-named problem in a 400 answer. */
export type ApiIssue = FieldIssue;

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The host and scheme the client addressed: X-Forwarded-Host/-Proto only from a trusted proxy
 * (ADVISOR_TRUSTED_PROXIES, lib/trusted-proxy.ts), else Host and the socket's scheme (plain http).
 */
export function forwardedHost(headers: Headers): { host: string | null; proto: "http" | "https" } {
  const { host, proto } = resolveRequestOrigin(headers);
  return { host, proto };
}

/**
 * The client's address: the socket peer, or the hop before the trusted proxies; "unknown" when no
 * stamping server is in front (next dev). Rate limits and quotas key on it (through clientKey).
 */
export function clientAddress(request: Request | Headers): string {
  return resolveRequestOrigin(request instanceof Headers ? request : request.headers).address ?? "unknown";
}

/**
 * The origin visitors reach this site at, for links and social previews: ADVISOR_PUBLIC_URL when
 * set (best behind a proxy), else the host and scheme forwardedHost() trusts; null when none.
 */
export function publicOrigin(headers: Headers): string | null {
  const configured = process.env.ADVISOR_PUBLIC_URL?.trim();
  const { host, proto } = forwardedHost(headers);
  for (const candidate of [configured, host ? `${proto}://${host}` : undefined]) {
    if (!candidate) continue;
    try {
      return new URL(candidate).origin;
    } catch {
      // not a URL: try the next
    }
  }
  return null;
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { ...init, headers });
}

export function jsonError(status: number, error: string, issues?: ApiIssue[], headers?: HeadersInit): Response {
  return json(issues ? { error, issues } : { error }, { status, headers });
}


export function badRequest(error: z.ZodError, what = "invalid input"): Response {
  const issues = fieldIssues(error);
  const first = issues[0];
  return jsonError(400, first ? `${what}: ${first.path}: ${first.message}` : what, issues);
}

/** Reads a JSON body of at most MAX_BODY_BYTES and validates it; answers 413/400 itself. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<{ data: z.infer<T> } | { response: Response }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { response: jsonError(413, `request body over ${MAX_BODY_BYTES / 1024} KB`) };
  let text: string;
  try {
    text = await readCapped(request, MAX_BODY_BYTES, () => new BodyTooLargeError());
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { response: jsonError(413, `request body over ${MAX_BODY_BYTES / 1024} KB`) };
    return { response: jsonError(400, "could not read the request body") };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { response: jsonError(400, "the request body is not valid JSON", [{ path: "(root)", message: "invalid JSON" }]) };
  }
  // Only a \u escape can put a NUL or an unpaired surrogate into a string; PostgreSQL stores neither.
  const unstorable = text.includes("\\u") ? unstorableStringPath(raw) : null;
  if (unstorable !== null) {
    const message = "text must not contain NUL characters or unpaired surrogates (\\u0000, \\uD800-\\uDFFF)";
    return { response: jsonError(400, `invalid input: ${unstorable}: ${message}`, [{ path: unstorable, message }]) };
  }
  const result = schema.safeParse(raw);
  if (!result.success) return { response: badRequest(result.error) };
  return { data: result.data };
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first key or string value holding a NUL or an unpaired surrogate, or null (iterative: bodies may nest 30,000 deep). */
function unstorableStringPath(root: unknown): string | null {
  const stack: [unknown, string][] = [[root, ""]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (UNSTORABLE.test(value)) return path || "(root)";
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (UNSTORABLE.test(key)) return path || "(root)";
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

class BodyTooLargeError extends Error {}

/** PostgreSQL refuses text it cannot store (a NUL: 22021, 22P05; an unpaired surrogate): the input's fault, a 400. */
function isUnstorableText(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown } | null;
  const codes = [e?.code, e?.cause?.code].map(String);
  // Prisma's own query encoding refuses unpaired surrogates ("JSON Error: unexpected end of hex escape").
  const message = String(e?.message ?? "");
  return codes.includes("22021") || codes.includes("22P05") || /invalid byte sequence for encoding|untranslatable character|unsupported Unicode escape|unexpected end of hex escape|lone leading surrogate/.test(message);
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler: unexpected errors become a JSON 500 (503 when the database is down), never a stack trace. */
export function handler<C>(fn: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await fn(request, context);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        reportDatabaseDown();
        return jsonError(503, "the database is unavailable; try again shortly", undefined, { "retry-after": "5" });
      }
      if (isUnstorableText(error)) return jsonError(400, "invalid input: text must not contain NUL characters or unpaired surrogates");
      console.error(`[api] ${request.method} ${new URL(request.url).pathname}:`, error);
      return jsonError(500, "internal error");
    }
  };
}

export function methodNotAllowed(allowed: string[]): () => Response {
  return () => jsonError(405, `method not allowed; use ${allowed.join(", ")}`, undefined, { allow: allowed.join(", ") });
}
