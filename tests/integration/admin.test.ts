import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as loginRoute } from "@/app/api/v1/auth/login/route";
import { POST as logoutRoute } from "@/app/api/v1/auth/logout/route";
import { DELETE as logoutEverywhereRoute } from "@/app/api/v1/auth/sessions/route";
import { GET as publicGpus } from "@/app/api/v1/gpus/route";
import { INVALID_CREDENTIALS } from "@/lib/auth/login";
import { FREE_FAILURES } from "@/lib/auth/throttle";
import { readSession, IDLE_TIMEOUT_MS, ABSOLUTE_TIMEOUT_MS, hashSessionToken } from "@/lib/auth/session";
import { createUser } from "@/lib/auth/users";
import { currentCatalogVersion } from "@/lib/catalog/queries";
import type { CatalogGpu } from "@/lib/catalog/types";
import { closeDatabase, getPrisma } from "@/lib/db";
import { testTargets, useDatabaseEnv, type FreshDatabase } from "./helpers/db";
import { fromPeer } from "./helpers/peer";

// Admin API against a real database: the route handlers are called directly, as `next start` would.
const BASE = "http://localhost:3000";
const ADMIN = { email: "admin@example.com", password: "correct horse battery" };
const EDITOR = { email: "editor@example.com", password: "editor password 1" };
const ADMIN_ROUTES_DIR = path.resolve("app/api/v1/admin");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<(typeof METHODS)[number], RouteHandler>>;

/** Every route.ts under app/api/v1/admin, with its URL (dynamic segments filled in) and params. */
function adminRouteFiles(): { file: string; url: string; params: Record<string, string> }[] {
  const found: { file: string; url: string; params: Record<string, string> }[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), [...segments, entry.name]);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const params: Record<string, string> = {};
        const url = segments
          .map((segment) => {
            const dynamic = /^\[(.+)\]$/.exec(segment);
            if (!dynamic) return segment;
            params[dynamic[1]] = dynamic[1] === "slug" ? "h100-sxm" : "1";
            return params[dynamic[1]];
          })
          .join("/");
        found.push({ file: path.join(dir, entry.name), url: `${BASE}/api/v1/admin/${url}`, params });
      }
    }
  };
  walk(ADMIN_ROUTES_DIR, []);
  return found;
}

async function loadRoute(relativeUrl: string): Promise<{ module: RouteModule; params: Record<string, string> }> {
  // /api/v1/admin/gpus/h100-sxm → app/api/v1/admin/gpus/[slug]/route.ts
  const parts = relativeUrl.replace(/^\/api\/v1\/admin\/?/, "").split("/").filter(Boolean);
  let dir = ADMIN_ROUTES_DIR;
  const params: Record<string, string> = {};
  for (const part of parts) {
    if (fs.existsSync(path.join(dir, part))) dir = path.join(dir, part);
    else {
      const dynamic = fs.readdirSync(dir).find((name) => /^\[.+\]$/.test(name));
      if (!dynamic) throw new Error(`no route for ${relativeUrl}`);
      params[dynamic.slice(1, -1)] = decodeURIComponent(part);
      dir = path.join(dir, dynamic);
    }
  }
  return { module: (await import(path.join(dir, "route.ts"))) as RouteModule, params };
}

interface Client {
  cookie: string;
  csrfToken: string;
}

