import { afterEach, describe, expect, it } from "vitest";
import { publicOrigin } from "@/lib/http";

describe("publicOrigin", () => {
  afterEach(() => {
    delete process.env.ADVISOR_PUBLIC_URL;
  });

  it("takes the proxy's forwarded host and scheme, then Host", () => {
    expect(publicOrigin(new Headers({ host: "10.0.0.5:3000", "x-forwarded-host": "advisor.example, internal", "x-forwarded-proto": "https" }))).toBe("https://advisor.example");
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
