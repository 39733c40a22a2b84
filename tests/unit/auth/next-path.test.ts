import { describe, expect, it } from "vitest";
import { DEFAULT_NEXT, safeNextPath } from "@/lib/auth/next-path";

/** `next` as the sign-in page receives it: URLSearchParams has already %-decoded it once. */
const fromQuery = (query: string) => new URLSearchParams(query).get("next");

describe("where sign-in sends the visitor afterwards (?next=)", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeNextPath("/admin/gpus/h100-sxm")).toBe("/admin/gpus/h100-sxm");
    expect(safeNextPath(fromQuery("next=%2Fadmin%2Faudit%3Fentity%3Dgpu"))).toBe("/admin/audit?entity=gpu");
    expect(safeNextPath("/admin/../gpus#top")).toBe("/gpus#top");
  });

  it("refuses every way to name another host: tab, backslash, scheme-relative, scheme, encoded variants", () => {
    const attacks = [
      fromQuery("next=/%09/evil.example"), // "/\t/evil.example": URL parsers drop the tab → //evil.example
      "/\t/evil.example",
      fromQuery("next=/%5Cevil.example"), // "/\evil.example": \ reads as / → //evil.example
      "/\\evil.example",
      "https:evil.example",
      "https://evil.example/",
      "//evil.example",
      "///evil.example",
      fromQuery("next=%2F%2Fevil.example"),
      "/%09/evil.example", // encoded once more
      "/%5Cevil.example",
      "/%2F/evil.example",
      "/\n/evil.example",
      "/\r\n//evil.example",
      "/\u0000/x",
      "javascript:alert(1)",
      " /admin",
      "admin",
      "",
      "/%E0%A4%A", // a broken escape
      "/.//evil.example", // dot segments collapse to "//evil.example"
      "/..//evil.example",
      "/admin/..//evil.example",
    ];
    for (const attack of attacks) expect(safeNextPath(attack), JSON.stringify(attack)).toBe(DEFAULT_NEXT);
    expect(safeNextPath(undefined)).toBe(DEFAULT_NEXT);
    expect(safeNextPath(["//evil.example", "/admin/gpus"])).toBe(DEFAULT_NEXT);
  });

  it("whatever it returns resolves to this site's origin", () => {
    const samples = ["/a", "/%09/x", "/%5Cx", "https:x", "//x", "/\t/x", "/x?y=//z", "/.//x", "/..//x"];
    for (const sample of samples) {
      const site = "https://gpu.example.com";
      expect(new URL(safeNextPath(sample), site).origin, sample).toBe(site);
    }
  });
});
