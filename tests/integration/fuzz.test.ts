import { ledgerQuerySchema } from "@/lib/ledger/schema";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateRequestSchema, recommendationRequestSchema } from "@/lib/api/schemas";
import { benchmarkSubmissionSchema } from "@/lib/benchmark/schema";
import { parseGpuQuery } from "@/lib/catalog/filters";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import { closeDatabase, getDatabase } from "@/lib/db";
import { MAX_BODY_BYTES } from "@/lib/http";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { createUser } from "@/lib/auth/users";
import { describeRequest, requestArbitrary, toRequest, type AuthHeaders, type FuzzRequest, type Known } from "../helpers-hardening/arbitraries";
import { discoverApiRoutes, leaksInternals, loadApiRoute, type ApiRoute, type HttpMethod, type LoadedRoute } from "../helpers-hardening/routes";
import { testTargets, useDatabaseEnv, type FreshDatabase } from "./helpers/db";

/**
 * Property-based fuzzing of every API route found on disk, every exported method, called as
 * `next start` calls them, on a real embedded database: random, malformed, oversized, deeply
 * nested and type-confused bodies, garbage query strings, path params, cookies and headers.
 * Every answer must be JSON with a 2xx (only for valid input) or 4xx status, never a 5xx, never a
 * stack trace or a file path, and arrive within CALL_TIMEOUT_MS. Admin routes are fuzzed on their
 * unauthenticated path (401/403). ADVISOR_FUZZ_RUNS sets the cases per method (1,000 by default).
 */
const RUNS = Number(process.env.ADVISOR_FUZZ_RUNS ?? 1000);
const CALL_TIMEOUT_MS = 10_000;

const pglite = testTargets().find((t) => t.name === "pglite")!;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function bodyText(input: FuzzRequest): string {
  if (input.body === null) return "";
  return typeof input.body === "string" ? input.body : new TextDecoder().decode(input.body);
}

function parsedBody(input: FuzzRequest): { ok: true; value: unknown } | { ok: false } {
  const text = bodyText(input);
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

type Expectation = "valid-input-only" | "never" | "always";

/** When a 2xx is acceptable: worked out from the schemas the API documents, not from the handlers. */
function twoHundredRule(route: ApiRoute, method: HttpMethod, known: Known): Rule {
  const key = `${method} ${route.pattern}`;
  const schemaBody = (schema: { safeParse(v: unknown): { success: boolean } }) => (input: FuzzRequest) => {
    const body = parsedBody(input);
    return body.ok && schema.safeParse(body.value).success;
  };
  switch (key) {
    case "GET /api/health":
    case "GET /api/v1/openapi.json":
    case "GET /api/v1/accuracy":
      return { when: "always" };
    case "GET /api/v1/measurements":
      return { when: "valid-input-only", valid: (input) => ledgerQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(input.query))).success };
    case "POST /api/v1/measurements":
      // A body the schema accepts can still be refused: a paste no reader understands, a GPU not in the catalog.
      return { when: "any" };
    case "POST /api/v1/auth/logout":
      return { when: "valid-input-only", valid: () => true };
    case "POST /api/v1/estimate":
      return { when: "valid-input-only", valid: schemaBody(estimateRequestSchema) };
    case "POST /api/v1/recommendations":
      return { when: "valid-input-only", valid: schemaBody(recommendationRequestSchema) };
    case "POST /api/v1/benchmarks":
      return { when: "valid-input-only", valid: schemaBody(benchmarkSubmissionSchema) };
    case "GET /api/v1/gpus":
      return { when: "valid-input-only", valid: (input) => parseGpuQuery(input.query).success };
    case "GET /api/v1/benchmarks":
      return { when: "valid-input-only", valid: (input) => known.slugs.includes(new URLSearchParams(input.query).get("gpu") ?? "") };
    case "GET /api/v1/gpus/[slug]":
      return { when: "valid-input-only", valid: (input) => known.slugs.includes(input.params.slug) };
    case "GET /api/v1/recommendations/[id]":
      return { when: "valid-input-only", valid: (input) => /^[0-9A-Za-z]{12}$/.test(input.params.id) };
    default:
      // Admin and session routes: no session here, so never a success (sign-in: no user exists).
      return { when: "never" };
  }
}

type Rule = { when: Expectation | "any"; valid?: (input: FuzzRequest) => boolean };

async function checkOne(route: LoadedRoute, method: HttpMethod, input: FuzzRequest, rule: Rule, stats: Map<number, number>): Promise<void> {
  const handler = route.handlers[method]!;
  const what = `${method} ${route.pattern}`;
  const request = toRequest(route, input);
  const response = await withTimeout(Promise.resolve().then(() => handler(request, { params: Promise.resolve({ ...input.params }) })), what);
  const text = await withTimeout(response.text(), `${what} (body)`);
  const status = response.status;
  stats.set(status, (stats.get(status) ?? 0) + 1);
  const fail = (problem: string) => new Error(`${what}: ${problem}\nstatus ${status}, body ${text.slice(0, 400)}\nrequest ${describeRequest(route, input)}`);

  if (status >= 500) throw fail("a server error");
  if (status < 200 || (status >= 300 && status < 400)) throw fail("neither a success nor a client error");
  const contentType = response.headers.get("content-type") ?? "";
  // The catalog export is a CSV download when asked for one; every other answer is JSON.
  const csvExport = status === 200 && (route.pattern === "/api/v1/admin/export" || route.pattern === "/api/v1/measurements") && /^text\/csv\b/.test(contentType);
  if (!csvExport && !/^application\/json\b/.test(contentType)) throw fail(`content-type ${contentType || "(none)"}, not JSON`);
  let body: unknown;
  try {
    body = csvExport ? null : JSON.parse(text);
  } catch {
    throw fail("a body that is not JSON");
  }
  const leak = leaksInternals(text);
  if (leak) throw fail(`the body reveals ${leak}`);
  if (status >= 400 && typeof (body as { error?: unknown })?.error !== "string") throw fail("an error answer without an `error` message");
  if (({} as Record<string, unknown>).polluted !== undefined) throw fail("Object.prototype was polluted");

  if (status < 300) {
    if (rule.when === "never") throw fail("a success without a session");
    if (rule.when === "valid-input-only" && rule.valid && !rule.valid(input)) throw fail("a success for invalid input");
  } else if (rule.when === "always") {
    throw fail("an error where the route always answers");
  }
}

