import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DELETE as deleteRunRoute, PATCH as patchRunRoute } from "@/app/api/v1/admin/benchmark-runs/[id]/route";
import { GET as listRunsRoute } from "@/app/api/v1/admin/benchmark-runs/route";
import { GET as auditRoute } from "@/app/api/v1/admin/audit/route";
import { POST as revertRoute } from "@/app/api/v1/admin/audit/[id]/revert/route";
import { DELETE as deleteUserRoute } from "@/app/api/v1/admin/users/[id]/route";
import { POST as createUserRoute } from "@/app/api/v1/admin/users/route";
import { POST as loginRoute } from "@/app/api/v1/auth/login/route";
import { GET as communityRoute, POST as benchmarkRoute } from "@/app/api/v1/benchmarks/route";
import { POST as shareRoute } from "@/app/api/v1/recommendations/route";
import type { PrismaClient } from "@/generated/prisma/client";
import { INVALID_CREDENTIALS, signIn } from "@/lib/auth/login";
import { FREE_FAILURES } from "@/lib/auth/throttle";
import { createUser } from "@/lib/auth/users";
import { closeDatabase, getPrisma } from "@/lib/db";
import { clientKey } from "@/lib/rate-limit";
import { pruneExpiredShares, SHARE_RETENTION_DAYS } from "@/lib/share/quota";
import { testTargets, withFreshAppDatabase } from "./helpers/db";
import { fromPeer } from "./helpers/peer";

// Issue #16 end to end through the route handlers, on each database.
const BASE = "http://localhost:3000";
const ADMIN = { email: "root@example.com", password: "root password 123" };
const EDITOR = { email: "mod@example.com", password: "moderator password 1" };
const WORKLOAD = { workload: { model: "llama-3.1-8b", precision: "q4_k_m" } };
const RUN = {
  renderer: "ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 Direct3D11 vs_5_0 ps_5_0, D3D11)",
  matchedGpu: "rtx-4090",
  backend: "webgl2",
  matmulGflops: 4100,
  bandwidthGBps: 520,
  maxAbsError: 4e-6,
  durationMs: 8200,
};

let peerCounter = 0;
const freshPeer = () => `198.18.${Math.floor(++peerCounter / 250)}.${peerCounter % 250}`;

interface Signed {
  cookie: string;
  csrf: string;
  device: string;
}

function login(email: string, password: string, peer: string, cookie?: string): Promise<Response> {
  return loginRoute(
    new Request(`${BASE}/api/v1/auth/login`, {
      method: "POST",
      headers: fromPeer(peer, { "content-type": "application/json", ...(cookie ? { cookie } : {}) }),
      body: JSON.stringify({ email, password }),
    }),
    undefined,
  );
}

async function signInAs(user: { email: string; password: string }, peer = freshPeer()): Promise<Signed> {
  const response = await login(user.email, user.password, peer);
  expect(response.status, await response.clone().text()).toBe(200);
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  return {
    cookie: cookies.find((c) => c.includes("advisor_session="))!,
    device: cookies.find((c) => c.includes("advisor_device="))!,
    csrf: ((await response.json()) as { csrfToken: string }).csrfToken,
  };
}

