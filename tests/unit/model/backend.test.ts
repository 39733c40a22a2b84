import { afterEach, describe, expect, it } from "vitest";
import { getKnob, setKnob } from "@/lib/model/calibration";
import { llamaCppBackend } from "@/lib/model/engine";
import { estimate } from "@/lib/model/estimate";
import { matmulPeak, toHardware } from "@/lib/model/hardware";
import { resolveWorkload } from "@/lib/workload/resolve";
import { workloadSchema, type WorkloadInput } from "@/lib/workload/schema";
import { catalogGpu } from "../../helpers/catalog-gpu";
import { M2_ULTRA, RTX_4090 } from "./fixtures";

/** https://www.amd.com/en/products/graphics/desktops/radeon/7000-series/amd-radeon-rx-7900xtx.html (61.4 FP32 TFLOPS, 122.8 FP16 matrix, 960 GB/s, 24 GB) */
const RX_7900_XTX = catalogGpu({
  slug: "rx-7900-xtx",
  name: "AMD Radeon RX 7900 XTX",
  vendor: "amd",
  segment: "consumer",
  architecture: "RDNA 3",
  memoryGB: 24,
  memoryType: "GDDR6",
  memoryBandwidthGBps: 960,
  fp32Tflops: 61.4,
  fp16TensorTflops: 122.8,
  bf16TensorTflops: 122.8,
  tdpWatts: 355,
});

const workload = (input: Partial<WorkloadInput> = {}) => workloadSchema.parse({ model: "llama-3.1-8b", precision: "q4_k_m", engine: "llama.cpp", promptTokens: 512, outputTokens: 128, ...input });
const backendOn = (gpu: typeof RX_7900_XTX, backend?: WorkloadInput["backend"]) => llamaCppBackend(resolveWorkload(workload({ backend })), toHardware(gpu));

describe("llama.cpp backends", () => {
  const saved = { bandwidth: getKnob("vulkan/bandwidth"), prefill: getKnob("vulkan/prefill/amd") };
  afterEach(() => {
    setKnob("vulkan/bandwidth", saved.bandwidth);
    setKnob("vulkan/prefill/amd", saved.prefill);
  });

  it("defaults to the vendor's own and runs Vulkan anywhere but on Apple", () => {
    expect(backendOn(RX_7900_XTX)).toEqual({ backend: "rocm", note: null });
    expect(backendOn(RTX_4090)).toEqual({ backend: "cuda", note: null });
    expect(backendOn(M2_ULTRA)).toEqual({ backend: "metal", note: null });
    expect(backendOn(RX_7900_XTX, "vulkan").backend).toBe("vulkan");
    expect(backendOn(RTX_4090, "vulkan").backend).toBe("vulkan");
  });

  it("a vendor's backend asked for on another vendor's GPU falls back to that GPU's own, and says so", () => {
    const onAmd = backendOn(RX_7900_XTX, "cuda");
    expect(onAmd.backend).toBe("rocm");
    expect(onAmd.note).toMatch(/CUDA backend does not run on AMD Radeon RX 7900 XTX; estimated with its ROCm \(HIP\) backend/);
    expect(backendOn(M2_ULTRA, "vulkan")).toMatchObject({ backend: "metal" });
    const e = estimate(RX_7900_XTX, 1, workload({ backend: "metal" }));
    expect(e.assumptions.join(" ")).toMatch(/Metal backend does not run on AMD Radeon RX 7900 XTX/);
  });

  it("Vulkan decodes at the vendor backend's bandwidth × the Vulkan share and prompts at its rate × the vendor's Vulkan prompt share", () => {
    setKnob("vulkan/bandwidth", 0.5);
    setKnob("vulkan/prefill/amd", 0.25);
    const native = estimate(RX_7900_XTX, 1, workload());
    const vulkan = estimate(RX_7900_XTX, 1, workload({ backend: "vulkan" }));
    expect(vulkan.math.bandwidthEfficiency as number).toBeCloseTo((native.math.bandwidthEfficiency as number) * 0.5, 6);
    expect(vulkan.math.prefillEfficiency as number).toBeCloseTo((native.math.prefillEfficiency as number) * 0.25, 6);
    expect(vulkan.decodeTokensPerSecond!).toBeLessThan(native.decodeTokensPerSecond!);
    expect(vulkan.assumptions.join(" ")).toMatch(/llama\.cpp with its Vulkan backend/);
    // Other engines ignore the field.
    const vllm = (backend?: WorkloadInput["backend"]) => estimate(RX_7900_XTX, 1, workloadSchema.parse({ model: "llama-3.1-8b", engine: "vllm", backend })).decodeTokensPerSecond;
    expect(vllm("vulkan")).toBe(vllm());
  });

  it("a published Vulkan row from before 2025 is scored with the early decode share; an estimate, and a later row, with the current one", () => {
    const saved = { current: getKnob("vulkan/bandwidth"), early: getKnob("vulkan/earlyBandwidth") };
    try {
      setKnob("vulkan/bandwidth", 0.9);
      setKnob("vulkan/earlyBandwidth", 0.45);
      const native = estimate(RX_7900_XTX, 1, workload()).math.bandwidthEfficiency as number;
      const share = (builtOn?: string) => (estimate(RX_7900_XTX, 1, workload({ backend: "vulkan" }), { builtOn }).math.bandwidthEfficiency as number) / native;
      expect(share()).toBeCloseTo(0.9, 6);
      expect(share("2025-08")).toBeCloseTo(0.9, 6);
      expect(share("2024-03-03")).toBeCloseTo(0.45, 6);
      // The vendor's own backend has no era.
      expect(estimate(RX_7900_XTX, 1, workload(), { builtOn: "2024-03" }).math.bandwidthEfficiency).toBe(native);
    } finally {
      setKnob("vulkan/bandwidth", saved.current);
      setKnob("vulkan/earlyBandwidth", saved.early);
    }
  });

  it("GGUF prompts on AMD are bounded by the FP32 vector rate, not the matrix cores; 16-bit prompts are not", () => {
    const hw = toHardware(RX_7900_XTX);
    expect(matmulPeak(hw, "q4_k_m", "llama.cpp")!.flopsPerSecond).toBeCloseTo(61.4e12, -9);
    expect(matmulPeak(hw, "fp16", "llama.cpp")!.flopsPerSecond).toBeGreaterThan(100e12);
    expect(matmulPeak(toHardware(RTX_4090), "q4_k_m", "llama.cpp")!.flopsPerSecond).toBeGreaterThan(100e12);
  });
});
