import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { createUser } from "@/lib/auth/users";
import { closeDatabase, getDatabase } from "@/lib/db";
import { MAX_BODY_BYTES } from "@/lib/http";
import { newShareId } from "@/lib/share/snapshot";
import { IMPORT_MAX_BYTES } from "@/lib/admin/transfer";
import { discoverApiRoutes, fillPattern, HTTP_METHODS, loadApiRoute, type HttpMethod, type LoadedRoute } from "../helpers-hardening/routes";
import { testTargets, useDatabaseEnv, type FreshDatabase } from "./helpers/db";
import { fromPeer } from "./helpers/peer";

/**
 * The API's limits, route by route: bodies over 64 KB answer 413, wrong methods a JSON 405, share
 * ids are unguessable and not enumerable, and share creation is rate-limited with Retry-After.
 */
const BASE = "http://localhost:3000";
const ORIGIN = BASE;
const WORKLOAD = { model: "llama-3.1-8b", precision: "q4_k_m" };

function call(route: LoadedRoute, method: HttpMethod, init: { body?: string; headers?: Record<string, string>; params?: Record<string, string> } = {}) {
  // Ids and slugs that name nothing: a probe must not retire a GPU or delete the signed-in admin.
  const params = init.params ?? Object.fromEntries(route.params.map((name) => [name, name === "slug" ? "no-such-gpu" : "999999"]));
  const request = new Request(BASE + fillPattern(route.pattern, params), { method, headers: init.headers, body: method === "GET" ? undefined : init.body });
  return Promise.resolve(route.handlers[method]!(request, { params: Promise.resolve(params) }));
}

async function jsonOf(response: Response): Promise<{ error?: string }> {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as { error?: string };
}