describe("fuzzing every API route on the embedded database", () => {
  let db: FreshDatabase;
  let restoreEnv: () => void;
  const savedLimits = { share: process.env.ADVISOR_RATE_LIMIT_SHARE, benchmark: process.env.ADVISOR_RATE_LIMIT_BENCHMARK };
  const known: Known = { slugs: loadSeedCatalog().gpus.map((g) => g.slug), shareIds: [] };
  const summary: string[] = [];

  beforeAll(async () => {
    db = await pglite.create();
    restoreEnv = useDatabaseEnv(db.env);
    // Limits high enough that valid submissions reach the model and the database, not just a 429.
    process.env.ADVISOR_RATE_LIMIT_SHARE = "1000000000";
    process.env.ADVISOR_RATE_LIMIT_BENCHMARK = "1000000000";
    await getDatabase();
    const { POST } = await import("@/app/api/v1/recommendations/route");
    const created = await POST(
      new Request("http://localhost:3000/api/v1/recommendations", { method: "POST", body: JSON.stringify({ workload: { model: "llama-3.1-8b", precision: "q4_k_m" } }) }),
      undefined,
    );
    expect(created.status).toBe(201);
    known.shareIds.push(((await created.json()) as { id: string }).id);
  });

  afterAll(async () => {
    await closeDatabase();
    restoreEnv?.();
    for (const [name, value] of Object.entries(savedLimits)) {
      const key = `ADVISOR_RATE_LIMIT_${name.toUpperCase()}`;
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await db?.destroy();
    if (summary.length) console.log(`fuzz status counts (${RUNS} cases per method):\n${summary.join("\n")}`);
  });

  const routes = discoverApiRoutes();

  it("finds the API routes on disk", () => {
    expect(routes.map((r) => r.pattern)).toEqual(expect.arrayContaining(["/api/health", "/api/v1/gpus", "/api/v1/estimate", "/api/v1/recommendations", "/api/v1/recommendations/[id]"]));
  });

  for (const route of routes) {
    it(`${route.pattern}: every method answers hostile input with JSON, 2xx only for valid input, never 5xx`, async () => {
      const loaded = await loadApiRoute(route);
      const methods = Object.keys(loaded.handlers) as HttpMethod[];
      expect(methods.length, `${route.file} exports no handler`).toBeGreaterThan(0);
      for (const method of methods) {
        const stats = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(requestArbitrary(route, method, known), (input) => checkOne(loaded, method, input, twoHundredRule(route, method, known), stats)),
          { numRuns: RUNS, endOnFailure: true },
        );
        summary.push(`${method} ${route.pattern}: ${[...stats].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(" ")}`);
      }
    });
  }
});

/**
 * The admin API signed in as an admin (nine requests in ten carry the session cookie, its CSRF
 * token and this site's Origin): hostile input past the auth gate must still never get a 5xx.
 * ADVISOR_FUZZ_ADMIN_RUNS sets the cases per method (300 by default).
 */
const ADMIN_RUNS = Number(process.env.ADVISOR_FUZZ_ADMIN_RUNS ?? 300);

describe("fuzzing the admin API signed in", () => {
  let db: FreshDatabase;
  let restoreEnv: () => void;
  let auth: AuthHeaders;
  const known: Known = { slugs: loadSeedCatalog().gpus.map((g) => g.slug), shareIds: [] };
  const summary: string[] = [];

  beforeAll(async () => {
    db = await pglite.create();
    restoreEnv = useDatabaseEnv(db.env);
    const { prisma } = await getDatabase();
    const admin = await createUser(prisma, null, { email: "fuzz-admin@example.com", password: "fuzzing-password-1234", role: "admin" });
    const session = await createSession(prisma, admin.id);
    auth = { cookie: `${SESSION_COOKIE}=${session.token}`, csrf: session.csrfToken, origin: "http://localhost:3000" };
  });

  afterAll(async () => {
    await closeDatabase();
    restoreEnv?.();
    await db?.destroy();
    if (summary.length) console.log(`signed-in admin fuzz status counts (${ADMIN_RUNS} cases per method):\n${summary.join("\n")}`);
  });

  for (const route of discoverApiRoutes().filter((r) => r.pattern.startsWith("/api/v1/admin/"))) {
    it(`${route.pattern}: signed in, every method answers hostile input with JSON and never a 5xx`, async () => {
      const loaded = await loadApiRoute(route);
      for (const method of Object.keys(loaded.handlers) as HttpMethod[]) {
        const stats = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(requestArbitrary(route, method, known, auth), (input) => checkOne(loaded, method, input, { when: "any" }, stats)),
          { numRuns: ADMIN_RUNS, endOnFailure: true },
        );
        summary.push(`${method} ${route.pattern}: ${[...stats].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(" ")}`);
      }
    });
  }
});
