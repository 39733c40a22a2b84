import { describe, expect, it } from "vitest";
import { contentChanged, contentFeedLive, contentGeneration } from "@/lib/content-generation";
import { PageCache, pageCacheKey, pageWithNonce, storablePage, type CapturedResponse } from "@/lib/page-cache";

const NONCE = "QUJDREVGR0hJSktMTU5PUA==";
const CSP = `default-src 'self'; script-src 'self' 'nonce-${NONCE}' 'strict-dynamic'`;

function rendered(overrides: Partial<CapturedResponse> = {}, body = `<script nonce="${NONCE}">self.__next_f.push([1,"{\\"nonce\\":\\"${NONCE}\\"}"])</script><p>RTX 4090</p>`): CapturedResponse {
  return {
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": CSP, "x-frame-options": "DENY", etag: '"abc"', "content-length": 99, vary: "rsc, Accept-Encoding" },
    body: Buffer.from(body),
    ...overrides,
  };
}

describe("page cache keys", () => {
  const get = (url: string, headers: Record<string, string> = {}) => pageCacheKey({ method: "GET", url, headers }, "http://advisor.test");

  it("keys site pages by origin and full address", () => {
    expect(get("/gpus/rtx-4090")).toBe("http://advisor.test /gpus/rtx-4090");
    expect(get("/advisor/results?model=llama-3.1-8b&precision=q4_k_m")).toBe("http://advisor.test /advisor/results?model=llama-3.1-8b&precision=q4_k_m");
    expect(get("/")).not.toBeNull();
    expect(get("/r/AbCdEfGhIjKl")).not.toBeNull();
    expect(pageCacheKey({ method: "GET", url: "/gpus", headers: {} }, "https://other.test")).not.toBe(get("/gpus"));
  });

  it("never keys the API, admin pages, forms, static files, other methods or client navigations", () => {
    for (const url of ["/api/v1/gpus", "/admin", "/admin/gpus/rtx-4090", "/advisor", "/benchmark", "/measurements", "/_next/static/chunks/a.js", "/icon.svg", "/r/AbCdEfGhIjKl/rows", "/gpus/rtx-4090/edit"]) {
      expect(get(url), url).toBeNull();
    }
    expect(pageCacheKey({ method: "POST", url: "/gpus", headers: {} }, "http://advisor.test")).toBeNull();
    expect(pageCacheKey({ method: "HEAD", url: "/gpus", headers: {} }, "http://advisor.test")).toBeNull();
    expect(get("/gpus", { rsc: "1" })).toBeNull();
    expect(get("/gpus", { "next-router-prefetch": "1" })).toBeNull();
    expect(get("/gpus", { "next-router-state-tree": "%5B%5D" })).toBeNull();
    expect(get("/gpus?_rsc=abc12")).toBeNull();
    expect(get("/gpus", { range: "bytes=0-10" })).toBeNull();
  });
});

describe("stored pages", () => {
  it("serves the stored page with a fresh nonce everywhere the rendering nonce was, and nothing else changed", () => {
    const page = storablePage(rendered(), 7, 1000);
    expect(page).not.toBeNull();
    const fresh = "WllZWVlZWVlZWVlZWVlZWQ==";
    const { headers, body } = pageWithNonce(page!, fresh);
    const text = body.toString();
    expect(text).not.toContain(NONCE);
    expect(text).toBe(rendered().body.toString().replaceAll(NONCE, fresh));
    const map = new Map(headers);
    expect(map.get("content-security-policy")).toBe(CSP.replace(NONCE, fresh));
    expect(map.get("x-frame-options")).toBe("DENY");
    expect(map.get("vary")).toBe("rsc, Accept-Encoding");
    // Per-transfer headers are not replayed: the length and validator belong to the first response.
    expect(map.has("etag")).toBe(false);
    expect(map.has("content-length")).toBe(false);
  });

  it("keeps non-ASCII text byte for byte", () => {
    const body = `<script nonce="${NONCE}"></script><p>GPU Advisor · 4 × H100 — 1,008 GB/s</p>`;
    const { body: out } = pageWithNonce(storablePage(rendered({}, body), 0, 0)!, "bm9uY2U=bm9uY2U=bm9u");
    expect(out.toString("utf8")).toBe(body.replace(NONCE, "bm9uY2U=bm9uY2U=bm9u"));
  });

  it("refuses what must not be replayed to someone else", () => {
    expect(storablePage(rendered({ status: 404 }), 0, 0)).toBeNull();
    expect(storablePage(rendered({ status: 307 }), 0, 0)).toBeNull();
    expect(storablePage(rendered({ headers: { ...rendered().headers, "set-cookie": "a=b" } }), 0, 0)).toBeNull();
    expect(storablePage(rendered({ headers: { ...rendered().headers, "content-encoding": "gzip" } }), 0, 0)).toBeNull();
    expect(storablePage(rendered({ headers: { ...rendered().headers, "content-type": "application/json" } }), 0, 0)).toBeNull();
    // Without a nonce in its CSP there is nothing to make fresh: not stored.
    expect(storablePage(rendered({ headers: { ...rendered().headers, "content-security-policy": "default-src 'self'" } }), 0, 0)).toBeNull();
  });
});

describe("PageCache", () => {
  const options = { maxBytes: 1000, maxPageBytes: 600, ttlMs: 30_000 };
  const page = (bytes: number, generation = contentGeneration(), storedAt = 0) => storablePage(rendered({}, `<script nonce="${NONCE}"></script>`.padEnd(bytes, "x")), generation, storedAt)!;

  it("is usable only while a change feed is live", () => {
    const cache = new PageCache(options);
    const before = cache.usable();
    contentFeedLive(true);
    expect(cache.usable()).toBe(true);
    contentFeedLive(false);
    expect(cache.usable()).toBe(before);
  });

  it("drops every page when the content moves, and refuses a page rendered before the move", () => {
    const cache = new PageCache(options);
    const stale = page(100);
    expect(cache.set("a", page(100))).toBe(true);
    expect(cache.get("a", 1)).toBeDefined();
    contentChanged();
    expect(cache.get("a", 1)).toBeUndefined();
    expect(cache.set("b", stale)).toBe(false);
    expect(cache.size).toBe(0);
    expect(cache.storedBytes).toBe(0);
  });

  it("expires pages after the time limit", () => {
    const cache = new PageCache(options);
    cache.set("a", page(100, contentGeneration(), 0));
    expect(cache.get("a", 29_999)).toBeDefined();
    expect(cache.get("a", 30_000)).toBeUndefined();
  });

  it("evicts the least recently used pages past the byte limit and never stores an oversized page", () => {
    const cache = new PageCache(options);
    cache.set("a", page(400));
    cache.set("b", page(400));
    expect(cache.get("a", 1)).toBeDefined(); // a is now the most recently used
    cache.set("c", page(400));
    expect(cache.get("b", 1)).toBeUndefined();
    expect(cache.get("a", 1)).toBeDefined();
    expect(cache.get("c", 1)).toBeDefined();
    expect(cache.storedBytes).toBeLessThanOrEqual(1000);
    expect(cache.set("d", page(700))).toBe(false);
  });
});
