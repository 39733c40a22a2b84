import { contentChangesHeard, contentGeneration } from "./content-generation";

/**
 * Rendered pages kept by scripts/serve.ts, so that a page is rendered once per content generation
 * (lib/content-generation.ts) instead of once per request, while every response still carries a
 * fresh CSP nonce: the page is stored with the nonce it was rendered with, and each hit gets a new
 * random nonce substituted for it, in the HTML (Next.js writes it on every inline script) and in
 * the Content-Security-Policy header. The rendering nonce is 128 random bits that no later visitor
 * sees, so page content cannot contain it by design, and no stored byte other than that nonce
 * changes. See docs/performance.md ("Pages rendered once") for what is cached, for how long, and why
 * that keeps the security headers' guarantees.
 */

/** Site pages whose HTML depends only on the address, the public origin and the content generation. */
const CACHEABLE_PATH = /^\/(?:|gpus(?:\/[^/]+)?|models(?:\/[^/]+)?|r\/[^/]+|advisor\/results|compare|accuracy|api-docs)$/;

/** Requests Next.js answers differently from a page view: client navigations (RSC), prefetches, actions. */
function isRscRequest(headers: Record<string, string | string[] | undefined>, search: string): boolean {
  if (headers.rsc !== undefined || headers["next-action"] !== undefined || headers["next-router-state-tree"] !== undefined) return true;
  if (headers["next-router-prefetch"] !== undefined || headers["next-router-segment-prefetch"] !== undefined || headers["next-url"] !== undefined) return true;
  return search.includes("_rsc=");
}

/** A request target split into its path and its query (with the "?"; empty when none). */
export function splitTarget(url: string): { path: string; search: string } {
  const queryAt = url.indexOf("?");
  return queryAt < 0 ? { path: url, search: "" } : { path: url.slice(0, queryAt), search: url.slice(queryAt) };
}

export interface PageRequest {
  method: string;
  /** Path and query as sent (`/gpus/rtx-4090?x=1`). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The cache key of a request, or null when its answer must not come from (or go into) the cache.
 * `origin` is what the page may print as its own address (scheme and host as trusted: lib/http.ts
 * publicOrigin), plus the raw X-Forwarded-Proto that decides HSTS in proxy.ts.
 */
export function pageCacheKey(request: PageRequest, origin: string): string | null {
  if (request.method !== "GET") return null;
  const { path, search } = splitTarget(request.url);
  if (!CACHEABLE_PATH.test(path)) return null;
  if (isRscRequest(request.headers, search)) return null;
  if (request.headers.range !== undefined) return null;
  return `${origin} ${request.url}`;
}

/** Response headers that describe one transfer, not the page: set afresh on every hit. */
const PER_TRANSFER = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "date", "etag"]);

export interface StoredPage {
  status: number;
  /** Header name (lower case) → value, without the per-transfer ones. The CSP keeps NONCE_SLOT where its nonce was. */
  headers: Array<[string, string | string[]]>;
  /** The body split at each occurrence of the rendering nonce (ASCII), so a hit joins it with a fresh one. */
  parts: Buffer[];
  bytes: number;
  generation: number;
  storedAt: number;
}

const NONCE_IN_CSP = /'nonce-([A-Za-z0-9+/=]{16,})'/;
const NONCE_SLOT = "\u0000nonce\u0000";

function splitAt(body: Buffer, separator: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(separator, from); at >= 0; at = body.indexOf(separator, from)) {
    parts.push(body.subarray(from, at));
    from = at + separator.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

export interface CapturedResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Buffer;
}

/**
 * A response as Next.js sent it, made storable: a 200 HTML page with a CSP nonce, no cookie and not
 * compressed. Anything else gives null and is never stored. Its Cache-Control is kept as it was
 * (dynamic pages say no-store to browsers and shared caches; that is about them, not this cache,
 * whose entries this server drops itself when the content moves).
 */
export function storablePage(response: CapturedResponse, generation: number, now: number): StoredPage | null {
  if (response.status !== 200) return null;
  const header = (name: string) => {
    const value = response.headers[name];
    return value === undefined ? undefined : Array.isArray(value) ? value.join(", ") : String(value);
  };
  if (!header("content-type")?.startsWith("text/html")) return null;
  if (header("set-cookie") !== undefined || header("content-encoding") !== undefined) return null;
  const csp = header("content-security-policy");
  const nonce = csp?.match(NONCE_IN_CSP)?.[1];
  if (!csp || !nonce) return null;
  const headers: StoredPage["headers"] = [];
  for (const [name, value] of Object.entries(response.headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || PER_TRANSFER.has(lower)) continue;
    if (lower === "content-security-policy") headers.push([lower, csp.replace(`'nonce-${nonce}'`, `'nonce-${NONCE_SLOT}'`)]);
    else headers.push([lower, Array.isArray(value) ? value.map(String) : String(value)]);
  }
  const parts = splitAt(response.body, Buffer.from(nonce, "latin1"));
  return { status: 200, headers, parts, bytes: response.body.length, generation, storedAt: now };
}

/** The stored page with `nonce` in every place the rendering nonce was: headers and body. */
export function pageWithNonce(page: StoredPage, nonce: string): { headers: Array<[string, string | string[]]>; body: Buffer } {
  const separator = Buffer.from(nonce, "latin1");
  const chunks: Buffer[] = [];
  page.parts.forEach((part, i) => {
    if (i > 0) chunks.push(separator);
    chunks.push(part);
  });
  const headers = page.headers.map(([name, value]): [string, string | string[]] => [name, name === "content-security-policy" && typeof value === "string" ? value.replace(NONCE_SLOT, nonce) : value]);
  return { headers, body: Buffer.concat(chunks) };
}

export interface PageCacheOptions {
  /** Total bytes of stored HTML kept (least recently used pages go first). */
  maxBytes: number;
  /** A page larger than this is never stored. */
  maxPageBytes: number;
  /** The longest a page is served from the cache. What bounds staleness for changes no feed announces (another node's ledger decision or community result). */
  ttlMs: number;
}

export const DEFAULT_PAGE_CACHE: PageCacheOptions = { maxBytes: 64 * 2 ** 20, maxPageBytes: 2 * 2 ** 20, ttlMs: 30_000 };

/** A least-recently-used map of stored pages, valid while the content generation has not moved. */
export class PageCache {
  private readonly pages = new Map<string, StoredPage>();
  private bytes = 0;

  constructor(private readonly options: PageCacheOptions = DEFAULT_PAGE_CACHE) {}

  /** Whether stored pages may be served now: a live change feed makes every catalog change move the generation. */
  usable(): boolean {
    return contentChangesHeard();
  }

  get(key: string, now: number): StoredPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (page.generation !== contentGeneration() || now - page.storedAt >= this.options.ttlMs) {
      this.remove(key, page);
      return undefined;
    }
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  /** Stores a page rendered at `generation`, unless the content moved while it rendered. */
  set(key: string, page: StoredPage): boolean {
    if (page.generation !== contentGeneration() || page.bytes > this.options.maxPageBytes) return false;
    const old = this.pages.get(key);
    if (old) this.remove(key, old);
    this.pages.set(key, page);
    this.bytes += page.bytes;
    for (const [oldest, stored] of this.pages) {
      if (this.bytes <= this.options.maxBytes) break;
      this.remove(oldest, stored);
    }
    return true;
  }

  get size(): number {
    return this.pages.size;
  }

  get storedBytes(): number {
    return this.bytes;
  }

  private remove(key: string, page: StoredPage): void {
    this.pages.delete(key);
    this.bytes -= page.bytes;
  }
}
