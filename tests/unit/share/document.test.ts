import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { recommendationRequestSchema } from "@/lib/api/schemas";
import { groupPicks, tableRows, costSpeedPoints } from "@/lib/advisor/results";
import { recommend } from "@/lib/model/recommend";
import { recommendationOf, shareDocumentSchema, toShareBody } from "@/lib/share/document";
import { seedCatalog, shareDocumentExample } from "@/lib/share/example";

const catalog = seedCatalog();

function share(input: unknown) {
  const request = recommendationRequestSchema.parse(input);
  const recommendation = recommend(catalog, request.workload, request.constraints, request.objective, { calibrations: request.calibrations });
  const body = toShareBody(recommendation, request, catalog.version);
  const text = JSON.stringify(body);
  return { request, recommendation, body, text };
}

// The largest answers the seeded catalog gives: every GPU at 1, 2, 4 and 8, bought or rented.
const CASES = {
  "chat llama-3.1-8b bf16, any mode (the issue's 253-row page)": { workload: { model: "llama-3.1-8b" } },
  "chat llama-3.1-8b q4_k_m": { workload: { model: "llama-3.1-8b", precision: "q4_k_m" } },
  "train llama-3.2-1b on 1e10 tokens": { workload: { task: "training", model: "llama-3.2-1b", trainingTokens: 1e10 } },
  "serve llama-3.1-70b fp8 to 64 users": { workload: { model: "llama-3.1-70b", precision: "fp8", batchSize: 64 } },
};

describe("the share document", () => {
  it.each(Object.entries(CASES))("%s: stored in at most 20 KB, with every configuration that fits", (_name, input) => {
    const { recommendation, body, text } = share(input);
    expect(body.results).toHaveLength(recommendation.results.length);
    expect(gzipSync(text).length).toBeLessThanOrEqual(20 * 1024);
  });

  it("reads back exactly: the page drawn from a stored document shows what the live results page showed", () => {
    for (const input of Object.values(CASES)) {
      const { recommendation, text } = share(input);
      const stored = recommendationOf(JSON.parse(text));
      expect(tableRows(stored)).toEqual(tableRows(recommendation));
      expect(costSpeedPoints(stored)).toEqual(costSpeedPoints(recommendation));
      expect(groupPicks(stored).map((g) => g.config)).toEqual(groupPicks(recommendation).map((g) => g.config));
      expect(stored.picks).toEqual(recommendation.picks);
      expect(JSON.stringify(JSON.parse(text))).toBe(text);
    }
  });

  it("keeps the full estimate, working included, only on the rows the picks point at", () => {
    const { recommendation, body } = share(CASES["chat llama-3.1-8b q4_k_m"]);
    const picked = new Set(recommendation.picks.map((p) => p.index));
    expect(picked.size).toBeGreaterThan(0);
    body.results.forEach((row, i) => {
      if (picked.has(i)) {
        expect(row.estimate).toEqual(recommendation.results[i].estimate);
        expect(row.estimate!.reasons.length).toBeGreaterThan(0);
      } else {
        expect(row.estimate).toBeUndefined();
      }
    });
  });

  it("is described by its zod schema (every field the code writes is in it) and keeps the request with defaults applied", () => {
    const { body, request } = share(CASES["chat llama-3.1-8b q4_k_m"]);
    const document = { id: "Xk3m9QpL2vTa", url: "https://example.test/r/Xk3m9QpL2vTa", createdAt: "2026-11-30T12:00:00.000Z", ...body };
    const parsed = shareDocumentSchema.safeParse(document);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const known = new Set(Object.keys(shareDocumentSchema.shape));
    expect(Object.keys(document).filter((k) => !known.has(k))).toEqual([]);
    const rowKeys = new Set(Object.keys(shareDocumentSchema.shape.results.element.shape));
    expect(body.results.flatMap((r) => Object.keys(r)).filter((k) => !rowKeys.has(k))).toEqual([]);
    expect(body.input).toEqual(request);
    expect(body.input.constraints.maxGpus).toBe(8);
    expect(body.input.objective).toBe("value");
  });

  it("has a computed OpenAPI example that its schema accepts", () => {
    const example = shareDocumentExample();
    expect(shareDocumentSchema.safeParse(example).success).toBe(true);
    // A desktop to buy under $2,000: every configuration is a purchase within the budget.
    expect(example.results.length).toBeGreaterThan(0);
    for (const row of example.results) {
      expect(row.costKind).toBe("purchase");
      expect(row.cost!).toBeLessThanOrEqual(2000);
    }
  });
});
