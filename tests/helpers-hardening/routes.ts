import fs from "node:fs";
import path from "node:path";

/**
 * Every API route of the app, found on disk (app/api/**\/route.ts), so a new route is fuzzed and
 * checked without anyone remembering to list it.
 */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

export interface ApiRoute {
  /** The file, relative to the repository root (app/api/v1/gpus/[slug]/route.ts). */
  file: string;
  /** The URL pattern (/api/v1/gpus/[slug]). */
  pattern: string;
  /** Dynamic segment names, in order (["slug"]). */
  params: string[];
}

export function discoverApiRoutes(root = process.cwd()): ApiRoute[] {
  const apiDir = path.join(root, "app", "api");
  const found: ApiRoute[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts" || entry.name === "route.tsx") {
        const rel = path.relative(root, full).split(path.sep).join("/");
        const segments = path.relative(path.join(root, "app"), dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
        const params = segments.filter((s) => /^\[.+\]$/.test(s)).map((s) => s.slice(1, -1).replace(/^\.\.\./, ""));
        found.push({ file: rel, pattern: "/" + segments.join("/"), params });
      }
    }
  };
  walk(apiDir);
  return found.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export interface LoadedRoute extends ApiRoute {
  handlers: Partial<Record<HttpMethod, RouteHandler>>;
}

export async function loadApiRoute(route: ApiRoute, root = process.cwd()): Promise<LoadedRoute> {
  const mod = (await import(path.join(root, route.file))) as Record<string, unknown>;
  const handlers: Partial<Record<HttpMethod, RouteHandler>> = {};
  for (const method of HTTP_METHODS) {
    if (typeof mod[method] === "function") handlers[method] = mod[method] as RouteHandler;
  }
  return { ...route, handlers };
}

/** The concrete path for a pattern: /api/v1/gpus/[slug] + {slug: "h100"} → /api/v1/gpus/h100. */
export function fillPattern(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => safeEncode(values[name] ?? ""));
}

function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // Lone surrogates cannot be encoded; the handler still receives the raw value as its param.
    return "x";
  }
}

/** A response body that tells nothing about the server's insides: no stack lines, no file paths. */
export function leaksInternals(body: string): string | null {
  const checks: [RegExp, string][] = [
    [/^\s*at .+[(:]/m, "a stack trace line"],
    [/\bat (?:async )?[\w$.<>]+ \((?:file:|\/|node:)/, "a stack frame"],
    [/node_modules/, "a node_modules path"],
    [/\.(?:ts|tsx|js|mjs|cjs):\d+(?::\d+)?/, "a source position"],
    [/\/\.next\/server\//, "a build path"],
    [/Invalid `prisma\./, "a Prisma error"],
    [/PrismaClient\w*Error|DriverAdapterError/, "a database driver error"],
  ];
  const cwd = process.cwd();
  if (cwd.length > 1 && body.includes(cwd)) return `the working directory ${cwd}`;
  for (const [pattern, what] of checks) if (pattern.test(body)) return what;
  return null;
}
