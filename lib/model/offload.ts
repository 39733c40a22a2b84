import type { ResolvedWorkload } from "../workload/resolve";
import { ENGINE_FACTORS } from "./calibration";
import type { Hardware } from "./hardware";
import { kvCacheBytes, runtimeOverheadBytes } from "./memory";
import { parametersReadPerStep } from "./performance";
import type { MemoryPlan } from "./plan";
import { bytesPerWeight } from "./precision";

/**
 * llama.cpp-style partial offload (`-ngl N`, what Ollama and LM Studio do for you): when a model
 * does not fit in GPU memory, N whole layers (their weights and KV cache) live on the GPU and the
 * rest in system memory, where the CPU runs them. Decode streams every layer's bytes once per
 * token, the GPU's layers at GPU bandwidth and the others at system-memory bandwidth, so
 *
 *   seconds per token = gpuBytes / (gpuBandwidth × e) + systemBytes / (systemBandwidth × e) + layers × perLayer
 *
 * with e the engine's fitted bandwidth efficiency (lib/model/calibration.ts), applied to both sides
 * (an assumption: llama.cpp's CPU kernels are also memory-bound in decode). Example: Llama 2 7B at
 * fp16 (13.5 GB) on a 16 GB Apple M3 (100 GB/s, 10.7 GB usable by the GPU): 23 of 32 layers on
 * the GPU (≈ 10 GB), 9 on the CPU (≈ 3.9 GB) → 1 / (10/80 + 3.9/61) ≈ 5 tokens/s, where the
 * all-on-GPU figure would have been ≈ 6 tokens/s and is not reachable (macOS will not wire it).
 *
 * Apple silicon: the "system memory" is the same unified memory; what exceeds the GPU's wired
 * limit runs on the CPU cores, which read it at the system-memory bandwidth (capped at the chip's).
 * The limit can be raised: `sudo sysctl iogpu.wired_limit_mb=<MB>` (macOS 14+, until reboot;
 * Metal's recommendedMaxWorkingSetSize follows it: https://github.com/AlexsJones/llmfit/pull/754).
 */

export interface OffloadOptions {
  /** Bandwidth of the system memory the CPU layers stream from, GB/s. */
  systemMemoryBandwidthGBps: number;
  /** System memory the offloaded layers may take, GB (on Apple silicon the unified memory itself). */
  systemMemoryGB: number;
}

/**
 * Defaults: dual-channel DDR5-4800, DDR5's base JEDEC speed: 2 channels × 8 bytes × 4800 MT/s =
 * 76.8 GB/s peak; 64 GB of RAM, a common desktop configuration for running large models locally.
 */
export const DEFAULT_OFFLOAD_OPTIONS: OffloadOptions = { systemMemoryBandwidthGBps: 76.8, systemMemoryGB: 64 };

export interface OffloadEstimate {
  engine: "llama.cpp";
  /** Whole layers kept on the GPU, of `layers`. */
  gpuLayers: number;
  layers: number;
  /** Weights and KV cache on the GPU and in system memory, GB. */
  gpuGB: number;
  systemGB: number;
  systemMemoryBandwidthGBps: number;
  systemMemoryGB: number;
  /** Whether what is offloaded fits in system memory (otherwise it swaps to disk: no speed given). */
  fitsSystemMemory: boolean;
  /** Per-user decode speed with the split, tokens/s (null when it does not fit in system memory). */
  decodeTokensPerSecond: number | null;
  /** One sentence: what runs where, how fast, and (Apple) how to raise the GPU's share. */
  summary: string;
}

const GB = 1e9;
const sig3 = (x: number) => Number(x.toPrecision(3));

/**
 * Partial offload of an LLM inference workload on one GPU that cannot hold it; null when it fits
 * (nothing to offload), when it is not an LLM (vision, diffusion) or when the chosen engine does
 * not offload to the CPU (vLLM, TensorRT-LLM, PyTorch as used here).
 */
