import { describe, expect, it } from "vitest";
import { cloudOfferSeedSchema, deniedSourceHost, gpuSeedSchema } from "@/lib/catalog/schema";

// A hand-written entry shaped like the H100 SXM sheet: dense tensor figures, fp8 exactly 2x fp16.
function validGpu(): Record<string, unknown> {
  const sheet = "https://www.nvidia.com/en-us/data-center/h100/";
  return {
    slug: "test-h100-sxm",
    name: "Test H100 SXM",
    vendor: "nvidia",
    segment: "datacenter",
    architecture: "Hopper",
    formFactor: "sxm",
    releaseYear: 2022,
    memoryGB: 80,
    memoryType: "HBM3",
    memoryBandwidthGBps: 3350,
    fp32Tflops: 67,
    fp16Tflops: null,
    fp16TensorTflops: 989.5,
    bf16TensorTflops: 989.5,
    fp8TensorTflops: 1979,
    int8TensorTops: 1979,
    tdpWatts: 700,
    sources: {
      releaseYear: sheet,
      memoryGB: sheet,
      memoryType: sheet,
      memoryBandwidthGBps: sheet,
      fp32Tflops: sheet,
      fp16TensorTflops: sheet,
      bf16TensorTflops: sheet,
      fp8TensorTflops: sheet,
      int8TensorTops: sheet,
      tdpWatts: sheet,
    },
  };
}

/** The dotted paths of the issues a rejected entry produced. */
function issuePaths(input: unknown): string[] {
  const result = gpuSeedSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
}

describe("gpuSeedSchema", () => {
  it("accepts a dense, fully sourced entry", () => {
    const result = gpuSeedSchema.safeParse(validGpu());
    expect(result.success).toBe(true);
    expect(result.data?.memoryGB).toBe(80);
    expect(result.data?.fp8TensorTflops).toBe(1979);
  });

  it("accepts fp8 at exactly 2x fp16 (the dense FP8 ratio on Hopper)", () => {
    expect(gpuSeedSchema.safeParse({ ...validGpu(), fp16TensorTflops: 500, bf16TensorTflops: 500, fp8TensorTflops: 1000 }).success).toBe(true);
  });

  it("accepts a missing figure with no source", () => {
    const gpu = validGpu();
    const sources = { ...(gpu.sources as Record<string, string>) };
    delete sources.fp8TensorTflops;
    expect(gpuSeedSchema.safeParse({ ...gpu, fp8TensorTflops: null, sources }).success).toBe(true);
  });

  it("rejects a negative figure, naming it", () => {
    expect(issuePaths({ ...validGpu(), memoryGB: -80 })).toContain("memoryGB");
  });

  it("rejects zero memory bandwidth", () => {
    expect(issuePaths({ ...validGpu(), memoryBandwidthGBps: 0 })).toContain("memoryBandwidthGBps");
  });

  it("rejects NaN and Infinity", () => {
    expect(issuePaths({ ...validGpu(), memoryBandwidthGBps: Number.NaN })).toContain("memoryBandwidthGBps");
    expect(issuePaths({ ...validGpu(), fp32Tflops: Number.POSITIVE_INFINITY })).toContain("fp32Tflops");
  });

  it("rejects a fractional core count", () => {
    expect(issuePaths({ ...validGpu(), shaderCores: 16896.5, sources: { ...(validGpu().sources as object), shaderCores: "https://example.com/" } })).toContain(
      "shaderCores",
    );
  });

  it("rejects an unknown vendor", () => {
    expect(issuePaths({ ...validGpu(), vendor: "matrox" })).toEqual(["vendor"]);
  });

  it("rejects a slug with capitals or spaces", () => {
    expect(issuePaths({ ...validGpu(), slug: "H100 SXM" })).toEqual(["slug"]);
  });

  it("rejects a figure without its source URL, naming the figure", () => {
    const gpu = validGpu();
    const sources = { ...(gpu.sources as Record<string, string>) };
    delete sources.tdpWatts;
    const result = gpuSeedSchema.safeParse({ ...gpu, sources });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.path).toEqual(["sources", "tdpWatts"]);
    expect(result.error?.issues[0]?.message).toContain("tdpWatts");
  });

  it("rejects a source that is not an http(s) URL", () => {
    expect(issuePaths({ ...validGpu(), sources: { ...(validGpu().sources as object), memoryGB: "ftp://example.com/sheet.pdf" } })).toEqual([
      "sources.memoryGB",
    ]);
    expect(issuePaths({ ...validGpu(), sources: { ...(validGpu().sources as object), memoryGB: "see the datasheet" } })).toEqual(["sources.memoryGB"]);
  });

  it("rejects a source for a figure the catalog does not have", () => {
    expect(issuePaths({ ...validGpu(), sources: { ...(validGpu().sources as object), fp4TensorTflops: "https://example.com/" } })).toEqual([
      "sources.fp4TensorTflops",
    ]);
  });

  it("rejects a shop or news-aggregator source, subdomains included, naming the figure", () => {
    const sources = validGpu().sources as Record<string, string>;
    expect(issuePaths({ ...validGpu(), sources: { ...sources, memoryGB: "https://cputronic.com/gpu/nvidia-h100" } })).toEqual(["sources.memoryGB"]);
    expect(issuePaths({ ...validGpu(), sources: { ...sources, tdpWatts: "https://www.devdiscourse.com/article/technology/1" } })).toEqual(["sources.tdpWatts"]);
    const result = gpuSeedSchema.safeParse({ ...validGpu(), sources: { ...sources, fp32Tflops: "https://fpsbench.com/compare/gpu/a-vs-b" } });
    expect(result.error?.issues[0]?.message).toMatch(/fpsbench\.com is a shop or aggregator/);
  });

  it("accepts vendor, whitepaper and TechPowerUp sources, and hosts that merely contain a denied name", () => {
    expect(deniedSourceHost("https://www.nvidia.com/en-us/data-center/h100/")).toBeNull();
    expect(deniedSourceHost("https://www.techpowerup.com/gpu-specs/h800-sxm5.c3975")).toBeNull();
    expect(deniedSourceHost("https://notcputronic.com/")).toBeNull();
    expect(deniedSourceHost("https://de.cputronic.com/gpu")).toBe("cputronic.com");
    expect(deniedSourceHost("not a url")).toBeNull();
  });

  it("rejects bf16 at twice fp16 as a sparse-looking duplicate", () => {
    expect(issuePaths({ ...validGpu(), fp16TensorTflops: 989.5, bf16TensorTflops: 1979, fp8TensorTflops: 1979 })).toContain("bf16TensorTflops");
  });

  it("rejects fp16 at twice bf16 as a sparse-looking duplicate", () => {
    expect(issuePaths({ ...validGpu(), fp16TensorTflops: 1979, bf16TensorTflops: 989.5, fp8TensorTflops: 1979 })).toContain("bf16TensorTflops");
  });

  it("rejects fp8 above 2x fp16 (4x is the with-sparsity signature)", () => {
    expect(issuePaths({ ...validGpu(), fp8TensorTflops: 3958 })).toEqual(["fp8TensorTflops"]);
  });
});