let ipCounter = 0;
/** A fresh client address per sign-in, so the per-client rate limit does not interfere between tests. */
function nextIp(): string {
  ipCounter++;
  return `10.0.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

function withoutPeer(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "peer"));
}

/** `headers.peer` names the client's socket address (else a fresh one). */
async function login(email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return loginRoute(
    new Request(`${BASE}/api/v1/auth/login`, {
      method: "POST",
      headers: fromPeer(headers.peer ?? nextIp(), { "content-type": "application/json", ...withoutPeer(headers) }),
      body: JSON.stringify({ email, password }),
    }),
    undefined,
  );
}

async function signIn(user: { email: string; password: string }): Promise<Client> {
  const response = await login(user.email, user.password, { origin: BASE });
  expect(response.status, await response.clone().text()).toBe(200);
  const body = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
  return { cookie, csrfToken: body.csrfToken };
}

interface CallOptions {
  client?: Client;
  body?: unknown;
  /** Overrides: null leaves the header out. */
  origin?: string | null;
  csrfToken?: string | null;
}

async function call(method: string, relativeUrl: string, options: CallOptions = {}): Promise<Response> {
  const { module, params } = await loadRoute(relativeUrl.split("?")[0]);
  const handler = module[method as (typeof METHODS)[number]];
  if (!handler) throw new Error(`${relativeUrl} exports no ${method}`);
  const headers: Record<string, string> = {};
  if (options.client) headers.cookie = options.client.cookie;
  const origin = options.origin === undefined ? BASE : options.origin;
  if (origin !== null) headers.origin = origin;
  const csrf = options.csrfToken === undefined ? options.client?.csrfToken : options.csrfToken;
  if (csrf) headers["x-csrf-token"] = csrf;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  return handler(new Request(`${BASE}${relativeUrl}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }), {
    params: Promise.resolve(params),
  });
}

async function gpuRow(slug: string) {
  return (await getPrisma()).gpu.findUniqueOrThrow({ where: { slug } });
}