export function offloadEstimate(
  workload: ResolvedWorkload,
  hw: Pick<Hardware, "vendor" | "name" | "memoryBytes" | "bandwidthBytesPerSecond">,
  /** The memory plan on one GPU (plan.ts). */
  plan: MemoryPlan,
  /** Memory the GPU may use, bytes (Apple: the wired limit). */
  capacityBytes: number,
  options: Partial<OffloadOptions> = {},
): OffloadEstimate | null {
  const model = workload.model;
  if (workload.task !== "inference" || model.flopsPerSample != null) return null;
  if (workload.engine != null && workload.engine !== "llama.cpp") return null;
  const systemBandwidthGBps = options.systemMemoryBandwidthGBps ?? DEFAULT_OFFLOAD_OPTIONS.systemMemoryBandwidthGBps;
  const systemMemoryGB = options.systemMemoryGB ?? DEFAULT_OFFLOAD_OPTIONS.systemMemoryGB;
  const factors = ENGINE_FACTORS["llama.cpp"];
  const { weights, kv, activations } = plan.parts;
  const fixed = activations + runtimeOverheadBytes("llama.cpp", hw.vendor);
  const layers = Math.max(1, Math.round(model.layers));
  const perLayer = (weights + kv) / layers;
  const gpuLayers = Math.max(0, Math.min(layers, Math.floor((capacityBytes - fixed) / perLayer)));
  if (gpuLayers >= layers) return null;
  const gpuBytes = gpuLayers * perLayer;
  const systemBytes = weights + kv - gpuBytes;
  const apple = hw.vendor === "apple";
  // Apple: everything shares the unified memory; elsewhere the offloaded layers need system RAM.
  const fitsSystemMemory = apple ? weights + kv + fixed <= hw.memoryBytes : systemBytes <= systemMemoryGB * GB;
  const systemBandwidth = Math.min(systemBandwidthGBps * GB, apple ? hw.bandwidthBytesPerSecond : Infinity);
  const efficiency = factors.bandwidth[hw.vendor];
  // Bytes read per decode step: the active weights once, and the KV cache at the average context.
  const readPerStep = parametersReadPerStep(model, workload.batchSize) * bytesPerWeight(workload.precision) + kvCacheBytes(model, workload.promptTokens + workload.outputTokens / 2, workload.batchSize, workload.precision);
  const gpuShare = gpuLayers / layers;
  const seconds =
    (readPerStep * gpuShare) / (hw.bandwidthBytesPerSecond * efficiency) + (readPerStep * (1 - gpuShare)) / (systemBandwidth * efficiency) + model.layers * factors.perLayerSeconds[hw.vendor];
  const decode = fitsSystemMemory ? sig3(1 / seconds) : null;
  const where = apple ? "on the CPU cores from unified memory" : `in system memory at ${sig3(systemBandwidth / GB)} GB/s`;
  // macOS keeps a few GB for itself: a limit of (memory − 4 GiB) is the usual advice.
  const raisedMb = Math.round(hw.memoryBytes / GB) * 1024 - 4096;
  const raise = apple
    ? weights + kv + fixed <= raisedMb * 2 ** 20
      ? ` macOS lets the GPU wire only ${sig3(capacityBytes / GB)} of ${sig3(hw.memoryBytes / GB)} GB by default; \`sudo sysctl iogpu.wired_limit_mb=${raisedMb}\` (until the next reboot) would let the whole model run on the GPU.`
      : ` macOS lets the GPU wire only ${sig3(capacityBytes / GB)} of ${sig3(hw.memoryBytes / GB)} GB by default (\`sudo sysctl iogpu.wired_limit_mb=…\` raises it), not enough for this model.`
    : "";
  const summary = fitsSystemMemory
    ? `With llama.cpp offload (-ngl ${gpuLayers}): ${gpuLayers} of ${layers} layers (${sig3(gpuBytes / GB)} GB) on the ${hw.name}, ${layers - gpuLayers} (${sig3(systemBytes / GB)} GB) ${where}: about ${decode} tokens/s.${raise}`
    : apple
      ? `Does not fit in the ${sig3(hw.memoryBytes / GB)} GB of unified memory even with CPU offload: macOS would swap to disk.${raise}`
      : `Offloading would need ${sig3(systemBytes / GB)} GB of system memory, more than the ${systemMemoryGB} GB assumed: it would swap to disk.`;
  return {
    engine: "llama.cpp",
    gpuLayers,
    layers,
    gpuGB: sig3(gpuBytes / GB),
    systemGB: sig3(systemBytes / GB),
    systemMemoryBandwidthGBps: sig3(systemBandwidth / GB),
    systemMemoryGB: apple ? sig3(hw.memoryBytes / GB) : systemMemoryGB,
    fitsSystemMemory,
    decodeTokensPerSecond: decode,
    summary,
  };
}
