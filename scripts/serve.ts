import { randomBytes } from "node:crypto";
import http from "node:http";
import zlib from "node:zlib";
import next from "next";
import { contentChanged, contentGeneration } from "../lib/content-generation";
import { databaseDown } from "../lib/db-health";
import { PageCache, pageCacheKey, pageWithNonce, splitTarget, storablePage, type StoredPage } from "../lib/page-cache";
import { configuredTrust, isTrustedProxy, markPeerStamped, normalizeAddress, PEER_HEADER, resolveRequestOrigin, TrustedProxiesError } from "../lib/trusted-proxy";

/**
 * Serves the built app like `next start -p PORT -H HOST`, with one addition: the trust boundary.
 * Next.js does not show route handlers the socket, and `next start` keeps any X-Forwarded-For/-Host/
 * -Proto a client sends. Here every request gets the socket's peer address in PEER_HEADER (a
 * client's own copy is dropped first), and X-Forwarded-* and Forwarded from a peer that is not a
 * trusted proxy (ADVISOR_TRUSTED_PROXIES) are deleted, so neither lib/ nor Next itself sees them.
 *
 * And one more: site pages are rendered once per content generation and served from memory with a
 * fresh CSP nonce each time (lib/page-cache.ts; docs/performance.md, "Pages rendered once").
 *
 *   node --import tsx scripts/serve.ts -p 3000 -H 0.0.0.0     (npm start runs this)
 */
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

function option(flag: string, long: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === flag || a === long);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Mutates the incoming request's headers: the stamped peer in, untrusted forwarding headers out. */
function stampPeer(req: http.IncomingMessage): void {
  const peer = normalizeAddress(req.socket.remoteAddress);
  req.headers[PEER_HEADER] = peer ?? "";
  if (!isTrustedProxy(peer)) {
    for (const name of FORWARDING_HEADERS) delete req.headers[name];
  }
}

/**
 * Requests that write nothing a cached page shows: every other non-GET request moves the content
 * generation when it starts and when it ends (a safety net under the explicit moves made by the
 * catalog feed and the ledger), so a page is never served from before a change made on this node.
 */
const PAGE_NEUTRAL_WRITES = new Set(["/api/v1/estimate", "/api/v1/recommendations", "/api/v1/measurements", "/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/auth/session"]);
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin a page may print (lib/http.ts publicOrigin) and the raw X-Forwarded-Proto (HSTS in proxy.ts): part of the cache key. */
function originKey(req: http.IncomingMessage): string {
  const forwardedProto = req.headers["x-forwarded-proto"];
  if (req.headers["x-forwarded-host"] === undefined && forwardedProto === undefined) return `http://${req.headers.host ?? ""}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const origin = resolveRequestOrigin(headers);
  return `${origin.proto}://${origin.host ?? ""} ${String(forwardedProto)}`;
}

function acceptsGzip(req: http.IncomingMessage): boolean {
  const accept = req.headers["accept-encoding"];
  if (typeof accept !== "string") return false;
  return accept.split(",").some((token) => {
    const [name, ...params] = token.split(";").map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    return (name === "gzip" || name === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** A hit: the stored page with a fresh nonce, gzipped when the client asks for it (as Next.js would). */
function sendStored(req: http.IncomingMessage, res: http.ServerResponse, page: StoredPage): void {
  const { headers, body } = pageWithNonce(page, randomBytes(16).toString("base64"));
  for (const [name, value] of headers) res.setHeader(name, value);
  res.setHeader("x-page-cache", "hit");
  res.statusCode = page.status;
  if (!acceptsGzip(req)) {
    res.setHeader("content-length", body.length);
    res.end(body);
    return;
  }
  zlib.gzip(body, { level: 4 }, (error, zipped) => {
    if (error) {
      res.setHeader("content-length", body.length);
      res.end(body);
      return;
    }
    res.setHeader("content-encoding", "gzip");
    res.setHeader("content-length", zipped.length);
    res.end(zipped);
  });
}

/** A miss: lets Next.js answer as usual, keeping a copy of what it sent to store once it has finished. */
function capture(res: http.ServerResponse, done: (status: number, headers: http.OutgoingHttpHeaders, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array));
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as typeof res.end;
  // Headers given to writeHead() bypass getHeaders(): set them first so that the copy sees them.
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const headers = rest.find((arg) => typeof arg === "object" && arg !== null) as http.OutgoingHttpHeaders | readonly string[] | undefined;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), String(headers[i + 1]));
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    }
    const reason = rest.find((arg) => typeof arg === "string");
    return reason === undefined ? writeHead(status) : writeHead(status, reason);
  }) as typeof res.writeHead;
  res.on("finish", () => done(res.statusCode, res.getHeaders(), Buffer.concat(chunks)));
}

async function main(): Promise<void> {
  const port = Number(option("-p", "--port") ?? process.env.PORT ?? 3000);
  const hostname = option("-H", "--hostname") ?? process.env.HOST ?? "0.0.0.0";
  configuredTrust();
  markPeerStamped();
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const pages = new PageCache();
  const server = http.createServer((req, res) => {
    stampPeer(req);
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    if (!READS.has(method) && !PAGE_NEUTRAL_WRITES.has(splitTarget(url).path)) {
      contentChanged();
      res.on("close", contentChanged);
    }
    const key = pages.usable() && !databaseDown() ? pageCacheKey({ method, url, headers: req.headers }, originKey(req)) : null;
    if (key !== null) {
      const stored = pages.get(key, Date.now());
      if (stored) {
        sendStored(req, res, stored);
        return;
      }
      // Rendered uncompressed so that the copy can be stored; hits are compressed here.
      delete req.headers["accept-encoding"];
      const generation = contentGeneration();
      const renderedAt = Date.now();
      res.setHeader("x-page-cache", "miss");
      capture(res, (status, headers, body) => {
        const page = storablePage({ status, headers, body }, generation, renderedAt);
        if (page) pages.set(key, page);
      });
    }
    handle(req, res).catch((error: unknown) => {
      console.error("[serve]", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("internal error");
    });
  });
  // Like next start: idle keep-alive connections outlive a typical load balancer's 60 s.
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => console.log(`ready on http://${hostname}:${port} (trusted proxies: ${process.env.ADVISOR_TRUSTED_PROXIES?.trim() || "none"})`));
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof TrustedProxiesError ? error.message : `could not start: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
