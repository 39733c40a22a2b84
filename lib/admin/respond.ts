import { z } from "zod";
import { authorize, type Authorized } from "../auth/guard";
import type { Role } from "../auth/password";
import { UserError } from "../auth/users";
import { getPrisma } from "../db";
import { handler, json, jsonError, MAX_BODY_BYTES, methodNotAllowed, badRequest } from "../http";
import { fieldIssues } from "../validation";
import { readSession, sessionTokenFromRequest } from "../auth/session";
import type { Actor } from "./catalog-version";
import { DuplicateError, EditRuleError, NotFoundError, StaleVersionError } from "./errors";
import { ImportRejectedError } from "./transfer";

/** Admin route handlers: the auth gate, then the domain errors mapped to their HTTP answers. */
export type AdminContext = Authorized & { actor: Actor };

export function domainErrorResponse(error: unknown): Response | null {
  if (error instanceof NotFoundError) return jsonError(404, error.message);
  if (error instanceof StaleVersionError) return json({ error: error.message, current: error.current }, { status: 409 });
  if (error instanceof DuplicateError) return jsonError(409, error.message);
  if (error instanceof EditRuleError) return jsonError(400, `invalid edit: ${error.message}`, error.issues);
  if (error instanceof ImportRejectedError) return json({ error: error.message, preview: error.preview }, { status: 400 });
  if (error instanceof UserError) return jsonError(error.status, error.message);
  if (error instanceof z.ZodError) return badRequest(error);
  return null;
}

export function adminRoute<C>(fn: (request: Request, context: C, admin: AdminContext) => Promise<Response>, options: { role?: Role } = {}) {
  return handler<C>(async (request, context) => {
    const auth = await authorize(request, options);
    if ("response" in auth) return auth.response;
    try {
      return await fn(request, context, { ...auth, actor: { id: auth.session.user.id, email: auth.session.user.email } });
    } catch (error) {
      const response = domainErrorResponse(error);
      if (response) return response;
      throw error;
    }
  });
}

/**
 * The JSON 405 for methods an admin route does not serve, behind the same session check as the
 * rest: a signed-out caller learns nothing about the route (401), a signed-in one gets the Allow list.
 */
export function adminMethodNotAllowed(allowed: string[]) {
  const notAllowed = methodNotAllowed(allowed);
  return handler(async (request: Request) => {
    const session = await readSession(await getPrisma(), sessionTokenFromRequest(request));
    return session ? notAllowed() : jsonError(401, "sign in first");
  });
}

/** Like lib/http's readJson, with a larger limit for catalog imports. */
export async function readJsonUpTo<T extends z.ZodType>(request: Request, schema: T, limit: number): Promise<{ data: z.infer<T> } | { response: Response }> {
  if (limit <= MAX_BODY_BYTES) throw new Error("use readJson from lib/http");
  const tooLarge = () => ({ response: jsonError(413, `request body over ${Math.round(limit / 1024 / 1024)} MB`) });
  if (Number(request.headers.get("content-length") ?? "0") > limit + 64 * 1024) return tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      // The JSON envelope around a file of `limit` bytes (escaping included) may be somewhat larger.
      if (size > limit * 2) {
        await reader.cancel();
        return tooLarge();
      }
      chunks.push(value);
    }
  }
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(Buffer.concat(chunks)));
  } catch {
    return { response: jsonError(400, "the request body is not valid JSON", [{ path: "(root)", message: "invalid JSON" }]) };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issues = fieldIssues(result.error);
    if (issues.some((issue) => issue.path === "content" && /too big|at most|<=/i.test(issue.message))) return tooLarge();
    return { response: badRequest(result.error) };
  }
  return { data: result.data };
}

/** Positive integer id from a route parameter, or null. */
export function parseId(raw: string): number | null {
  return /^[1-9][0-9]{0,9}$/.test(raw) && Number(raw) <= 2_147_483_647 ? Number(raw) : null;
}

/** Optional `?version=N` (DELETE has no body). */
export function versionParam(request: Request): number | undefined | "invalid" {
  const raw = new URL(request.url).searchParams.get("version");
  if (raw === null) return undefined;
  return parseId(raw) ?? "invalid";
}
