import http from "node:http";
import next from "next";
import { configuredTrust, isTrustedProxy, markPeerStamped, normalizeAddress, PEER_HEADER, TrustedProxiesError } from "../lib/trusted-proxy";

/**
 * Serves the built app like `next start -p PORT -H HOST`, with one addition: the trust boundary.
 * Next.js does not show route handlers the socket, and `next start` keeps any X-Forwarded-For/-Host/
 * -Proto a client sends. Here every request gets the socket's peer address in PEER_HEADER (a
 * client's own copy is dropped first), and X-Forwarded-* and Forwarded from a peer that is not a
 * trusted proxy (ADVISOR_TRUSTED_PROXIES) are deleted, so neither lib/ nor Next itself sees them.
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

async function main(): Promise<void> {
  const port = Number(option("-p", "--port") ?? process.env.PORT ?? 3000);
  const hostname = option("-H", "--hostname") ?? process.env.HOST ?? "0.0.0.0";
  configuredTrust();
  markPeerStamped();
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    stampPeer(req);
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
