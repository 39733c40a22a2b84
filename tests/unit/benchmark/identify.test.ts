import { describe, expect, it } from "vitest";
import { isSoftwareRenderer, matchGpu, modelName, tokens } from "@/lib/benchmark/identify";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import table from "../../fixtures/renderer-strings.json";

interface Case {
  renderer: string;
  expectedSlug: string | null;
  minConfidence?: number;
  maxConfidence?: number;
  software?: boolean;
}

const catalog = loadSeedCatalog().gpus.map((gpu) => ({ slug: gpu.slug, name: gpu.name }));
const cases = table.cases as Case[];

describe("matching renderer strings to catalog GPUs", () => {
  it("has at least 30 real renderer strings, each expected slug in the catalog", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const slugs = new Set(catalog.map((gpu) => gpu.slug));
    for (const c of cases) if (c.expectedSlug) expect(slugs.has(c.expectedSlug), c.expectedSlug).toBe(true);
  });

  it.each(cases)("$renderer → $expectedSlug", (c) => {
    const match = matchGpu({ renderer: c.renderer }, catalog);
    expect(match.slug).toBe(c.expectedSlug);
    expect(match.software).toBe(c.software ?? false);
    expect(match.reason.length).toBeGreaterThan(10);
    if (c.expectedSlug === null) expect(match.confidence).toBe(0);
    if (c.minConfidence !== undefined) expect(match.confidence).toBeGreaterThanOrEqual(c.minConfidence);
    if (c.maxConfidence !== undefined) expect(match.confidence).toBeLessThanOrEqual(c.maxConfidence);
    expect(match.confidence).toBeGreaterThanOrEqual(0);
    expect(match.confidence).toBeLessThanOrEqual(1);
  });

  it("offers the other Apple core counts as alternatives", () => {
    const match = matchGpu({ renderer: "ANGLE (Apple, ANGLE Metal Renderer: Apple M2 Pro, Unspecified Version)" }, catalog);
    expect(match.alternatives).toEqual(["apple-m2-pro-16c"]);
    expect(match.reason).toMatch(/core count/);
  });

  it("says plainly that a software renderer is not a hardware GPU", () => {
    const match = matchGpu({ renderer: "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)" }, catalog);
    expect(match.reason).toMatch(/No hardware GPU found/);
  });

  it("treats a WebGPU fallback adapter as software only when WebGL is software too", () => {
    const fallback = { vendor: "google", architecture: "swiftshader", isFallbackAdapter: true };
    expect(isSoftwareRenderer({ renderer: null, webgpu: fallback })).toBe(true);
    expect(isSoftwareRenderer({ renderer: "Google SwiftShader", webgpu: fallback })).toBe(true);
    expect(isSoftwareRenderer({ renderer: "NVIDIA GeForce RTX 3090/PCIe/SSE2", webgpu: fallback })).toBe(false);
    expect(matchGpu({ renderer: null, webgpu: fallback }, catalog).software).toBe(true);
  });

  it("falls back to WebGPU's adapter description when WebGL gives no renderer", () => {
    expect(matchGpu({ renderer: null, webgpu: { vendor: "nvidia", description: "NVIDIA GeForce RTX 4090" } }, catalog).slug).toBe("rtx-4090");
    expect(matchGpu({ renderer: null, webgpu: { vendor: "nvidia", description: "" } }, catalog).slug).toBeNull();
  });
});

describe("cleaning renderer strings", () => {
  it.each([
    ["ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 (0x00002684) Direct3D11 vs_5_0 ps_5_0, D3D11)", "NVIDIA GeForce RTX 4090"],
    ["ANGLE (Apple, ANGLE Metal Renderer: Apple M2 Pro, Unspecified Version)", "Apple M2 Pro"],
    ["ANGLE (NVIDIA, Vulkan 1.3.277 (NVIDIA GeForce RTX 4080 (0x00002704)), NVIDIA-550.67.0.0)", "NVIDIA GeForce RTX 4080"],
    ["NVIDIA GeForce RTX 3090/PCIe/SSE2", "NVIDIA GeForce RTX 3090"],
    ["AMD Radeon RX 7900 XTX (radeonsi, navi31, LLVM 17.0.6, DRM 3.57, 6.8.0)", "AMD Radeon RX 7900 XTX"],
    ["Mesa Intel(R) Arc(tm) A770 Graphics (DG2)", "Intel Arc A770 Graphics"],
    ["NVIDIA GeForce GTX 980, or similar", "NVIDIA GeForce GTX 980"],
  ])("%s → %s", (renderer, expected) => {
    expect(modelName(renderer)).toBe(expected);
  });

  it("separates model tokens from memory and form-factor qualifiers", () => {
    expect(tokens("GeForce RTX 3060 12GB")).toEqual({ model: ["rtx", "3060"], qualifiers: ["12gb"] });
    expect(tokens("Apple M2 Pro (19-core GPU)")).toEqual({ model: ["m2", "pro"], qualifiers: ["19c"] });
    expect(tokens("NVIDIA A100-SXM4-80GB")).toEqual({ model: ["a100"], qualifiers: ["sxm4", "80gb"] });
  });
});