function adminRequest(method: string, path: string, who: Signed, body?: unknown): Request {
  return new Request(`${BASE}${path}`, {
    method,
    headers: { cookie: who.cookie, origin: BASE, "x-csrf-token": who.csrf, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });

describe.each(testTargets())("security v2 on $name", ({ create }) => {
  withFreshAppDatabase(create);
  let prisma: PrismaClient;
  let admin: Signed;
  let editor: Signed;

  beforeAll(async () => {
    prisma = await getPrisma();
    await createUser(prisma, null, { ...ADMIN, role: "admin" });
    await createUser(prisma, null, { ...EDITOR, role: "editor" });
    admin = await signInAs(ADMIN);
    editor = await signInAs(EDITOR);
  });
  afterEach(() => vi.unstubAllEnvs());

  describe("sign-in", () => {
    it("counts failures atomically: of 20 parallel wrong attempts on one account from one client, exactly 5 are checked", async () => {
      const victim = { email: "parallel@example.com", password: "parallel password 1" };
      await createUser(prisma, null, { ...victim, role: "editor" });
      const client = clientKey(new Headers(fromPeer(freshPeer())));
      const now = new Date();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(prisma, { email: victim.email, password: `wrong ${i}` }, client, { now })));
      const statuses = results.map((r) => (r.ok ? 200 : r.status));
      expect(statuses.filter((s) => s === 401)).toHaveLength(FREE_FAILURES);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20 - FREE_FAILURES);
      const rows = await prisma.loginThrottle.findMany({ where: { key: { startsWith: "account:" }, failures: FREE_FAILURES } });
      expect(rows.length).toBeGreaterThanOrEqual(1);
      // Through the route too: 20 parallel requests from one address, never more than 5 past the gate.
      const peer = freshPeer();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login(`parallel-${i}@example.com`, "nope", peer)));
      expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(FREE_FAILURES);
      expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(20 - FREE_FAILURES);
    });

    it("an outsider failing on the admin's email cannot keep the admin out: the admin's browser (device cookie) still signs in at once", async () => {
      // One fixed clock for the whole exchange: the outcome cannot hinge on how fast argon2 runs here.
      const now = new Date();
      const attempt = (password: string, device?: string) => signIn(prisma, { email: ADMIN.email, password }, clientKey(new Headers(fromPeer(freshPeer()))), { now, device });
      for (let i = 0; i < FREE_FAILURES + 3; i++) await attempt(`guess ${i}`);
      const stranger = await attempt(ADMIN.password);
      expect(stranger).toMatchObject({ ok: false, status: 429 }); // a new browser waits with everyone else
      const deviceToken = admin.device.split("=")[1];
      expect((await attempt(ADMIN.password, deviceToken)).ok).toBe(true);
      // A device cookie for another account is no help.
      expect(await attempt(ADMIN.password, editor.device.split("=")[1])).toMatchObject({ ok: false, status: 429 });
      // Through the route: the cookie the admin's browser holds.
      const own = await login(ADMIN.email, ADMIN.password, freshPeer(), admin.device);
      expect(own.status, await own.clone().text()).toBe(200);
    });

    it("unknown and known emails get the same answers and take about the same time (one argon2 verify each)", async () => {
      // Interleaved, so a busy moment on this shared machine slows both kinds alike.
      const known = { answers: [] as string[], times: [] as number[] };
      const unknown = { answers: [] as string[], times: [] as number[] };
      for (let i = 0; i < 6; i++) {
        for (const [email, into] of [[EDITOR.email, known], ["nobody-here@example.com", unknown]] as const) {
          const start = performance.now();
          const response = await login(email, "wrong password", freshPeer());
          into.times.push(performance.now() - start);
          into.answers.push(`${response.status} ${await response.text()} ${response.headers.get("retry-after")}`);
        }
      }
      expect(unknown.answers).toEqual(known.answers);
      expect(known.answers[0]).toBe(`401 ${JSON.stringify({ error: INVALID_CREDENTIALS })} null`);
      const median = (times: number[]) => [...times].sort((a, b) => a - b)[3];
      // Loose on purpose: without the dummy argon2 verify an unknown email answers several times faster.
      const ratio = median(unknown.times) / median(known.times);
      expect(ratio, `unknown ${median(unknown.times).toFixed(1)} ms, known ${median(known.times).toFixed(1)} ms`).toBeGreaterThan(0.33);
      expect(ratio).toBeLessThan(3);
    });

    it("the client-hash salt is made at first start, kept in the database, and is no public constant", async () => {
      const row = await prisma.setting.findUniqueOrThrow({ where: { key: "client-hash-salt" } });
      expect(row.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const key = clientKey(new Headers(fromPeer("192.0.2.10")));
      expect(key).toBe(createHash("sha256").update(`${row.value}:192.0.2.10`).digest("hex").slice(0, 32));
      expect(key).not.toBe(createHash("sha256").update("gpu-advisor:192.0.2.10").digest("hex").slice(0, 32));
    });
  });

  describe("bounded storage", () => {
    const share = (peer: string) => shareRoute(new Request(`${BASE}/api/v1/recommendations`, { method: "POST", headers: fromPeer(peer, { "content-type": "application/json" }), body: JSON.stringify(WORKLOAD) }), undefined);

    it("shares: a per-client daily quota, then a global one, each a 429 with Retry-After and a message that says which", async () => {
      vi.stubEnv("ADVISOR_RATE_LIMIT_SHARE_DAY", "2");
      vi.stubEnv("ADVISOR_RATE_LIMIT_SHARE_GLOBAL", "3");
      const first = freshPeer();
      expect((await share(first)).status).toBe(201);
      expect((await share(first)).status).toBe(201);
      const perClient = await share(first);
      expect(perClient.status).toBe(429);
      expect(((await perClient.json()) as { error: string }).error).toMatch(/too many shared recommendations from this client/);
      expect(Number(perClient.headers.get("retry-after"))).toBeGreaterThan(23 * 3600);
      expect((await share(freshPeer())).status).toBe(201);
      const global = await share(freshPeer());
      expect(global.status).toBe(429);
      expect(((await global.json()) as { error: string }).error).toMatch(/site's daily limit/);
      expect(Number(global.headers.get("retry-after"))).toBeGreaterThan(23 * 3600);
    });

    it(`shares older than ${SHARE_RETENTION_DAYS} days are deleted; younger ones are kept`, async () => {
      const now = new Date();
      const day = 24 * 3600 * 1000;
      await prisma.recommendation.create({ data: { id: "RetainOld001", catalogVersion: 1, input: {}, createdAt: new Date(now.getTime() - (SHARE_RETENTION_DAYS + 1) * day) } });
      await prisma.recommendation.create({ data: { id: "RetainNew001", catalogVersion: 1, input: {}, createdAt: new Date(now.getTime() - (SHARE_RETENTION_DAYS - 1) * day) } });
      expect(await pruneExpiredShares(prisma, now)).toBe(1);
      expect(await prisma.recommendation.findUnique({ where: { id: "RetainOld001" } })).toBeNull();
      expect(await prisma.recommendation.findUnique({ where: { id: "RetainNew001" } })).not.toBeNull();
    });

    it("benchmark runs: a per-client daily quota and a global one", async () => {
      vi.stubEnv("ADVISOR_RATE_LIMIT_BENCHMARK_DAY", "1");
      vi.stubEnv("ADVISOR_RATE_LIMIT_BENCHMARK_GLOBAL", "2");
      const submit = (peer: string) => benchmarkRoute(new Request(`${BASE}/api/v1/benchmarks`, { method: "POST", headers: fromPeer(peer, { "content-type": "application/json" }), body: JSON.stringify(RUN) }), undefined);
      const peer = freshPeer();
      expect((await submit(peer)).status).toBe(201);
      expect((await submit(peer)).status).toBe(429);
      expect((await submit(freshPeer())).status).toBe(201);
      const global = await submit(freshPeer());
      expect(global.status).toBe(429);
      expect(((await global.json()) as { error: string }).error).toMatch(/site's daily limit/);
    });
  });

  describe("audit and roles", () => {
    it("user-account entries are admin-only, even when an editor asks for them by name", async () => {
      const created = await createUserRoute(adminRequest("POST", "/api/v1/admin/users", admin, { email: "temp@example.com", password: "temporary pass 1", role: "editor" }), undefined);
      expect(created.status).toBe(201);
      const asAdmin = (await (await auditRoute(adminRequest("GET", "/api/v1/admin/audit?entity=user", admin), undefined)).json()) as { entity: string; user: string }[];
      expect(asAdmin.some((e) => e.entity === "user" && e.user === ADMIN.email)).toBe(true);
      for (const path of ["/api/v1/admin/audit?entity=user", "/api/v1/admin/audit", "/api/v1/admin/audit?key=temp@example.com"]) {
        const asEditor = (await (await auditRoute(adminRequest("GET", path, editor), undefined)).json()) as { entity: string }[];
        expect(asEditor.filter((e) => e.entity === "user"), path).toEqual([]);
      }
    });

    it("a user change and its audit row are one transaction: when the audit write fails, the account is not created", async () => {
      const failingAudit = new Proxy(prisma, {
        get(target, property, receiver) {
          if (property !== "$transaction") return Reflect.get(target, property, receiver);
          return (fn: (tx: unknown) => Promise<unknown>) =>
            target.$transaction((tx) =>
              fn(new Proxy(tx, { get: (t, p, r) => (p === "auditEntry" ? { create: () => Promise.reject(new Error("audit write failed")) } : Reflect.get(t, p, r)) })),
            );
        },
      });
      await expect(createUser(failingAudit, null, { email: "half@example.com", password: "half written 1", role: "editor" })).rejects.toThrow(/audit write failed/);
      expect(await prisma.user.findUnique({ where: { email: "half@example.com" } })).toBeNull();
    });

    it("two admins demoting each other at once: one succeeds, the other is told it would leave no admin", async () => {
      const solo = await prisma.$transaction(async (tx) => {
        // Leave exactly two admins: demote every other admin made by earlier tests.
        await tx.user.updateMany({ where: { role: "admin", email: { notIn: [ADMIN.email] } }, data: { role: "editor" } });
        return tx.user.create({ data: { email: "second-admin@example.com", passwordHash: "x", role: "admin" } });
      });
      const first = await prisma.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
      const { changeRole } = await import("@/lib/auth/users");
      const outcomes = await Promise.allSettled([
        changeRole(prisma, { id: solo.id, email: solo.email }, first.id, "editor"),
        changeRole(prisma, { id: first.id, email: first.email }, solo.id, "editor"),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      expect(String(refused.reason.message)).toMatch(/last admin/);
      expect(await prisma.user.count({ where: { role: "admin" } })).toBe(1);
      // Put things back for the tests after this one.
      await prisma.user.updateMany({ where: { email: { in: [ADMIN.email] } }, data: { role: "admin" } });
      await prisma.user.delete({ where: { id: solo.id } });
    });

    it("entries keep the actor's email after the actor's account is deleted", async () => {
      const actor = { email: "leaver@example.com", password: "leaving soon 123" };
      await createUser(prisma, null, { ...actor, role: "admin" });
      const leaver = await signInAs(actor);
      const made = await createUserRoute(adminRequest("POST", "/api/v1/admin/users", leaver, { email: "made-by-leaver@example.com", password: "made by leaver 1", role: "editor" }), undefined);
      expect(made.status).toBe(201);
      const leaverId = (await prisma.user.findUniqueOrThrow({ where: { email: actor.email } })).id;
      expect((await deleteUserRoute(adminRequest("DELETE", `/api/v1/admin/users/${leaverId}`, admin), params(leaverId))).status).toBe(200);
      const entries = (await (await auditRoute(adminRequest("GET", "/api/v1/admin/audit?entity=user&key=made-by-leaver@example.com", admin), undefined)).json()) as { user: string | null }[];
      expect(entries.map((e) => e.user)).toEqual([actor.email]);
    });
  });

  describe("moderation of community benchmark runs", () => {
    it("an editor hides a run (it leaves the summary and list), reverts the hide, deletes it, and reverts the deletion; all audited", async () => {
      const submitted = await benchmarkRoute(new Request(`${BASE}/api/v1/benchmarks`, { method: "POST", headers: fromPeer(freshPeer(), { "content-type": "application/json" }), body: JSON.stringify({ ...RUN, matchedGpu: "rtx-4080" }) }), undefined);
      expect(submitted.status).toBe(201);
      const { id } = (await submitted.json()) as { id: number };
      const community = async () => (await (await communityRoute(new Request(`${BASE}/api/v1/benchmarks?gpu=rtx-4080`), undefined)).json()) as { recent: { id: number }[]; summary: { runs: number } };
      expect((await community()).recent.map((r) => r.id)).toContain(id);
      const runsBefore = (await community()).summary.runs;

      const hidden = await patchRunRoute(adminRequest("PATCH", `/api/v1/admin/benchmark-runs/${id}`, editor, { hidden: true }), params(id));
      expect(hidden.status, await hidden.clone().text()).toBe(200);
      const { auditId } = (await hidden.json()) as { auditId: number };
      expect((await community()).recent.map((r) => r.id)).not.toContain(id);
      expect((await community()).summary.runs).toBe(runsBefore - 1);
      const listed = (await (await listRunsRoute(adminRequest("GET", "/api/v1/admin/benchmark-runs?hidden=true", editor), undefined)).json()) as { id: number }[];
      expect(listed.map((r) => r.id)).toContain(id);

      expect((await revertRoute(adminRequest("POST", `/api/v1/admin/audit/${auditId}/revert`, editor), params(auditId))).status).toBe(200);
      expect((await community()).recent.map((r) => r.id)).toContain(id);

      const before = await prisma.benchmarkRun.findUniqueOrThrow({ where: { id } });
      const deleted = await deleteRunRoute(adminRequest("DELETE", `/api/v1/admin/benchmark-runs/${id}`, editor), params(id));
      expect(deleted.status).toBe(200);
      const deleteAudit = ((await deleted.json()) as { auditId: number }).auditId;
      expect(await prisma.benchmarkRun.findUnique({ where: { id } })).toBeNull();
      const restored = await revertRoute(adminRequest("POST", `/api/v1/admin/audit/${deleteAudit}/revert`, editor), params(deleteAudit));
      expect(restored.status, await restored.clone().text()).toBe(200);
      expect(await prisma.benchmarkRun.findUniqueOrThrow({ where: { id } })).toEqual(before);

      const trail = await prisma.auditEntry.findMany({ where: { entity: "benchmarkRun", entityKey: String(id) }, orderBy: { id: "asc" } });
      expect(trail.map((e) => `${e.action} by ${e.actorEmail}`)).toEqual([`hide by ${EDITOR.email}`, `revert by ${EDITOR.email}`, `delete by ${EDITOR.email}`, `revert by ${EDITOR.email}`]);
    });

    it("refuses signed-out callers and bad input with clear answers", async () => {
      const anonymous = await patchRunRoute(new Request(`${BASE}/api/v1/admin/benchmark-runs/1`, { method: "PATCH", headers: { origin: BASE, "content-type": "application/json" }, body: "{}" }), params(1));
      expect(anonymous.status).toBe(401);
      const bad = await patchRunRoute(adminRequest("PATCH", "/api/v1/admin/benchmark-runs/1", editor, { hidden: "yes" }), params(1));
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { issues: { path: string }[] }).issues[0].path).toBe("hidden");
      expect((await patchRunRoute(adminRequest("PATCH", "/api/v1/admin/benchmark-runs/999999", editor, { hidden: true }), params(999999))).status).toBe(404);
    });
  });

  afterAll(async () => {
    await closeDatabase();
  });
});
