import type { z } from "zod";
import { DatabaseBusyError } from "./db";
import { fieldIssues } from "./validation";

/** Route-handler helpers: every answer is JSON, every error a value with a clear message. */

export interface ApiIssue {
  path: string;
  message: string;
}

export const MAX_BODY_BYTES = 64 * 1024;

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { ...init, headers });
}

export function jsonError(status: number, error: string, issues?: ApiIssue[], headers?: HeadersInit): Response {
  return json(issues ? { error, issues } : { error }, { status, headers });
}

export function zodIssues(error: z.ZodError): ApiIssue[] {
  return fieldIssues(error);
}

export function badRequest(error: z.ZodError, what = "invalid input"): Response {
  const issues = zodIssues(error);
  const first = issues[0];
  return jsonError(400, first ? `${what}: ${first.path}: ${first.message}` : what, issues);
}

/** Reads a JSON body of at most MAX_BODY_BYTES and validates it; answers 413/400 itself. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<{ data: z.infer<T> } | { response: Response }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { response: jsonError(413, `request body over ${MAX_BODY_BYTES / 1024} KB`) };
  let text: string;
  try {
    text = await readLimited(request, MAX_BODY_BYTES);
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
  const result = schema.safeParse(raw);
  if (!result.success) return { response: badRequest(result.error) };
  return { data: result.data };
}

class BodyTooLargeError extends Error {}

async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseBusyError) return true;
  const text = String((error as { code?: unknown })?.code ?? "") + " " + String((error as Error)?.message ?? "");
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P01|57P03|53300|Connection terminated|connect ECONN|Can't reach database|P1001|P1017/i.test(text);
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler: unexpected errors become a JSON 500 (503 when the database is down), never a stack trace. */
export function handler<C>(fn: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await fn(request, context);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        return jsonError(503, "the database is unavailable; try again shortly", undefined, { "retry-after": "5" });
      }
      console.error(`[api] ${request.method} ${new URL(request.url).pathname}:`, error);
      return jsonError(500, "internal error");
    }
  };
}

export function methodNotAllowed(allowed: string[]): () => Response {
  return () => jsonError(405, `method not allowed; use ${allowed.join(", ")}`, undefined, { allow: allowed.join(", ") });
}