describe.each(testTargets())("admin catalog editing on $name", ({ create }) => {
  let db: FreshDatabase;
  let restoreEnv: () => void;
  let admin: Client;
  let editor: Client;
  const savedAdminEnv = { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD };

  beforeAll(async () => {
    db = await create();
    restoreEnv = useDatabaseEnv(db.env);
    // The bootstrap runs when the database is first opened.
    process.env.ADMIN_EMAIL = ADMIN.email;
    process.env.ADMIN_PASSWORD = ADMIN.password;
    const prisma = await getPrisma();
    await createUser(prisma, null, { ...EDITOR, role: "editor" });
    admin = await signIn(ADMIN);
    editor = await signIn(EDITOR);
  });
  afterAll(async () => {
    await closeDatabase();
    restoreEnv?.();
    if (savedAdminEnv.email === undefined) delete process.env.ADMIN_EMAIL;
    else process.env.ADMIN_EMAIL = savedAdminEnv.email;
    if (savedAdminEnv.password === undefined) delete process.env.ADMIN_PASSWORD;
    else process.env.ADMIN_PASSWORD = savedAdminEnv.password;
    await db?.destroy();
  });

  describe("accounts and sessions", () => {
    it("the ADMIN_EMAIL account exists with an argon2id hash, and sign-in sets an httpOnly SameSite=Lax cookie", async () => {
      const user = await (await getPrisma()).user.findUniqueOrThrow({ where: { email: ADMIN.email } });
      expect(user.role).toBe("admin");
      expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const response = await login(ADMIN.email, ADMIN.password);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { csrfToken: string };
      expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const cookie = response.headers.get("set-cookie") ?? "";
      // Plain http outside production: the bare name (browsers refuse `__Host-` without Secure).
      expect(cookie).toMatch(/^advisor_session=[A-Za-z0-9_-]{43};/);
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("SameSite=Lax");
      const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
      expect(maxAge).toBeGreaterThan(12 * 3600 - 10); // the 12 h absolute lifetime
      expect(maxAge).toBeLessThanOrEqual(12 * 3600);
      expect(cookie).not.toContain("Secure"); // plain http in a test
      // The database holds the token's hash, never the token.
      const token = cookie.split(";")[0].split("=")[1];
      expect(await (await getPrisma()).session.findUnique({ where: { id: token } })).toBeNull();
      expect(await (await getPrisma()).session.findUnique({ where: { id: hashSessionToken(token) } })).not.toBeNull();
    });

    it("answers an unknown email and a wrong password with the same 401 and message", async () => {
      const unknown = await login("nobody@example.com", ADMIN.password);
      const wrong = await login(ADMIN.email, "not the password");
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      const [a, b] = [await unknown.json(), await wrong.json()];
      expect(a).toEqual({ error: INVALID_CREDENTIALS });
      expect(b).toEqual(a);
    });

    it(`backs off an account after ${FREE_FAILURES} failed sign-ins from new browsers, unknown emails the same way, and never refuses the right password for good`, async () => {
      const victim = { email: "victim@example.com", password: "victim password 1" };
      await createUser(await getPrisma(), null, { ...victim, role: "editor" });
      const answers = async (email: string) => {
        const seen: string[] = [];
        for (let i = 0; i < FREE_FAILURES + 1; i++) {
          const response = await login(email, `wrong ${i}`);
          seen.push(`${response.status} ${JSON.stringify(await response.json())} ${response.headers.get("retry-after")}`);
        }
        return seen;
      };
      const known = await answers(victim.email);
      const unknown = await answers("ghost@example.com");
      expect(known).toEqual(unknown);
      expect(known.slice(0, FREE_FAILURES).every((line) => line.startsWith(`401 {"error":"${INVALID_CREDENTIALS}"}`))).toBe(true);
      expect(known[FREE_FAILURES]).toMatch(/^429 .*too many failed sign-ins.* 2$/);
    });

    it("backs off sign-in per client address (429 with retry-after)", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < FREE_FAILURES + 1; i++) statuses.push((await login(`someone${i}@example.com`, "x", { peer: "192.0.2.77" })).status);
      expect(statuses.slice(0, FREE_FAILURES).every((status) => status === 401)).toBe(true);
      expect(statuses[FREE_FAILURES]).toBe(429);
    });

    it("refuses a sign-in posted from a foreign origin", async () => {
      const response = await login(ADMIN.email, ADMIN.password, { origin: "https://evil.example" });
      expect(response.status).toBe(403);
    });

    it("ends a session 2 h after its last use and 12 h after sign-in", async () => {
      const prisma = await getPrisma();
      const response = await login(EDITOR.email, EDITOR.password);
      const token = (response.headers.get("set-cookie") ?? "").split(";")[0].split("=")[1];
      const t0 = Date.now();
      expect(await readSession(prisma, token, new Date(t0 + IDLE_TIMEOUT_MS - 60_000))).not.toBeNull(); // touches lastSeenAt
      expect(await readSession(prisma, token, new Date(t0 + 2 * IDLE_TIMEOUT_MS - 120_000))).not.toBeNull();
      expect(await readSession(prisma, token, new Date(t0 + ABSOLUTE_TIMEOUT_MS + 1000))).toBeNull();
      const idle = (await login(EDITOR.email, EDITOR.password)).headers.get("set-cookie")!.split(";")[0].split("=")[1];
      expect(await readSession(prisma, idle, new Date(Date.now() + IDLE_TIMEOUT_MS + 1000))).toBeNull();
    });

    it("signs out one session, and everywhere", async () => {
      const first = await signIn(EDITOR);
      const second = await signIn(EDITOR);
      const logout = await logoutRoute(new Request(`${BASE}/api/v1/auth/logout`, { method: "POST", headers: { cookie: first.cookie, origin: BASE, "x-csrf-token": first.csrfToken } }), undefined);
      expect(logout.status).toBe(200);
      expect(logout.headers.get("set-cookie")).toContain("Max-Age=0");
      expect((await call("GET", "/api/v1/admin/gpus", { client: first })).status).toBe(401);
      expect((await call("GET", "/api/v1/admin/gpus", { client: second })).status).toBe(200);
      const everywhere = await logoutEverywhereRoute(
        new Request(`${BASE}/api/v1/auth/sessions`, { method: "DELETE", headers: { cookie: second.cookie, origin: BASE, "x-csrf-token": second.csrfToken } }),
        undefined,
      );
      expect(everywhere.status).toBe(200);
      expect((await call("GET", "/api/v1/admin/gpus", { client: second })).status).toBe(401);
      expect((await call("GET", "/api/v1/admin/gpus", { client: editor })).status).toBe(401);
      editor = await signIn(EDITOR);
    });
  });

  describe("the gate in front of every admin route", () => {
    it("answers 401 to every exported method of every route file under app/api/v1/admin without a session", async () => {
      const routes = adminRouteFiles();
      expect(routes.length).toBeGreaterThanOrEqual(10);
      let calls = 0;
      for (const route of routes) {
        const routeModule = (await import(route.file)) as RouteModule;
        for (const method of METHODS) {
          const handler = routeModule[method];
          if (!handler) continue;
          const body = method === "GET" || method === "HEAD" ? undefined : JSON.stringify({ version: 1 });
          const response = await handler(new Request(route.url, { method, headers: { origin: BASE, "content-type": "application/json" }, body }), { params: Promise.resolve(route.params) });
          expect(response.status, `${method} ${route.url}`).toBe(401);
          expect(((await response.json()) as { error: string }).error, `${method} ${route.url}`).toBe("sign in first");
          calls++;
        }
      }
      expect(calls).toBeGreaterThanOrEqual(15);
    });

    it("answers a method a route does not serve with a JSON 405 and its Allow list, once signed in", async () => {
      const response = await call("PUT", "/api/v1/admin/gpus/h100-sxm", { client: editor, body: {} });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, PATCH, DELETE");
      expect(((await response.json()) as { error: string }).error).toMatch(/^method not allowed/);
    });

    it("answers 403 to a state change without the CSRF token, with a wrong one, or from a foreign origin, and changes nothing", async () => {
      const before = await gpuRow("h100-sxm");
      const body = { version: before.version, notes: "csrf probe" };
      for (const options of [{ csrfToken: null }, { csrfToken: "x".repeat(43) }, { origin: "https://evil.example" }, { origin: null }, { csrfToken: editor.csrfToken }] as CallOptions[]) {
        const response = await call("PATCH", "/api/v1/admin/gpus/h100-sxm", { client: admin, body, ...options });
        expect(response.status, JSON.stringify(options)).toBe(403);
      }
      expect((await gpuRow("h100-sxm")).version).toBe(before.version);
      expect((await gpuRow("h100-sxm")).notes).toBe(before.notes);
    });

    it("lets an editor edit the catalog but not manage users (403)", async () => {
      expect((await call("GET", "/api/v1/admin/users", { client: editor })).status).toBe(403);
      expect((await call("POST", "/api/v1/admin/users", { client: editor, body: { email: "x@example.com", password: "long enough pw", role: "admin" } })).status).toBe(403);
      const editorId = (await (await getPrisma()).user.findUniqueOrThrow({ where: { email: EDITOR.email } })).id;
      expect((await call("PATCH", `/api/v1/admin/users/${editorId}`, { client: editor, body: { role: "admin" } })).status).toBe(403);
      expect((await (await getPrisma()).user.findUniqueOrThrow({ where: { email: EDITOR.email } })).role).toBe("editor");
      expect((await call("GET", "/api/v1/admin/gpus?q=h100", { client: editor })).status).toBe(200);
    });

    it("lets an admin create a user, change the role and delete it", async () => {
      const created = await call("POST", "/api/v1/admin/users", { client: admin, body: { email: "New.Person@Example.com", password: "another password", role: "editor" } });
      expect(created.status).toBe(201);
      const user = (await created.json()) as { id: number; email: string; role: string };
      expect(user).toMatchObject({ email: "new.person@example.com", role: "editor" });
      expect((await call("POST", "/api/v1/admin/users", { client: admin, body: { email: "new.person@example.com", password: "another password", role: "editor" } })).status).toBe(409);
      const promoted = await call("PATCH", `/api/v1/admin/users/${user.id}`, { client: admin, body: { role: "admin" } });
      expect(((await promoted.json()) as { role: string }).role).toBe("admin");
      expect((await call("DELETE", `/api/v1/admin/users/${user.id}`, { client: admin })).status).toBe(200);
      expect(await (await getPrisma()).user.findUnique({ where: { id: user.id } })).toBeNull();
      const adminId = (await (await getPrisma()).user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id;
      expect((await call("DELETE", `/api/v1/admin/users/${adminId}`, { client: admin })).status).toBe(409);
    });
  });

  describe("editing GPUs", () => {
    it("20 concurrent PATCHes based on the same version: exactly one 200, nineteen 409, and the row is the winner's", async () => {
      const before = await gpuRow("a100-sxm4-80gb");
      const catalogBefore = await currentCatalogVersion(await getPrisma());
      const source = "https://example.com/a100-datasheet";
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call("PATCH", "/api/v1/admin/gpus/a100-sxm4-80gb", {
            client: i % 2 ? admin : editor,
            body: { version: before.version, memoryBandwidthGBps: 2000 + i, sources: { memoryBandwidthGBps: `${source}?editor=${i}` } },
          }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      const winnerIndex = statuses.indexOf(200);
      const winner = (await responses[winnerIndex].json()) as CatalogGpu;
      expect(winner.version).toBe(before.version + 1);
      expect(winner.memoryBandwidthGBps).toBe(2000 + winnerIndex);
      const after = await gpuRow("a100-sxm4-80gb");
      expect(after.version).toBe(before.version + 1);
      expect(after.memoryBandwidthGBps).toBe(2000 + winnerIndex);
      expect((after.sources as Record<string, string>).memoryBandwidthGBps).toBe(`${source}?editor=${winnerIndex}`);
      for (const [i, response] of responses.entries()) {
        if (i === winnerIndex) continue;
        const body = (await response.json()) as { error: string; current: CatalogGpu };
        expect(body.current.version).toBe(before.version + 1);
        expect(body.current.memoryBandwidthGBps).toBe(2000 + winnerIndex);
      }
      const prisma = await getPrisma();
      expect(await prisma.auditEntry.count({ where: { entity: "gpu", entityKey: "a100-sxm4-80gb" } })).toBe(1);
      expect(await currentCatalogVersion(prisma)).toBe(catalogBefore + 1);
    });

    it("answers a stale version with 409 and the current values; re-applied on the current version it lands", async () => {
      const row = await gpuRow("l4");
      const first = await call("PATCH", "/api/v1/admin/gpus/l4", { client: editor, body: { version: row.version, tdpWatts: 75, sources: { tdpWatts: "https://example.com/l4" } } });
      expect(first.status).toBe(200);
      const stale = await call("PATCH", "/api/v1/admin/gpus/l4", { client: admin, body: { version: row.version, notes: "admin's note" } });
      expect(stale.status).toBe(409);
      const conflict = (await stale.json()) as { error: string; current: CatalogGpu };
      expect(conflict.current).toMatchObject({ slug: "l4", version: row.version + 1, tdpWatts: 75 });
      expect(conflict.error).toMatch(/changed by someone else/);
      const merged = await call("PATCH", "/api/v1/admin/gpus/l4", { client: admin, body: { version: conflict.current.version, notes: "admin's note" } });
      expect(merged.status).toBe(200);
      expect(await merged.json()).toMatchObject({ version: row.version + 2, tdpWatts: 75, notes: "admin's note" });
    });

    it("refuses a changed figure without its source URL in the same request (400 naming sources.<field>)", async () => {
      const row = await gpuRow("l40s");
      const response = await call("PATCH", "/api/v1/admin/gpus/l40s", { client: editor, body: { version: row.version, memoryBandwidthGBps: 999 } });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { issues: { path: string; message: string }[] };
      expect(body.issues).toEqual([{ path: "sources.memoryBandwidthGBps", message: expect.stringContaining("source URL") }]);
      expect((await gpuRow("l40s")).memoryBandwidthGBps).toBe(row.memoryBandwidthGBps);
    });

    it("validates fields with the seed schema: 400 naming the field", async () => {
      const row = await gpuRow("l40s");
      const cases: [unknown, string][] = [
        [{ version: row.version, memoryGB: -4, sources: { memoryGB: "https://example.com" } }, "memoryGB"],
        [{ version: row.version, vendor: "acme" }, "vendor"],
        [{ version: row.version, memoryBandwidth: 1 }, "(root)"],
        [{ version: row.version, fp16TensorTflops: 100, sources: { fp16TensorTflops: "ftp://example.com" } }, "sources.fp16TensorTflops"],
        [{ memoryGB: 48 }, "version"],
        [{ version: row.version, slug: "renamed" }, "slug"],
      ];
      for (const [body, field] of cases) {
        const response = await call("PATCH", "/api/v1/admin/gpus/l40s", { client: editor, body });
        expect(response.status, JSON.stringify(body)).toBe(400);
        const answer = (await response.json()) as { issues: { path: string }[] };
        expect(answer.issues.map((i) => i.path), JSON.stringify(body)).toContain(field);
      }
      expect((await gpuRow("l40s")).version).toBe(row.version);
    });

    it("creates a GPU (201), refuses a duplicate slug (409), retires it: gone from /api/v1/gpus, kept in the database", async () => {
      const gpu = {
        slug: "test-gpu-1",
        name: "Test GPU One",
        vendor: "nvidia",
        segment: "datacenter",
        architecture: "Test",
        formFactor: "pcie",
        memoryGB: 24,
        memoryBandwidthGBps: 900,
        sources: { memoryGB: "https://example.com/t1", memoryBandwidthGBps: "https://example.com/t1" },
      };
      const created = await call("POST", "/api/v1/admin/gpus", { client: editor, body: gpu });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ slug: "test-gpu-1", version: 1, retired: false, memoryBandwidthGBps: 900 });
      const duplicate = await call("POST", "/api/v1/admin/gpus", { client: editor, body: gpu });
      expect(duplicate.status).toBe(409);
      expect(await duplicate.json()).toEqual({ error: 'a GPU with slug "test-gpu-1" already exists' });
      const listed = async () => ((await (await publicGpus(new Request(`${BASE}/api/v1/gpus`), undefined)).json()) as CatalogGpu[]).map((g) => g.slug);
      expect(await listed()).toContain("test-gpu-1");
      const retired = await call("DELETE", "/api/v1/admin/gpus/test-gpu-1?version=1", { client: editor });
      expect(retired.status).toBe(200);
      expect(await retired.json()).toMatchObject({ retired: true, version: 2 });
      expect(await listed()).not.toContain("test-gpu-1");
      expect((await gpuRow("test-gpu-1")).retired).toBe(true);
      expect((await call("DELETE", "/api/v1/admin/gpus/no-such-gpu", { client: editor })).status).toBe(404);
    });
  });

  describe("editing cloud offers", () => {
    it("creates, refuses a duplicate (409), needs the source for a price change, and retires", async () => {
      const offer = { provider: "TestCloud", instanceType: "t.x1", gpu: "l4", gpuCount: 1, priceUsdPerHour: 0.8, region: "eu-1", observedAt: "2026-01-15", sourceUrl: "https://example.com/prices" };
      const created = await call("POST", "/api/v1/admin/cloud-offers", { client: editor, body: offer });
      expect(created.status).toBe(201);
      const { id, version } = (await created.json()) as { id: number; version: number };
      expect((await call("POST", "/api/v1/admin/cloud-offers", { client: editor, body: offer })).status).toBe(409);
      const unsourced = await call("PATCH", `/api/v1/admin/cloud-offers/${id}`, { client: editor, body: { version, priceUsdPerHour: 0.7 } });
      expect(unsourced.status).toBe(400);
      expect(((await unsourced.json()) as { issues: { path: string }[] }).issues[0].path).toBe("sourceUrl");
      const sourced = await call("PATCH", `/api/v1/admin/cloud-offers/${id}`, { client: editor, body: { version, priceUsdPerHour: 0.7, sourceUrl: "https://example.com/prices-2" } });
      expect(sourced.status).toBe(200);
      expect(await sourced.json()).toMatchObject({ priceUsdPerHour: 0.7, version: version + 1 });
      expect((await call("PATCH", `/api/v1/admin/cloud-offers/${id}`, { client: editor, body: { version, notes: "stale" } })).status).toBe(409);
      const unknownGpu = await call("PATCH", `/api/v1/admin/cloud-offers/${id}`, { client: editor, body: { version: version + 1, gpu: "no-such-gpu", sourceUrl: offer.sourceUrl } });
      expect(unknownGpu.status).toBe(400);
      expect((await call("DELETE", `/api/v1/admin/cloud-offers/${id}`, { client: editor })).status).toBe(200);
      expect((await (await getPrisma()).cloudOffer.findUniqueOrThrow({ where: { id } })).retired).toBe(true);
    });
  });

  describe("the audit log", () => {
    it("records who changed which fields, and a revert restores the previous values as a new, audited version", async () => {
      const prisma = await getPrisma();
      const before = await gpuRow("h100-pcie");
      const catalogBefore = await currentCatalogVersion(prisma);
      const edited = await call("PATCH", "/api/v1/admin/gpus/h100-pcie", {
        client: editor,
        body: { version: before.version, memoryBandwidthGBps: 1234, name: "H100 PCIe (edited)", sources: { memoryBandwidthGBps: "https://example.com/h100" } },
      });
      expect(edited.status).toBe(200);
      const list = await call("GET", "/api/v1/admin/audit?entity=gpu&key=h100-pcie", { client: editor });
      const [entry] = (await list.json()) as { id: number; user: string; action: string; catalogVersion: number; changes: { field: string; before: unknown; after: unknown }[] }[];
      expect(entry).toMatchObject({ user: EDITOR.email, action: "update", catalogVersion: catalogBefore + 1 });
      expect(entry.changes.map((c) => c.field).sort()).toEqual(["memoryBandwidthGBps", "name", "sources"]);
      expect(entry.changes.find((c) => c.field === "memoryBandwidthGBps")).toEqual({ field: "memoryBandwidthGBps", before: before.memoryBandwidthGBps, after: 1234 });

      const reverted = await call("POST", `/api/v1/admin/audit/${entry.id}/revert`, { client: admin });
      expect(reverted.status).toBe(200);
      const after = await gpuRow("h100-pcie");
      expect(after.memoryBandwidthGBps).toBe(before.memoryBandwidthGBps);
      expect(after.name).toBe(before.name);
      expect(after.sources).toEqual(before.sources);
      expect(after.version).toBe(before.version + 2);
      expect(await currentCatalogVersion(prisma)).toBe(catalogBefore + 2);
      const revertEntry = await prisma.auditEntry.findFirstOrThrow({ where: { revertOf: entry.id } });
      expect(revertEntry.action).toBe("revert");

      // Reverting the same entry again: its fields no longer hold its `after` values, so it is refused.
      const again = await call("POST", `/api/v1/admin/audit/${entry.id}/revert`, { client: admin });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: string }).error).toMatch(/changed again since this entry \(.*memoryBandwidthGBps/);
      expect((await gpuRow("h100-pcie")).version).toBe(before.version + 2);
    });

    it("reverting a retirement brings the GPU back", async () => {
      const before = await gpuRow("rtx-a4000");
      expect((await call("DELETE", "/api/v1/admin/gpus/rtx-a4000", { client: editor })).status).toBe(200);
      const entry = await (await getPrisma()).auditEntry.findFirstOrThrow({ where: { entityKey: "rtx-a4000", action: "retire" } });
      expect((await call("POST", `/api/v1/admin/audit/${entry.id}/revert`, { client: editor })).status).toBe(200);
      const after = await gpuRow("rtx-a4000");
      expect(after.retired).toBe(false);
      expect(after.version).toBe(before.version + 2);
    });
  });

  describe("import and export", () => {
    async function exported(): Promise<{ gpus: Record<string, unknown>[]; cloudOffers: Record<string, unknown>[] }> {
      const response = await call("GET", "/api/v1/admin/export?format=json", { client: editor });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="catalog-v\d+\.json"$/);
      return (await response.json()) as { gpus: Record<string, unknown>[]; cloudOffers: Record<string, unknown>[] };
    }

    it("re-importing the export changes nothing", async () => {
      const file = await exported();
      expect(file.gpus.length).toBeGreaterThan(50);
      const preview = await call("POST", "/api/v1/admin/import", { client: editor, body: { format: "json", content: JSON.stringify(file) } });
      expect(preview.status).toBe(200);
      const body = (await preview.json()) as { summary: Record<string, number> };
      expect(body.summary).toEqual({ new: 0, changed: 0, unchanged: file.gpus.length + file.cloudOffers.length, errors: 0 });
    });

    it("a file with one bad row: the preview names row and field, and applying it changes nothing", async () => {
      const prisma = await getPrisma();
      const file = await exported();
      const goodIndex = file.gpus.findIndex((g) => g.slug === "l40s");
      const badIndex = file.gpus.findIndex((g) => g.slug === "rtx-a4000");
      file.gpus[goodIndex] = { ...file.gpus[goodIndex], tdpWatts: 333 };
      file.gpus[badIndex] = { ...file.gpus[badIndex], memoryGB: -16 };
      const content = JSON.stringify(file);
      const catalogBefore = await currentCatalogVersion(prisma);
      const l40sBefore = await gpuRow("l40s");

      const preview = await call("POST", "/api/v1/admin/import", { client: editor, body: { format: "json", content } });
      const body = (await preview.json()) as { summary: Record<string, number>; rows: { row: number; key: string; status: string; changes: { field: string }[]; errors: { row: number; field: string }[] }[] };
      expect(body.summary).toMatchObject({ changed: 1, errors: 1 });
      expect(body.rows.find((r) => r.key === "l40s")).toMatchObject({ status: "changed", changes: [{ field: "tdpWatts" }] });
      expect(body.rows.find((r) => r.status === "error")).toMatchObject({ row: badIndex + 1, key: "rtx-a4000", errors: [{ row: badIndex + 1, field: "memoryGB" }] });

      const applied = await call("POST", "/api/v1/admin/import", { client: editor, body: { format: "json", content, apply: true } });
      expect(applied.status).toBe(400);
      expect((await gpuRow("l40s")).tdpWatts).toBe(l40sBefore.tdpWatts);
      expect((await gpuRow("l40s")).version).toBe(l40sBefore.version);
      expect(await currentCatalogVersion(prisma)).toBe(catalogBefore);
    });

    it("applies a good file atomically as one catalog version, refusing it if the catalog moved on since the preview", async () => {
      const prisma = await getPrisma();
      const file = await exported();
      const index = file.gpus.findIndex((g) => g.slug === "l40s");
      file.gpus[index] = { ...file.gpus[index], tdpWatts: 333, sources: { ...(file.gpus[index].sources as object), tdpWatts: "https://example.com/l40s-tdp" } };
      file.gpus.push({ ...file.gpus[index], slug: "l40s-imported", name: "L40S imported copy" });
      const content = JSON.stringify(file);
      const catalogBefore = await currentCatalogVersion(prisma);
      const stale = await call("POST", "/api/v1/admin/import", { client: editor, body: { format: "json", content, apply: true, expectedCatalogVersion: catalogBefore - 1 } });
      expect(stale.status).toBe(409);
      const applied = await call("POST", "/api/v1/admin/import", { client: editor, body: { format: "json", content, apply: true, expectedCatalogVersion: catalogBefore } });
      expect(applied.status).toBe(200);
      expect(await applied.json()).toMatchObject({ applied: true, catalogVersion: catalogBefore + 1, summary: { new: 1, changed: 1, errors: 0 } });
      expect((await gpuRow("l40s")).tdpWatts).toBe(333);
      expect((await gpuRow("l40s-imported")).name).toBe("L40S imported copy");
      expect(await currentCatalogVersion(prisma)).toBe(catalogBefore + 1);
      expect(await prisma.auditEntry.count({ where: { catalogVersion: catalogBefore + 1 } })).toBe(2);
    });

    it("round-trips the GPUs through CSV, and names the row and field of a bad CSV cell", async () => {
      const response = await call("GET", "/api/v1/admin/export?format=csv&entity=gpus", { client: editor });
      expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
      const csv = await response.text();
      const lines = csv.trimEnd().split("\r\n");
      expect(lines[0]).toMatch(/^slug,name,vendor,segment,architecture,formFactor,releaseYear,memoryGB,/);
      expect(lines[0]).toContain("source.memoryBandwidthGBps");
      const same = await call("POST", "/api/v1/admin/import", { client: editor, body: { format: "csv", entity: "gpus", content: csv } });
      const sameBody = (await same.json()) as { summary: Record<string, number> };
      expect(sameBody.summary).toMatchObject({ new: 0, changed: 0, errors: 0 });
      expect(sameBody.summary.unchanged).toBeGreaterThan(50);

      const header = lines[0].split(",");
      const memoryColumn = header.indexOf("memoryGB");
      const broken = lines.map((line, i) => (i === 3 ? line.split(",").map((cell, c) => (c === memoryColumn ? "lots" : cell)).join(",") : line)).join("\r\n");
      const preview = await call("POST", "/api/v1/admin/import", { client: editor, body: { format: "csv", entity: "gpus", content: broken } });
      const body = (await preview.json()) as { rows: { row: number; status: string; errors: { field: string }[] }[] };
      const errors = body.rows.filter((r) => r.status === "error");
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ row: 3, errors: [{ field: "memoryGB" }] });
    });
  });
});