describe("request limits on every API route (embedded database)", () => {
  let db: FreshDatabase;
  let restoreEnv: () => void;
  let routes: LoadedRoute[];
  let signedIn: Record<string, string>;

  beforeAll(async () => {
    db = await testTargets()[0].create();
    restoreEnv = useDatabaseEnv(db.env);
    const { prisma } = await getDatabase();
    const admin = await createUser(prisma, null, { email: "limits-admin@example.com", password: "limits-password-1234", role: "admin" });
    const session = await createSession(prisma, admin.id);
    signedIn = { cookie: `${SESSION_COOKIE}=${session.token}`, "x-csrf-token": session.csrfToken, origin: ORIGIN };
    routes = await Promise.all(discoverApiRoutes().map((route) => loadApiRoute(route)));
  });
  afterAll(async () => {
    await closeDatabase();
    restoreEnv?.();
    await db?.destroy();
  });

  it("every route answers every method it does not serve with a JSON 405 naming the allowed ones", async () => {
    const missing: string[] = [];
    for (const route of routes) {
      const served = HTTP_METHODS.filter((m) => route.handlers[m]);
      for (const method of HTTP_METHODS) {
        if (!route.handlers[method]) {
          // Next.js answers an unexported method with an empty 405: not JSON, no Allow list.
          missing.push(`${method} ${route.pattern}`);
          continue;
        }
        const response = await call(route, method, { body: "{}", headers: { "content-type": "application/json" } });
        if (response.status !== 405) continue;
        const body = await jsonOf(response);
        expect(body.error, `${method} ${route.pattern}`).toMatch(/method not allowed/);
        const allow = (response.headers.get("allow") ?? "").split(/,\s*/);
        expect(allow.length, `${method} ${route.pattern}: Allow`).toBeGreaterThan(0);
        for (const m of allow) expect(served, `${method} ${route.pattern}: Allow names ${m}`).toContain(m);
        expect(allow).not.toContain(method);
      }
    }
    expect(missing, "methods with no handler (Next.js answers them with an empty, non-JSON 405): export methodNotAllowed([...]) for them").toEqual([]);
  });

  it("every handler that reads a JSON body refuses one over 64 KB with a JSON 413, declared or not", async () => {
    const checked: string[] = [];
    for (const route of routes) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
        if (!route.handlers[method]) continue;
        const headers = { ...signedIn, "content-type": "application/json" };
        // A handler reads the body if broken JSON gets the "not valid JSON" answer.
        const probe = await call(route, method, { body: "{", headers });
        const probeBody = await jsonOf(probe);
        if (probe.status !== 400 || !/not valid JSON/.test(probeBody.error ?? "")) continue;
        const limit = route.pattern === "/api/v1/admin/import" ? IMPORT_MAX_BYTES * 2 : MAX_BODY_BYTES;
        const oversized = JSON.stringify({ workload: WORKLOAD }) + " ".repeat(limit + 1);
        for (const declared of [true, false]) {
          const response = await call(route, method, { body: oversized, headers: declared ? { ...headers, "content-length": String(Buffer.byteLength(oversized)) } : headers });
          expect(response.status, `${method} ${route.pattern} (${declared ? "declared" : "streamed"})`).toBe(413);
          expect((await jsonOf(response)).error).toMatch(/over/);
        }
        // Just under the limit is read and judged on its content (400 or 2xx, never 413).
        const under = JSON.stringify({ workload: WORKLOAD }).padEnd(Math.min(limit, MAX_BODY_BYTES) - 1, " ");
        const response = await call(route, method, { body: under, headers });
        expect(response.status, `${method} ${route.pattern} just under the limit`).not.toBe(413);
        checked.push(`${method} ${route.pattern}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(["POST /api/v1/estimate", "POST /api/v1/recommendations", "POST /api/v1/benchmarks", "POST /api/v1/auth/login"]));
  });

  it("share ids are 12 letters of a 62-letter alphabet, unique over 10,000 draws and evenly spread", () => {
    const ids = Array.from({ length: 10_000 }, () => newShareId());
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(new Set(ids).size).toBe(10_000);
    // 120,000 letters: each of the 62 expected 1,935 times; a biased or smaller alphabet shows.
    const counts = new Map<string, number>();
    for (const letter of ids.join("")) counts.set(letter, (counts.get(letter) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const [letter, n] of counts) {
      expect(n, letter).toBeGreaterThan(1935 * 0.85);
      expect(n, letter).toBeLessThan(1935 * 1.15);
    }
  });

  it("share ids cannot be enumerated: 300 random ids all answer 404 quickly", async () => {
    const route = routes.find((r) => r.pattern === "/api/v1/recommendations/[id]")!;
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const id = i % 3 === 0 ? String(i).padStart(12, "0") : newShareId();
      const start = performance.now();
      const response = await call(route, "GET", { params: { id } });
      times.push(performance.now() - start);
      expect(response.status).toBe(404);
      expect((await jsonOf(response)).error).toBe("no shared recommendation with that id");
    }
    times.sort((a, b) => a - b);
    const median = times[150];
    // One indexed lookup: far under the 50 ms a share creation may take, even on a loaded machine.
    expect(median).toBeLessThan(25);
  });
});

describe.each(testTargets())("share creation rate limit on $name", ({ create }) => {
  let db: FreshDatabase;
  let restoreEnv: () => void;
  const saved = process.env.ADVISOR_RATE_LIMIT_SHARE;

  beforeAll(async () => {
    db = await create();
    restoreEnv = useDatabaseEnv(db.env);
    process.env.ADVISOR_RATE_LIMIT_SHARE = "3";
    await getDatabase();
  });
  afterAll(async () => {
    await closeDatabase();
    restoreEnv?.();
    if (saved === undefined) delete process.env.ADVISOR_RATE_LIMIT_SHARE;
    else process.env.ADVISOR_RATE_LIMIT_SHARE = saved;
    await db?.destroy();
  });

  it("the 4th share in a minute from one client answers 429 with Retry-After; another client is unaffected", async () => {
    const { POST } = await import("@/app/api/v1/recommendations/route");
    const share = (client: string) =>
      POST(new Request(`${BASE}/api/v1/recommendations`, { method: "POST", headers: fromPeer(client), body: JSON.stringify({ workload: WORKLOAD }) }), undefined);
    for (let i = 0; i < 3; i++) expect((await share("203.0.113.7")).status).toBe(201);
    const refused = await share("203.0.113.7");
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await jsonOf(refused)).error).toMatch(/too many/);
    expect((await share("198.51.100.9")).status).toBe(201);
  });
});
