import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/v1/benchmarks/route";
import { getPrisma } from "@/lib/db";
import { RATE_LIMITS } from "@/lib/rate-limit";
import { testTargets, withFreshAppDatabase } from "./helpers/db";
import { fromPeer } from "./helpers/peer";

// The route handlers are called directly on a fresh database, seeded on first use as under `next start`.
const BASE = "http://localhost:3000";
const run = {
  renderer: "ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 Direct3D11 vs_5_0 ps_5_0, D3D11)",
  matchedGpu: "rtx-4090",
  backend: "webgl2",
  matmulGflops: 4100,
  bandwidthGBps: 520,
  maxAbsError: 4e-6,
  durationMs: 8200,
};

let addressCounter = 0;
/** Each test speaks from its own address, so the rate limit of one does not leak into another. */
const freshAddress = () => `198.51.100.${++addressCounter}`;

function post(body: unknown, address: string, raw?: string): Promise<Response> {
  return POST(
    new Request(`${BASE}/api/v1/benchmarks`, {
      method: "POST",
      headers: fromPeer(address, { "content-type": "application/json" }),
      body: raw ?? JSON.stringify(body),
    }),
    undefined,
  );
}

describe.each(testTargets())("POST /api/v1/benchmarks on $name", ({ create }) => {
  withFreshAppDatabase(create);

  it("stores a plausible run: 201 {id}, tied to the GPU, with a client hash and no address", async () => {
    const address = freshAddress();
    const response = await post(run, address);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: number };
    expect(id).toBeGreaterThan(0);
    const prisma = await getPrisma();
    const stored = await prisma.benchmarkRun.findUniqueOrThrow({ where: { id }, include: { gpu: { select: { slug: true } } } });
    expect(stored).toMatchObject({ renderer: run.renderer, backend: "webgl2", matmulGflops: 4100, bandwidthGBps: 520, maxAbsError: 4e-6, durationMs: 8200 });
    expect(stored.gpu?.slug).toBe("rtx-4090");
    expect(stored.clientHash).toMatch(/^[0-9a-f]{32}$/);
    // No column of any stored row holds the raw address.
    const rows = await prisma.benchmarkRun.findMany();
    expect(JSON.stringify(rows)).not.toContain(address);
    const limits = await prisma.rateLimit.findMany();
    expect(JSON.stringify(limits)).not.toContain(address);
  });

  it("stores a run with no matched GPU", async () => {
    const response = await post({ ...run, matchedGpu: null, renderer: "Google SwiftShader", matmulGflops: 0.3, bandwidthGBps: 2 }, freshAddress());
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: number };
    expect((await (await getPrisma()).benchmarkRun.findUniqueOrThrow({ where: { id } })).gpuId).toBeNull();
  });

  it.each([
    [{ ...run, matmulGflops: -1 }, "matmulGflops"],
    [{ ...run, backend: "cuda" }, "backend"],
    [{ ...run, renderer: "" }, "renderer"],
    [{ ...run, maxAbsError: "small" }, "maxAbsError"],
    [{ ...run, extra: 1 }, "(root)"],
  ])("answers 400 naming the bad field (%#)", async (body, field) => {
    const response = await post(body, freshAddress());
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(answer.issues[0].path).toBe(field);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await post(null, freshAddress(), "{not json");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/not valid JSON/);
  });

  it.each([
    // RTX 4090: 82.6 TFLOPS FP32 → limit 99,120 GFLOPS; 1008 GB/s → limit 1209.6 GB/s.
    [{ ...run, matmulGflops: 120_000 }, "matmulGflops"],
    [{ ...run, bandwidthGBps: 2000 }, "bandwidthGBps"],
    [{ ...run, maxAbsError: 0.05 }, "maxAbsError"],
    [{ ...run, matchedGpu: "no-such-gpu" }, "matchedGpu"],
  ])("answers 422 for an implausible run, naming the field (%#)", async (body, field) => {
    const response = await post(body, freshAddress());
    expect(response.status).toBe(422);
    const answer = (await response.json()) as { error: string; issues: { path: string }[] };
    expect(answer.issues[0].path).toBe(field);
    expect(answer.error).toContain(field);
  });

  it(`answers 429 with Retry-After after ${RATE_LIMITS.benchmark.limit} submissions from one client in an hour`, async () => {
    const address = freshAddress();
    for (let i = 0; i < RATE_LIMITS.benchmark.limit; i++) expect((await post(run, address)).status).toBe(201);
    const limited = await post(run, address);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(RATE_LIMITS.benchmark.windowSeconds);
    expect(((await limited.json()) as { error: string }).error).toMatch(/too many/);
    // Another client is unaffected.
    expect((await post(run, freshAddress())).status).toBe(201);
  });

  it("GET ?gpu=<slug> summarises the counted runs per client", async () => {
    const response = await GET(new Request(`${BASE}/api/v1/benchmarks?gpu=rtx-4090`), undefined);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { summary: { runs: number; clients: number; gflops: { median: number } }; excluded: number };
    // Every rtx-4090 run above was 4100 GFLOPS: 1 + 10 + 1 runs from 3 clients.
    expect(body.summary).toMatchObject({ runs: 12, clients: 3, gflops: { median: 4100, q1: 4100, q3: 4100, iqr: 0, clients: 3 } });
    expect(body.excluded).toBe(0);
    expect((await GET(new Request(`${BASE}/api/v1/benchmarks?gpu=nope-gpu`), undefined)).status).toBe(404);
    expect((await GET(new Request(`${BASE}/api/v1/benchmarks`), undefined)).status).toBe(400);
  });

  it("answers 405 JSON to other methods", async () => {
    const { PUT } = await import("@/app/api/v1/benchmarks/route");
    const response = PUT();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
  });
});