describe("cloudOfferSeedSchema", () => {
  const offer = {
    provider: "AWS",
    instanceType: "p5.48xlarge",
    gpu: "h100-sxm",
    gpuCount: 8,
    priceUsdPerHour: 55.04,
    region: "us-east-1",
    observedAt: "2026-08-26",
    sourceUrl: "https://aws.amazon.com/ec2/pricing/on-demand/",
  };
  const offerIssuePaths = (input: unknown): string[] => {
    const result = cloudOfferSeedSchema.safeParse(input);
    expect(result.success).toBe(false);
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
  };

  it("accepts a dated, sourced offer", () => {
    expect(cloudOfferSeedSchema.safeParse(offer).success).toBe(true);
    expect(cloudOfferSeedSchema.safeParse({ ...offer, spotPriceUsdPerHour: 20.5, notes: "spot varies" }).success).toBe(true);
  });

  it("rejects an offer without a source URL", () => {
    const withoutSource: Record<string, unknown> = { ...offer };
    delete withoutSource.sourceUrl;
    expect(offerIssuePaths(withoutSource)).toEqual(["sourceUrl"]);
  });

  it("rejects zero GPUs and a fractional GPU count", () => {
    expect(offerIssuePaths({ ...offer, gpuCount: 0 })).toEqual(["gpuCount"]);
    expect(offerIssuePaths({ ...offer, gpuCount: 1.5 })).toEqual(["gpuCount"]);
  });

  it("rejects negative, NaN and infinite prices", () => {
    expect(offerIssuePaths({ ...offer, priceUsdPerHour: -1 })).toEqual(["priceUsdPerHour"]);
    expect(offerIssuePaths({ ...offer, priceUsdPerHour: Number.NaN })).toEqual(["priceUsdPerHour"]);
    expect(offerIssuePaths({ ...offer, spotPriceUsdPerHour: Number.POSITIVE_INFINITY })).toEqual(["spotPriceUsdPerHour"]);
  });

  it("rejects a date that is not an ISO calendar date", () => {
    expect(offerIssuePaths({ ...offer, observedAt: "2026-13-01" })).toEqual(["observedAt"]);
    expect(offerIssuePaths({ ...offer, observedAt: "26 Aug 2026" })).toEqual(["observedAt"]);
  });

  it("rejects a GPU reference that is not a slug", () => {
    expect(offerIssuePaths({ ...offer, gpu: "NVIDIA H100" })).toEqual(["gpu"]);
  });
});
