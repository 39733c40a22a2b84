import { afterEach, describe, expect, it, vi } from "vitest";
import { clientAddress, forwardedHost } from "@/lib/http";
import { markPeerStamped, normalizeAddress, parseTrustedProxies, PEER_HEADER, resolveRequestOrigin, TrustedProxiesError } from "@/lib/trusted-proxy";

/** Headers as scripts/serve.ts passes them on: the socket peer stamped, the rest as sent. */
function fromSocket(peer: string, headers: Record<string, string> = {}): Headers {
  markPeerStamped();
  return new Headers({ host: "app.internal:3000", ...headers, [PEER_HEADER]: peer });
}

const SPOOF = { "x-forwarded-for": "198.51.100.66", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

describe("the trust boundary (ADVISOR_TRUSTED_PROXIES)", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("by default trusts no proxy: a direct client's spoofed X-Forwarded-For/-Host/-Proto change nothing", () => {
    const plain = fromSocket("203.0.113.7");
    const spoofed = fromSocket("203.0.113.7", SPOOF);
    expect(clientAddress(spoofed)).toBe("203.0.113.7");
    expect(forwardedHost(spoofed)).toEqual(forwardedHost(plain));
    expect(forwardedHost(spoofed)).toEqual({ host: "app.internal:3000", proto: "http" });
  });

  it("a configured proxy that is not the peer changes nothing either", () => {
    vi.stubEnv("ADVISOR_TRUSTED_PROXIES", "10.0.0.0/8");
    expect(resolveRequestOrigin(fromSocket("203.0.113.7", SPOOF))).toEqual({ address: "203.0.113.7", host: "app.internal:3000", proto: "http", proxies: 0 });
  });

  it("behind one trusted proxy (nginx appending to X-Forwarded-For) takes the hop it saw, not what the client wrote", () => {
    vi.stubEnv("ADVISOR_TRUSTED_PROXIES", "10.0.0.2");
    // The client sent X-Forwarded-For: 198.51.100.66; nginx appended the address it saw.
    const headers = fromSocket("10.0.0.2", { "x-forwarded-for": "198.51.100.66, 203.0.113.7", "x-forwarded-host": "gpu.example.com", "x-forwarded-proto": "https" });
    expect(resolveRequestOrigin(headers)).toEqual({ address: "203.0.113.7", host: "gpu.example.com", proto: "https", proxies: 1 });
  });

  it("behind a CDN and a load balancer, walks back past every trusted range and reads host and scheme at that hop", () => {
    vi.stubEnv("ADVISOR_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32");
    // client 203.0.113.7 → CDN edge 2001:db8::5 → LB 10.1.1.1 → app; each appends.
    const headers = fromSocket("::ffff:10.1.1.1", {
      "x-forwarded-for": "192.0.2.1, 203.0.113.7, 2001:db8::5",
      "x-forwarded-host": "evil.example, gpu.example.com, gpu.example.com",
      "x-forwarded-proto": "http, https, http",
    });
    expect(resolveRequestOrigin(headers)).toEqual({ address: "203.0.113.7", host: "gpu.example.com", proto: "https", proxies: 2 });
  });

  it("with a hop count, the client is that many hops back, whatever the addresses", () => {
    const headers = fromSocket("172.16.0.9", { "x-forwarded-for": "198.51.100.66, 203.0.113.7, 172.16.0.4" });
    vi.stubEnv("ADVISOR_TRUSTED_PROXIES", "1");
    expect(clientAddress(headers)).toBe("172.16.0.4");
    vi.stubEnv("ADVISOR_TRUSTED_PROXIES", "2");
    expect(clientAddress(headers)).toBe("203.0.113.7");
    vi.stubEnv("ADVISOR_TRUSTED_PROXIES", "0");
    expect(clientAddress(headers)).toBe("172.16.0.9");
  });

  it("a trusted proxy that sends no X-Forwarded-For is itself the client; headers it overwrites are read as is", () => {
    vi.stubEnv("ADVISOR_TRUSTED_PROXIES", "127.0.0.1");
    expect(resolveRequestOrigin(fromSocket("127.0.0.1", { "x-forwarded-proto": "https" }))).toEqual({ address: "127.0.0.1", host: "app.internal:3000", proto: "https", proxies: 1 });
  });

  it("without a stamping server (next dev, next start) the client is unknown, never a header", () => {
    const headers = new Headers({ ...SPOOF, [PEER_HEADER]: "203.0.113.7" });
    const stamped = Symbol.for("gpu-advisor.peer-stamped");
    const global = globalThis as Record<symbol, unknown>;
    const saved = global[stamped];
    global[stamped] = undefined;
    try {
      expect(clientAddress(headers)).toBe("unknown");
      expect(forwardedHost(headers).proto).toBe("http");
    } finally {
      global[stamped] = saved;
    }
  });

  it("parses addresses, CIDRs and hop counts, and refuses anything else with the offending part named", () => {
    expect(parseTrustedProxies(undefined)).toEqual({ kind: "none" });
    expect(parseTrustedProxies(" ")).toEqual({ kind: "none" });
    expect(parseTrustedProxies("3")).toEqual({ kind: "hops", hops: 3 });
    const ranges = parseTrustedProxies("10.0.0.0/8, ::1, 2001:db8::/32");
    expect(ranges.kind).toBe("ranges");
    for (const bad of ["10.0.0.0/33", "localhost", "10.0.0.1/8/2", "::1/129", "99"]) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(TrustedProxiesError);
    }
    expect(() => parseTrustedProxies("10.0.0.0/8, nginx")).toThrow(/"nginx"/);
  });

  it("normalizes IPv4-mapped IPv6 and bracketed addresses, and rejects non-addresses", () => {
    expect(normalizeAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("[2001:DB8::1]")).toBe("2001:db8::1");
    expect(normalizeAddress("unknown")).toBeNull();
    expect(normalizeAddress("192.0.2.1:8080")).toBe("192.0.2.1");
    expect(normalizeAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("192.0.2.1:port")).toBeNull();
  });
});
