import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import { loadMigrations } from "@/lib/migrate";
import { testTargets, type FreshDatabase } from "../integration/helpers/db";
import { startApp, type AppServer } from "../helpers-hardening/server";

/**
 * Two app nodes (`next start` on two ports) on one PostgreSQL database, started at the same time:
 * migrations and seeding happen once, a share made on one node opens on the other, rate limits
 * count across both, and a session made on one node works on the other. PostgreSQL only (the
 * embedded database is one process's by design): runs where TEST_DATABASE_URL is set.
 */
const postgres = testTargets().find((t) => t.name === "postgres");
if (!postgres) console.log("multinode skipped: TEST_DATABASE_URL is unset");

const ADMIN = { email: "multinode-admin@example.com", password: "multinode-password-1234" };
const CLIENT = { "content-type": "application/json", "x-forwarded-for": "192.0.2.50" };
const SHARE_BODY = JSON.stringify({ workload: { model: "llama-3.1-8b", precision: "q4_k_m" } });

describe.skipIf(!postgres)("two app nodes on one PostgreSQL database", () => {
  let db: FreshDatabase;
  let a: AppServer;
  let b: AppServer;

  beforeAll(async () => {
    db = await postgres!.create();
    // The test speaks for several clients as a proxy on loopback would: X-Forwarded-For names them.
    const env = { ...db.env, ADVISOR_RATE_LIMIT_SHARE: "5", ADVISOR_TRUSTED_PROXIES: "127.0.0.1, ::1", ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
    // Both start at once and take their first request at once: both race to migrate and seed.
    [a, b] = await Promise.all([startApp({ env, waitHealthy: false }), startApp({ env, waitHealthy: false })]);
    await Promise.all([a.waitHealthy(), b.waitHealthy()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.destroy();
  });

  it("applied each migration exactly once and seeded the catalog once", async () => {
    const client = new pg.Client({ connectionString: db.target.location });
    await client.connect();
    try {
      const applied = await client.query<{ name: string }>(`SELECT name FROM "_advisor_migrations" ORDER BY name`);
      expect(applied.rows.map((r) => r.name)).toEqual(loadMigrations().map((m) => m.name));
      const gpus = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Gpu"`);
      expect(Number(gpus.rows[0].n)).toBe(loadSeedCatalog().gpus.length);
      const admins = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "User" WHERE email = $1`, [ADMIN.email]);
      expect(Number(admins.rows[0].n)).toBe(1);
    } finally {
      await client.end();
    }
    for (const node of [a, b]) expect(node.output(), "no start-up errors").not.toMatch(/Error|could not/);
  });

  it("a share made on node A opens on node B", async () => {
    const created = await fetch(`${a.url}/api/v1/recommendations`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.1" }, body: SHARE_BODY });
    expect(created.status).toBe(201);
    const share = (await created.json()) as { id: string; ranked?: unknown };
    const onB = await fetch(`${b.url}/api/v1/recommendations/${share.id}`);
    expect(onB.status).toBe(200);
    const snapshot = (await onB.json()) as { id: string; result: Record<string, unknown> };
    expect(snapshot.id).toBe(share.id);
    const page = await fetch(`${b.url}/r/${share.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(share.id);
  });

  it("rate limits count across nodes: with a limit of 5, three shares on A and three on B make the 6th a 429", async () => {
    const statuses: number[] = [];
    for (const node of [a, a, a, b, b, b]) {
      const response = await fetch(`${node.url}/api/v1/recommendations`, { method: "POST", headers: CLIENT, body: SHARE_BODY });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  const loginRoute = path.resolve("app/api/v1/auth/login/route.ts");
  it.skipIf(!fs.existsSync(loginRoute))("an admin session made on node A works on node B, its catalog edit shows on both, and signing out on B ends it on A", async () => {
    const login = await fetch(`${a.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = /(?:__Host-)?advisor_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0];
    expect(cookie).toBeTruthy();

    const session = await fetch(`${b.url}/api/v1/auth/session`, { headers: { cookie: cookie! } });
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe(ADMIN.email);

    const adminList = await fetch(`${b.url}/api/v1/admin/gpus`, { headers: { cookie: cookie! } });
    expect(adminList.status).toBe(200);

    // A catalog edit made on A is on A at once, and on B as soon as PostgreSQL announces it.
    const { version } = (await (await fetch(`${a.url}/api/v1/admin/gpus/h100-sxm`, { headers: { cookie: cookie! } })).json()) as { version: number };
    const edit = await fetch(`${a.url}/api/v1/admin/gpus/h100-sxm`, {
      method: "PATCH",
      headers: { "content-type": "application/json", cookie: cookie!, "x-csrf-token": csrfToken, origin: a.url },
      body: JSON.stringify({ version, notes: "multinode edit" }),
    });
    expect(edit.status, await edit.clone().text()).toBe(200);
    const notesOn = async (node: AppServer) => ((await (await fetch(`${node.url}/api/v1/gpus/h100-sxm`)).json()) as { notes: string | null }).notes;
    expect(await notesOn(a)).toBe("multinode edit");
    const start = Date.now();
    while ((await notesOn(b)) !== "multinode edit" && Date.now() - start < 2000) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await notesOn(b)).toBe("multinode edit");

    const logout = await fetch(`${b.url}/api/v1/auth/logout`, { method: "POST", headers: { cookie: cookie!, "x-csrf-token": csrfToken, origin: b.url } });
    expect(logout.status).toBe(200);
    expect((await fetch(`${a.url}/api/v1/auth/session`, { headers: { cookie: cookie! } })).status).toBe(401);
  });
});
