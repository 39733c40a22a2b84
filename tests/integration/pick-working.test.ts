import { describe, expect, it } from "vitest";
import { GET as resultsPickGet } from "@/app/(site)/advisor/results/picks/[n]/route";
import { GET as resultsRowsGet } from "@/app/(site)/advisor/results/rows/route";
import { GET as sharePickGet } from "@/app/(site)/r/[id]/picks/[n]/route";
import { GET as shareRowsGet } from "@/app/(site)/r/[id]/rows/route";
import { GET as gpuGet } from "@/app/api/v1/gpus/[slug]/route";
import { POST as recommendationsPost } from "@/app/api/v1/recommendations/route";
import { pickWorkingSchema, type PickWorking } from "@/lib/advisor/working";
import type { ShareDocument } from "@/lib/share/document";
import { testTargets, withFreshAppDatabase } from "./helpers/db";

// A pick card's working (lib/advisor/working.ts) loads on demand from these endpoints; route
// handlers called directly on a fresh, seeded database (as under `next start`).
const BASE = "http://localhost:3000";
const get = (path: string) => new Request(`${BASE}${path}`);
const shareContext = (id: string, n: string) => ({ params: Promise.resolve({ id, n }) });
const nContext = (n: string) => ({ params: Promise.resolve({ n }) });
const QUERY = "model=llama-3.1-8b&precision=bf16";

async function createShare(): Promise<ShareDocument> {
  const response = await recommendationsPost(
    new Request(`${BASE}/api/v1/recommendations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ workload: { model: "llama-3.1-8b", precision: "bf16" } }) }),
    undefined,
  );
  expect(response.status).toBe(201);
  return (await response.json()) as ShareDocument;
}

describe.each(testTargets())("pick working endpoints on $name", ({ create }) => {
  withFreshAppDatabase(create);

  it("answers each pick's working of a share: the stored figures, and the catalog's source for its memory bandwidth", async () => {
    const share = await createShare();
    const indexes = [...new Set(share.picks.map((p) => p.index))];
    expect(indexes.length).toBeGreaterThan(0);
    for (const index of indexes) {
      const response = await sharePickGet(get(`/r/${share.id}/picks/${index}?v=${share.catalogVersion}`), shareContext(share.id, String(index)));
      expect(response.status, `pick ${index}`).toBe(200);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const working = pickWorkingSchema.parse(await response.json());
      const stored = share.results[index].estimate as unknown as { math: PickWorking["math"]; assumptions: string[]; decodeTokensPerSecond: number };
      // The figures the card had folded are the document's, untouched.
      expect(working.math).toEqual(stored.math);
      expect(working.assumptions).toEqual(stored.assumptions);
      expect(working.decodeTokensPerSecond).toBe(stored.decodeTokensPerSecond);
      expect(working.gpu).toBe(share.results[index].gpu);
      // One user decoding bf16 Llama 3.1 8B reads 15.01 GB of weights per token: its 8.03e9
      // parameters less the 128,256 × 4,096 input embedding table (one row gathered per token), × 2 B.
      expect(working.math.weightBytesPerStepGB).toBeCloseTo(15.01, 1);
      // The link "show the math" cites for the bandwidth is the one the GPU API names.
      const gpu = (await (await gpuGet(get(`/api/v1/gpus/${working.gpu}`), { params: Promise.resolve({ slug: working.gpu }) })).json()) as { sources: Record<string, string> };
      expect(working.sources.memoryBandwidthGBps).toBe(gpu.sources.memoryBandwidthGBps);
    }
    // Asked without the catalog version the page draws on, it is not cached for good.
    const unversioned = await sharePickGet(get(`/r/${share.id}/picks/${indexes[0]}`), shareContext(share.id, String(indexes[0])));
    expect(unversioned.status).toBe(200);
    expect(unversioned.headers.get("cache-control")).not.toMatch(/immutable/);
  });

  it("answers 404 with a JSON message, never a 500, for an unknown share, a bad index or a row no pick points at", async () => {
    const share = await createShare();
    const picked = new Set(share.picks.map((p) => p.index));
    const unpicked = share.results.findIndex((_, i) => !picked.has(i));
    expect(unpicked).toBeGreaterThanOrEqual(0);
    for (const [id, n] of [
      ["AAAAAAAAAAAA", "0"],
      ["not-an-id!", "0"],
      [share.id, "abc"],
      [share.id, "-1"],
      [share.id, "01"],
      [share.id, "1e3"],
      [share.id, String(share.results.length + 5)],
      [share.id, String(unpicked)],
    ]) {
      const response = await sharePickGet(get(`/r/${id}/picks/${n}`), shareContext(id, n));
      expect(response.status, `${id} ${n}`).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const body = (await response.json()) as { error: string };
      expect(body.error).toMatch(id === share.id ? /no pick at index/ : /no shared recommendation/);
    }
  });

  it("answers the results page's pick working for a query, the same figures as a share of the same question", async () => {
    const share = await createShare();
    const index = share.picks[0].index;
    const response = await resultsPickGet(get(`/advisor/results/picks/${index}?${QUERY}`), nContext(String(index)));
    expect(response.status).toBe(200);
    const working = pickWorkingSchema.parse(await response.json());
    const shared = pickWorkingSchema.parse(await (await sharePickGet(get(`/r/${share.id}/picks/${index}`), shareContext(share.id, String(index)))).json());
    expect(working).toEqual(shared);

    const bad = await resultsPickGet(get(`/advisor/results/picks/${index}?${QUERY}&batchSize=lots`), nContext(String(index)));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/batchSize: must be a number/);
    const missing = await resultsPickGet(get(`/advisor/results/picks/999999?${QUERY}`), nContext("999999"));
    expect(missing.status).toBe(404);
  });

  it("rows endpoints carry the folded memory and bottleneck tables of the picks", async () => {
    const share = await createShare();
    const cards = new Set(share.picks.map((p) => p.index)).size;
    for (const response of [await shareRowsGet(get(`/r/${share.id}/rows`), { params: Promise.resolve({ id: share.id }) }), await resultsRowsGet(get(`/advisor/results/rows?${QUERY}`), undefined)]) {
      expect(response.status).toBe(200);
      const body = (await response.json()) as { memory: { label: string; weights: number }[]; bottleneck: { unit: string; rows: unknown[] } };
      expect(body.memory).toHaveLength(cards);
      // bf16 weights: 8.03e9 parameters × 2 bytes, all GPUs of a configuration together.
      for (const row of body.memory) expect(row.weights).toBeCloseTo(16.06, 1);
      expect(body.bottleneck.unit).toBe("decode step");
      expect(body.bottleneck.rows).toHaveLength(cards);
    }
  });
});
