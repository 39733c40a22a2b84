import { BlockList, isIP } from "node:net";

/**
 * Who is on the other end of a request: the client address, and the host and scheme it addressed.
 *
 * Only the socket is believed, unless the socket's peer is a proxy the operator named in
 * ADVISOR_TRUSTED_PROXIES: then X-Forwarded-For is walked from the right past trusted hops, and
 * X-Forwarded-Host/-Proto are read at the same hop. A client talking to the app directly can send
 * any X-Forwarded-* header it likes: nothing changes.
 *
 * Next.js does not hand route handlers the socket, so the server (scripts/serve.ts) stamps the
 * peer address into PEER_HEADER after deleting any client-supplied copy, and sets a process-wide
 * flag saying it did. Under plain `next start`/`next dev` the flag is unset and every request's peer
 * is unknown: rate limits then share one bucket ("unknown") rather than trust a header.
 *
 * ADVISOR_TRUSTED_PROXIES:
 * - unset or empty: no proxy is trusted (the default);
 * - a whole number N ≥ 1: exactly N proxies stand in front of the app, the peer included
 *   (Express's `trust proxy = N`); the client is N hops back in X-Forwarded-For;
 * - a comma-separated list of addresses and CIDRs (`10.0.0.0/8, 2001:db8::/32, 127.0.0.1`):
 *   hops from those addresses are proxies; the first hop from elsewhere, walking back, is the client.
 */
export const PEER_HEADER = "x-advisor-peer";
const STAMPED = Symbol.for("gpu-advisor.peer-stamped");

export type ProxyTrust = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "ranges"; ranges: BlockList; text: string };

export class TrustedProxiesError extends Error {}

/**
 * "::ffff:192.0.2.1" → "192.0.2.1"; "[2001:db8::1]:443" → "2001:db8::1"; "192.0.2.1:50123" →
 * "192.0.2.1" (Azure's gateways append the client's port); null for anything but an address.
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim();
  if (value.startsWith("[") && value.includes("]")) value = value.slice(1, value.indexOf("]"));
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) value = value.slice(0, value.indexOf(":"));
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(value)) value = value.slice(7);
  return isIP(value) ? value.toLowerCase() : null;
}

export function parseTrustedProxies(value: string | undefined): ProxyTrust {
  const text = (value ?? "").trim();
  if (!text) return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops === 0) return { kind: "none" };
    if (hops > 20) throw new TrustedProxiesError(`ADVISOR_TRUSTED_PROXIES: ${hops} hops is not a plausible proxy chain (at most 20)`);
    return { kind: "hops", hops };
  }
  const ranges = new BlockList();
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [addressText, prefixText, extra] = part.split("/");
    const address = normalizeAddress(addressText);
    const family = address ? (isIP(address) === 6 ? "ipv6" : "ipv4") : null;
    const maxPrefix = family === "ipv6" ? 128 : 32;
    const prefix = prefixText === undefined ? maxPrefix : /^\d+$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!address || !family || extra !== undefined || !(prefix >= 0 && prefix <= maxPrefix)) {
      throw new TrustedProxiesError(`ADVISOR_TRUSTED_PROXIES: "${part}" is not an address, a CIDR range or a hop count`);
    }
    ranges.addSubnet(address, prefix, family);
  }
  return { kind: "ranges", ranges, text };
}

let cached: { env: string | undefined; trust: ProxyTrust } | undefined;

/** The configured trust, parsed once per value (throws TrustedProxiesError on a bad value). */
export function configuredTrust(): ProxyTrust {
  const env = process.env.ADVISOR_TRUSTED_PROXIES;
  if (!cached || cached.env !== env) cached = { env, trust: parseTrustedProxies(env) };
  return cached.trust;
}

/** Set by the server that stamps PEER_HEADER (and by tests that do the same). */
export function markPeerStamped(): void {
  (globalThis as Record<symbol, unknown>)[STAMPED] = true;
}

/** The socket peer the server stamped, or null when no stamping server is in front (next dev, next start). */
export function peerAddress(headers: Headers): string | null {
  if ((globalThis as Record<symbol, unknown>)[STAMPED] !== true) return null;
  return normalizeAddress(headers.get(PEER_HEADER));
}

function isTrusted(trust: ProxyTrust, address: string | null, depth: number): boolean {
  if (trust.kind === "hops") return depth < trust.hops;
  if (trust.kind === "ranges" && address) return trust.ranges.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
  return false;
}

/** The socket peer is a configured proxy, so its X-Forwarded-* headers are read. */
export function isTrustedProxy(peer: string | null, trust: ProxyTrust = configuredTrust()): boolean {
  return peer !== null && isTrusted(trust, peer, 0);
}

function listHeader(headers: Headers, name: string): string[] {
  const value = headers.get(name);
  if (!value) return [];
  return value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .slice(-64);
}

export interface RequestOrigin {
  /** The client's address, or null when unknown (no stamping server, or a malformed hop). */
  address: string | null;
  /** The Host the client addressed (a trusted proxy's X-Forwarded-Host, else Host). */
  host: string | null;
  /** The scheme the client used: a trusted proxy's X-Forwarded-Proto, else the socket's (plain http). */
  proto: "http" | "https";
  /** How many trusted proxies the request passed through. */
  proxies: number;
}

/**
 * Resolves the request's origin. Walking X-Forwarded-For from the right (the peer first), every
 * trusted hop is skipped; the first untrusted hop is the client. X-Forwarded-Host and -Proto are
 * read at the same hop counted from the right, so a proxy that appends its value and one that
 * overwrites both give the outermost trusted proxy's value, never the client's own.
 */
export function resolveRequestOrigin(headers: Headers, trust: ProxyTrust = configuredTrust(), peer: string | null = peerAddress(headers)): RequestOrigin {
  const ownHost = headers.get("host");
  if (peer === null || !isTrusted(trust, peer, 0)) return { address: peer, host: ownHost, proto: "http", proxies: 0 };
  const hops = listHeader(headers, "x-forwarded-for");
  let proxies = 1;
  let address: string | null = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    address = normalizeAddress(hops[i]);
    if (!isTrusted(trust, address, proxies)) break;
    if (i > 0) proxies += 1;
  }
  const atHop = (values: string[]) => (values.length === 0 ? null : values[Math.max(0, values.length - proxies)]);
  const forwardedHost = atHop(listHeader(headers, "x-forwarded-host"));
  const forwardedProto = atHop(listHeader(headers, "x-forwarded-proto"))?.toLowerCase();
  return { address, host: forwardedHost ?? ownHost, proto: forwardedProto === "https" ? "https" : "http", proxies };
}
