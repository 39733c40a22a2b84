import { describe, expect, it } from "vitest";
import { loadSeedCatalog } from "@/lib/catalog/seed";
import { deniedSourceHost, SOURCED_FIGURES } from "@/lib/catalog/schema";

// The shipped seed files (prisma/catalog), not a fixture: the catalog's own promises.
const catalog = loadSeedCatalog();

describe("the shipped GPU catalog", () => {
  it("lists at least 140 GPUs with unique slugs", () => {
    expect(catalog.gpus.length).toBeGreaterThanOrEqual(140);
    expect(new Set(catalog.gpus.map((g) => g.slug)).size).toBe(catalog.gpus.length);
  });

  it("has a source URL for every figure, none of them a shop or aggregator", () => {
    const unsourced: string[] = [];
    const denied: string[] = [];
    for (const gpu of catalog.gpus) {
      for (const field of SOURCED_FIGURES) {
        if (gpu[field] == null) continue;
        const url = gpu.sources[field];
        if (!url) unsourced.push(`${gpu.slug}.${field}`);
        else if (deniedSourceHost(url)) denied.push(`${gpu.slug}.${field} -> ${url}`);
      }
    }
    expect(unsourced).toEqual([]);
    expect(denied).toEqual([]);
  });

  it("includes the 2025-26 parts people shop for", () => {
    const slugs = new Set(catalog.gpus.map((g) => g.slug));
    for (const slug of [
      "b300", "gb300", "gb200", "h20", "h800-sxm", "a800-sxm4-80gb", "l20", "l40", "a30", "gh200-144gb",
      "mi355x", "mi350x", "mi300a", "dgx-spark", "ryzen-ai-max-plus-395", "arc-pro-b60", "arc-pro-b50", "arc-b570",
      "apple-m3-ultra-60c", "apple-m5-10c", "rtx-5060-ti-16gb", "rtx-5060-ti-8gb", "rtx-5060", "rtx-4090-d", "rtx-5090-d",
      "rtx-4070-super", "rtx-4070-ti", "rtx-4060", "rtx-3060-ti", "rx-9070", "rx-9060-xt-16gb", "rx-7900-gre", "rx-7600-xt",
      "radeon-ai-pro-r9700", "rtx-pro-5000-blackwell", "rtx-pro-4500-blackwell", "rtx-pro-4000-blackwell", "rtx-5000-ada",
      "rtx-2000-ada", "jetson-agx-orin-64gb", "jetson-agx-thor",
    ]) {
      expect(slugs, slug).toContain(slug);
    }
  });

  it("keeps GeForce tensor figures on the whitepapers' per-SM rate (512 FP16 FLOPs per SM per clock, FP32 accumulate)", () => {
    // Published anchors: RTX 4090 165.2 (Ada whitepaper), RTX 3090 71 (GA102 whitepaper), RTX 5090 209.5 (Blackwell whitepaper).
    const bySlug = new Map(catalog.gpus.map((g) => [g.slug, g]));
    expect(bySlug.get("rtx-4090")?.fp16TensorTflops).toBeCloseTo((128 * 2.52 * 512) / 1000, 0);
    expect(bySlug.get("rtx-3090")?.fp16TensorTflops).toBeCloseTo((82 * 1.695 * 512) / 1000, 0);
    expect(bySlug.get("rtx-5090")?.fp16TensorTflops).toBeCloseTo((170 * 2.407 * 512) / 1000, 0);
    // The Ada whitepaper's cancelled 'RTX 4080 12GB' (the 4070 Ti's configuration) was printed at 80.2 dense.
    expect(bySlug.get("rtx-4070-ti")?.fp16TensorTflops).toBeCloseTo(80.2, 1);
  });
});
