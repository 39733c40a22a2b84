import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as getGpu, POST as postGpu } from "@/app/api/v1/gpus/[slug]/route";
import { GET as listGpus } from "@/app/api/v1/gpus/route";
import { cloudOfferResponseSchema } from "@/lib/catalog/schema";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import type { CatalogGpu } from "@/lib/catalog/types";
import { closeDatabase } from "@/lib/db";
import { testTargets, useDatabaseEnv, withFreshAppDatabase } from "./helpers/db";

// The route handlers are called directly, on a fresh database that getDatabase() opens, migrates
// and seeds on first use, exactly as under `next start`.
const BASE = "http://localhost:3000";
const slugContext = (slug: string) => ({ params: Promise.resolve({ slug }) });

describe.each(testTargets())("the HTTP API on $name", ({ create }) => {
  withFreshAppDatabase(create);

  it("GET /api/v1/gpus answers 304 to a matching ETag, and a new ETag after a catalog change", async () => {
    const first = await listGpus(new Request(`${BASE}/api/v1/gpus?vendor=amd`), undefined);
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await listGpus(new Request(`${BASE}/api/v1/gpus?vendor=amd`, { headers: { "if-none-match": etag! } }), undefined);
    expect(again.status).toBe(304);
    const other = await listGpus(new Request(`${BASE}/api/v1/gpus?vendor=apple`, { headers: { "if-none-match": etag! } }), undefined);
    expect(other.status).toBe(200);
    const { getPrisma } = await import("@/lib/db");
    const prisma = await getPrisma();
    await prisma.gpu.update({ where: { slug: "mi300x" }, data: { memoryBandwidthGBps: 5301 } });
    await prisma.catalogVersion.create({ data: { reason: "test edit" } });
    // Written behind the app's back (as another node would): it shows once announced, within
    // milliseconds on PostgreSQL and at once on PGlite.
    let changed = await listGpus(new Request(`${BASE}/api/v1/gpus?vendor=amd`, { headers: { "if-none-match": etag! } }), undefined);
    await vi.waitFor(
      async () => {
        changed = await listGpus(new Request(`${BASE}/api/v1/gpus?vendor=amd`, { headers: { "if-none-match": etag! } }), undefined);
        expect(changed.status).toBe(200);
      },
      { timeout: 2000, interval: 10 },
    );
    const gpus = (await changed.json()) as CatalogGpu[];
    expect(gpus.find((g) => g.slug === "mi300x")?.memoryBandwidthGBps).toBe(5301);
  });

  it("GET /api/health answers ok once the database is up", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("GET /api/v1/gpus lists the whole seeded catalog, every figure sourced", async () => {
    const response = await listGpus(new Request(`${BASE}/api/v1/gpus`), undefined);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Number(response.headers.get("x-catalog-version"))).toBeGreaterThan(0);
    const gpus = (await response.json()) as CatalogGpu[];
    expect(gpus.length).toBeGreaterThanOrEqual(60);
    expect(gpus).toHaveLength(loadSeedCatalog().gpus.length);
    for (const gpu of gpus) {
      expect(gpu.sources.memoryGB, gpu.slug).toMatch(/^https?:\/\//);
      expect(gpu.sources.memoryBandwidthGBps, gpu.slug).toMatch(/^https?:\/\//);
    }
  });

  it("GET /api/v1/gpus filters by vendor and sorts by memory, largest first", async () => {
    const response = await listGpus(new Request(`${BASE}/api/v1/gpus?vendor=nvidia&sort=memoryGB`), undefined);
    expect(response.status).toBe(200);
    const gpus = (await response.json()) as CatalogGpu[];
    expect(gpus.length).toBeGreaterThan(0);
    expect(new Set(gpus.map((g) => g.vendor))).toEqual(new Set(["nvidia"]));
    const memory = gpus.map((g) => g.memoryGB);
    expect(memory).toEqual([...memory].sort((a, b) => b - a));
  });

  it("GET /api/v1/gpus?vendor=bogus answers 400 naming the field", async () => {
    const response = await listGpus(new Request(`${BASE}/api/v1/gpus?vendor=bogus`), undefined);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toContain("vendor");
    expect(body.issues[0].path).toMatch(/^vendor/);
  });

  it("GET /api/v1/gpus/{slug} returns one GPU with its cloud offers", async () => {
    const [first] = (await (await listGpus(new Request(`${BASE}/api/v1/gpus?sort=name`), undefined)).json()) as CatalogGpu[];
    const response = await getGpu(new Request(`${BASE}/api/v1/gpus/${first.slug}`), slugContext(first.slug));
    expect(response.status).toBe(200);
    const body = (await response.json()) as CatalogGpu & { cloudOffers: unknown[] };
    expect(body).toMatchObject({ slug: first.slug, name: first.name, memoryGB: first.memoryGB });
    expect(Array.isArray(body.cloudOffers)).toBe(true);
  });

  it("GET /api/v1/gpus/{slug} flags each cloud offer stale when its price was observed more than 90 days ago", async () => {
    const { getPrisma } = await import("@/lib/db");
    const prisma = await getPrisma();
    const offers = await prisma.cloudOffer.findMany({ where: { gpu: { slug: "h100-sxm" }, retired: false }, orderBy: { id: "asc" }, take: 2 });
    expect(offers.length).toBe(2);
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    await prisma.cloudOffer.update({ where: { id: offers[0].id }, data: { observedAt: new Date("2025-03-06T00:00:00Z") } });
    await prisma.cloudOffer.update({ where: { id: offers[1].id }, data: { observedAt: today } });
    await prisma.catalogVersion.create({ data: { reason: "test: offer dates" } });
    await vi.waitFor(
      async () => {
        const response = await getGpu(new Request(`${BASE}/api/v1/gpus/h100-sxm`), slugContext("h100-sxm"));
        expect(response.status).toBe(200);
        const body = (await response.json()) as { cloudOffers: unknown[] };
        const parsed = body.cloudOffers.map((o) => cloudOfferResponseSchema.parse(o));
        expect(parsed.find((o) => o.id === offers[0].id)).toMatchObject({ observedAt: "2025-03-06", stale: true });
        expect(parsed.find((o) => o.id === offers[1].id)).toMatchObject({ stale: false });
      },
      { timeout: 2000, interval: 10 },
    );
  });

  it("GET /api/v1/gpus/{unknown} answers a JSON 404", async () => {
    const response = await getGpu(new Request(`${BASE}/api/v1/gpus/no-such-gpu`), slugContext("no-such-gpu"));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no GPU with slug "no-such-gpu"' });
  });

  it("POST /api/v1/gpus/{slug} answers 405 naming the allowed method", async () => {
    const response = postGpu();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});

describe("the HTTP API without a database", () => {
  let restoreEnv: () => void;
  beforeAll(async () => {
    await closeDatabase();
    // Nothing listens on port 9 of the loopback interface.
    restoreEnv = useDatabaseEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1:9/none" });
  });
  afterAll(async () => {
    await closeDatabase().catch(() => undefined);
    restoreEnv?.();
  });

  it("GET /api/health answers 503 with retry-after, no stack trace", async () => {
    const response = await health();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ status: "error", db: "unavailable", error: "the database is unavailable" });
  });

  it("GET /api/v1/gpus answers a JSON 503", async () => {
    const response = await listGpus(new Request(`${BASE}/api/v1/gpus`), undefined);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "the database is unavailable; try again shortly" });
  });
});
