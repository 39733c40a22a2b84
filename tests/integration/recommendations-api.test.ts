import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { GET as estimateGet, POST as estimatePost } from "@/app/api/v1/estimate/route";
import { GET as getShared, POST as postShared } from "@/app/api/v1/recommendations/[id]/route";
import { GET as recommendationsGet, POST as recommendationsPost } from "@/app/api/v1/recommendations/route";
import type { Estimate } from "@/lib/model/estimate";
import { shareDocumentSchema, type ShareDocument, type ShareRow } from "@/lib/share/document";
import { testTargets, withFreshAppDatabase } from "./helpers/db";
import { fromPeer } from "./helpers/peer";

// Route handlers called directly on a fresh, seeded database (as under `next start`).
const BASE = "http://localhost:3000";
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${BASE}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
const idContext = (id: string) => ({ params: Promise.resolve({ id }) });
type ErrorBody = { error: string; issues?: { path: string; message: string }[] };

describe.each(testTargets())("estimate and recommendation API on $name", ({ create }) => {
  withFreshAppDatabase(create);

  describe("POST /api/v1/estimate", () => {
    it("answers memory, fit and bottleneck for Llama 3.1 8B in BF16 on one H100 SXM", async () => {
      const response = await estimatePost(post("/api/v1/estimate", { gpu: "h100-sxm", workload: { model: "llama-3.1-8b", precision: "bf16" } }), undefined);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const body = (await response.json()) as Estimate;
      // 8,030,261,248 parameters × 2 bytes = 16.06 GB of weights; 80 GB card.
      expect(body.memory.weightsGB).toBeCloseTo(16.06, 1);
      expect(body.memory.totalGB).toBeGreaterThan(16.06);
      expect(body.memory.totalGB).toBeLessThan(80);
      expect(body.fits).toBe(true);
      expect(body.count).toBe(1);
      // One user decoding: every token reads all 16 GB of weights; compute is idle.
      expect(body.bottleneck).toBe("memory-bandwidth");
      expect(body.decodeTokensPerSecond).toBeGreaterThan(0);
      expect(body.decodeTokensPerSecond!).toBeLessThan(3350 / 16.06);
    });

    it("says 70B in BF16 (141 GB of weights) does not fit one 80 GB GPU", async () => {
      const response = await estimatePost(post("/api/v1/estimate", { gpu: "h100-sxm", workload: { model: "llama-3.1-70b", precision: "bf16" } }), undefined);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Estimate;
      expect(body.memory.weightsGB).toBeCloseTo(141.1, 0);
      expect(body.fits).toBe(false);
      expect(body.bottleneck).toBe("memory-capacity");
      expect(body.minGpusToFit).toBe(2);
    });

    it("answers 400 with the issue path for a bad workload", async () => {
      const response = await estimatePost(post("/api/v1/estimate", { gpu: "h100-sxm", workload: { model: "llama-3.1-8b", batchSize: 0 } }), undefined);
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.issues?.map((i) => i.path)).toContain("workload.batchSize");
    });

    it("answers 400 naming gpu for an unknown GPU", async () => {
      const response = await estimatePost(post("/api/v1/estimate", { gpu: "no-such-gpu", workload: { model: "gpt2" } }), undefined);
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.issues).toEqual([{ path: "gpu", message: "unknown GPU slug" }]);
    });

    it("answers 400 for a body that is not JSON", async () => {
      const response = await estimatePost(post("/api/v1/estimate", "{not json"), undefined);
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error).toMatch(/JSON/);
    });

    it("answers 413 for a body over 64 KB, declared or not", async () => {
      const big = JSON.stringify({ gpu: "h100-sxm", workload: { model: "gpt2" }, pad: "x".repeat(70 * 1024) });
      const declared = await estimatePost(post("/api/v1/estimate", big, { "content-length": String(big.length) }), undefined);
      expect(declared.status).toBe(413);
      const undeclared = await estimatePost(post("/api/v1/estimate", big), undefined);
      expect(undeclared.status).toBe(413);
      expect(((await undeclared.json()) as ErrorBody).error).toMatch(/64 KB/);
    });

    it("answers 405 JSON with Allow: POST to GET", async () => {
      const response = estimateGet();
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(((await response.json()) as ErrorBody).error).toMatch(/POST/);
    });
  });

  describe("POST /api/v1/recommendations and GET /api/v1/recommendations/{id}", () => {
    const desktopChat = {
      workload: { model: "llama-3.1-8b", precision: "q4_k_m" },
      constraints: { mode: "buy", budgetUsd: 2000, formFactors: ["desktop"] },
      objective: "value",
    };
    let created: ShareDocument;
    let createdText: string;

    it("stores a snapshot and answers 201 with the share document: id, URL, catalog version and results", async () => {
      const response = await recommendationsPost(post("/api/v1/recommendations", desktopChat), undefined);
      expect(response.status).toBe(201);
      createdText = await response.text();
      created = JSON.parse(createdText) as ShareDocument;
      expect(shareDocumentSchema.safeParse(created).success).toBe(true);
      expect(created.id).toMatch(/^[A-Za-z0-9_-]{10,}$/);
      expect(created.url).toBe(`${BASE}/r/${created.id}`);
      expect(response.headers.get("location")).toBe(created.url);
      expect(created.catalogVersion).toBeGreaterThan(0);
      expect(created.results.length).toBeGreaterThan(0);
      expect(created.picks.length).toBeGreaterThan(0);
      // Buying under $2,000: every configuration is priced as a purchase within the budget and fits.
      for (const r of created.results) {
        expect(r.costKind).toBe("purchase");
        expect(r.cost!).toBeLessThanOrEqual(2000);
        expect(r.perGpuGB).toBeLessThanOrEqual(r.capacityGB);
      }
      // The picks' rows carry their full estimate: 8.03 B parameters at Q4_K_M's 4.89 bits = 4.91 GB of weights.
      for (const pick of created.picks) {
        const estimate = created.results[pick.index].estimate!;
        expect(estimate.fits).toBe(true);
        expect(estimate.memory.weightsGB).toBeCloseTo(4.91, 1);
        expect(estimate.reasons.length).toBeGreaterThan(0);
      }
    });

    it("links to the address the visitor used, behind a proxy", async () => {
      // Only a configured proxy's forwarded headers count (a direct client's are ignored: tests/integration/security.test.ts).
      const saved = process.env.ADVISOR_TRUSTED_PROXIES;
      process.env.ADVISOR_TRUSTED_PROXIES = "10.0.0.2";
      let response: Response;
      try {
        response = await recommendationsPost(post("/api/v1/recommendations", desktopChat, fromPeer("10.0.0.2", { "x-forwarded-host": "advisor.example", "x-forwarded-proto": "https" })), undefined);
      } finally {
        if (saved === undefined) delete process.env.ADVISOR_TRUSTED_PROXIES;
        else process.env.ADVISOR_TRUSTED_PROXIES = saved;
      }
      const { id, url } = (await response.json()) as { id: string; url: string };
      expect(url).toBe(`https://advisor.example/r/${id}`);
      expect(response.headers.get("location")).toBe(url);
    });

    it("gives a new id to every snapshot", async () => {
      const again = (await (await recommendationsPost(post("/api/v1/recommendations", desktopChat), undefined)).json()) as { id: string };
      expect(again.id).not.toBe(created.id);
    });

    it("GET answers the very document POST did, byte for byte, with the input's defaults applied and an immutable cache header", async () => {
      const response = await getShared(new Request(`${BASE}/api/v1/recommendations/${created.id}`), idContext(created.id));
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.text()).toBe(createdText);
      expect(created.input.workload.batchSize).toBe(1);
      expect(created.input.constraints.maxGpus).toBe(8);
    });

    it("keeps at most 20 KB per snapshot in the database", async () => {
      const { getPrisma } = await import("@/lib/db");
      const rows = await (await getPrisma()).$queryRaw<{ id: string; bytes: number; results: unknown }[]>`SELECT "id", octet_length("document") AS "bytes", "results" FROM "Recommendation"`;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Number(row.bytes)).toBeGreaterThan(0);
        expect(Number(row.bytes)).toBeLessThanOrEqual(20 * 1024);
        expect(row.results).toBeNull();
      }
      // Through Prisma's own client too: the stored bytes are the POST's document without its id, URL and creation time.
      const stored = await (await getPrisma()).recommendation.findUniqueOrThrow({ where: { id: created.id } });
      const { id, url, createdAt, ...body } = created;
      expect([id, url, createdAt]).toEqual([stored.id, created.url, stored.createdAt.toISOString()]);
      expect(gunzipSync(stored.document!).toString("utf8")).toBe(JSON.stringify(body));
    });

    it("keeps the visitor's benchmark calibration: the shared figures are the calibrated ones", async () => {
      const share = async (body: object) => {
        const response = await recommendationsPost(post("/api/v1/recommendations", body), undefined);
        expect(response.status).toBe(201);
        const { id } = (await response.json()) as { id: string };
        return (await (await getShared(new Request(`${BASE}/api/v1/recommendations/${id}`), idContext(id))).json()) as ShareDocument;
      };
      const rtx4090 = (snapshot: ShareDocument): ShareRow => snapshot.results.find((r) => r.gpu === "rtx-4090" && r.count === 1)!;
      const plain = await share(desktopChat);
      const calibrated = await share({ ...desktopChat, calibrations: { "rtx-4090": { bandwidthRatio: 0.5 } } });
      expect(calibrated.input.calibrations).toEqual({ "rtx-4090": { bandwidthRatio: 0.5 } });
      expect(rtx4090(plain).confidence).not.toBe("measured");
      expect(rtx4090(calibrated).confidence).toBe("measured");
      // Half the usable bandwidth: a bandwidth-bound decode runs clearly slower.
      expect(rtx4090(calibrated).speed!).toBeLessThan(rtx4090(plain).speed! * 0.7);

      const bad = await recommendationsPost(post("/api/v1/recommendations", { ...desktopChat, calibrations: { "RTX 4090!": { bandwidthRatio: 0.5 }, "rtx-3090": { computeRatio: 0 } } }), undefined);
      expect(bad.status).toBe(400);
      const paths = ((await bad.json()) as ErrorBody).issues?.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(["calibrations.RTX 4090!", "calibrations.rtx-3090.computeRatio"]));
    });

    it("GET of an unknown id answers a JSON 404", async () => {
      for (const id of ["AAAAAAAAAAAA", "not-an-id"]) {
        const response = await getShared(new Request(`${BASE}/api/v1/recommendations/${id}`), idContext(id));
        expect(response.status).toBe(404);
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        expect(await response.json()).toEqual({ error: "no shared recommendation with that id" });
      }
    });

    it("answers 400 with issue paths for a bad request, 413 when too big, 405 for the wrong method", async () => {
      const bad = await recommendationsPost(post("/api/v1/recommendations", { workload: { model: "llama-3.1-8b" }, constraints: { maxGpus: 9 }, objective: "prettiest" }), undefined);
      expect(bad.status).toBe(400);
      const paths = ((await bad.json()) as ErrorBody).issues?.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(["constraints.maxGpus", "objective"]));
      const big = JSON.stringify({ ...desktopChat, pad: "y".repeat(65 * 1024) });
      expect((await recommendationsPost(post("/api/v1/recommendations", big), undefined)).status).toBe(413);
      const wrong = recommendationsGet();
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get("allow")).toBe("POST");
      expect(postShared().status).toBe(405);
    });
  });
});
