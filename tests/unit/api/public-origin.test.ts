import { afterEach, describe, expect, it } from "vitest";
import { publicOrigin } from "@/lib/http";
import { markPeerStamped, PEER_HEADER } from "@/lib/trusted-proxy";

describe("publicOrigin", () => {
  afterEach(() => {
    delete process.env.ADVISOR_PUBLIC_URL;
    delete process.env.ADVISOR_TRUSTED_PROXIES;
  });

  it("takes a trusted proxy's forwarded host and scheme, then Host; a direct client's forwarded headers change nothing", () => {
    markPeerStamped();
    const viaProxy = { host: "10.0.0.5:3000", "x-forwarded-host": "advisor.example", "x-forwarded-proto": "https" };
    process.env.ADVISOR_TRUSTED_PROXIES = "10.0.0.0/8";
    expect(publicOrigin(new Headers({ ...viaProxy, [PEER_HEADER]: "10.1.2.3" }))).toBe("https://advisor.example");
    expect(publicOrigin(new Headers({ ...viaProxy, [PEER_HEADER]: "203.0.113.9" }))).toBe("http://10.0.0.5:3000");
    delete process.env.ADVISOR_TRUSTED_PROXIES;
    expect(publicOrigin(new Headers({ ...viaProxy, [PEER_HEADER]: "10.1.2.3" }))).toBe("http://10.0.0.5:3000");
    expect(publicOrigin(new Headers({ host: "localhost:3001" }))).toBe("http://localhost:3001");
    expect(publicOrigin(new Headers())).toBeNull();
  });

  it("prefers ADVISOR_PUBLIC_URL, and ignores what is not a URL", () => {
    process.env.ADVISOR_PUBLIC_URL = "https://gpus.example.org/some/path";
    expect(publicOrigin(new Headers({ host: "localhost:3000" }))).toBe("https://gpus.example.org");
    process.env.ADVISOR_PUBLIC_URL = "not a url";
    expect(publicOrigin(new Headers({ host: "localhost:3000" }))).toBe("http://localhost:3000");
    expect(publicOrigin(new Headers({ host: "bad host name" }))).toBeNull();
  });
});
