import errorBands from "./error-bands.json";
import fittedKnobs from "./fitted-knobs.json";
import measuredGpus from "./measured-gpus.json";

/**
 * Efficiency knobs: the fraction of a catalog peak that real software reaches, and a few fixed
 * costs. They are physical (fraction of peak bandwidth reached, fixed time per layer, how many
 * matrix FLOPs an engine's kernels issue per vector instruction) and few: per engine × vendor at
 * most, never per GPU or per fixture. The values below are priors (each with its reasoning); `npm
 * run eval` fits them to the published measurements in tests/fixtures/measurements by coordinate
 * descent on the squared log error (scripts/eval.ts, lib/model/fit.ts) and writes the result to
 * lib/model/fitted-knobs.json, which is applied over the priors when this module loads.
 */
export type Platform = "nvidia" | "amd" | "apple" | "intel";
export const PLATFORMS: readonly Platform[] = ["nvidia", "amd", "apple", "intel"];

export interface EngineFactors {
  /** Fraction of peak memory bandwidth reached while streaming weights in decode. */
  bandwidth: Record<Platform, number>;
  /** Fixed cost per layer per decode step (kernel launches, synchronisation, sampling), seconds. */
  perLayerSeconds: Record<Platform, number>;
  /** Fraction of the matrix (tensor) peak reached in prefill. */
  prefill: Record<Platform, number>;
  /** Fraction of the matrix peak reached by batched decode once it turns compute-bound (many sequences per step). */
  batchCompute: Record<Platform, number>;
  /**
   * The engine's CUDA matrix kernels are built on mma.sync (llama.cpp's MMQ and tile kernels), not
   * on Hopper's warpgroup wgmma / Blackwell's tcgen05: on those datacenter parts they reach only
   * legacyMmaFraction of the dense peak (Luo et al. 2024, "Benchmarking and Dissecting the Nvidia
   * Hopper GPU Architecture", https://arxiv.org/abs/2402.13499: the dense FP16 rate needs wgmma).
   */
  legacyMma: boolean;
  /**
   * Prefill attention (QKᵀ, softmax, A·V) reaches this fraction of the matrix rate: 1 with fused
   * flash attention; llama.cpp without -fa writes the KQ matrix and its softmax to memory.
   */
  prefillAttentionEfficiency: number;
  /**
   * Vector operations spent unpacking one GGUF weight in the engine's matrix-vector kernels, per
   * backend: Metal unpacks to float and multiply-adds in FP32 (XiongjieDai's M1 Max figures:
   * q4_K_M 35.7 vs f16 18.8 tok/s, not the 3.3× of the bytes), CUDA's MMVQ kernels use int8 dp4a
   * dot products (four multiply-adds per instruction). Its ceiling is weights × ops ÷ FP32 peak.
   */
  dequantOpsPerWeight: Record<Platform, number>;
  /**
   * On HBM parts the engine's decode kernels reach this share of the bandwidth efficiency they reach
   * on GDDR/LPDDR: a batch-1 matrix-vector kernel keeps a fixed number of bytes in flight per SM, and
   * HBM's bandwidth × latency product is larger (Little's law), so the same kernel saturates less of it.
   */
  hbmBandwidth: Record<Platform, number>;
  /**
   * MoE: the expert weights of a decode step stream at this share of the engine's bandwidth
   * efficiency. Each expert's matrix sees only B·k/E of the step's tokens, so grouped expert kernels
   * (vLLM's and SGLang's fused_moe, llama.cpp's mul_mat_id) run many small, unevenly loaded GEMMs
   * where a dense layer runs one; the router, token permutation and the expert all-to-all come on
   * top. Prior 1 (no penalty: at batch 1 each routed expert runs the same matrix-vector kernel as a dense layer); fitted per engine where MoE measurements exist, so a slow expert path does not
   * drag the engine's dense bandwidth down with it.
   */
  moeBandwidth: number;
  /**
   * Fixed time per request before the first token, seconds: scheduling, moving the prompt to the
   * GPU and sampling the first token. Zero for llama-bench-style timings of the forward pass alone;
   * it is what separates a server's time to first token from its prefill FLOPs on short prompts.
   */
  requestSeconds: number;
  /** KV-cache reads in decode reach this fraction of the weight-streaming bandwidth (attention kernels). */
  kvEfficiency: number;
  /**
   * 16-bit GEMM accumulate precision. GeForce cards run FP16 with FP16 accumulate at twice the
   * FP32-accumulate rate the catalog prints (Ada whitepaper, Appendix A: RTX 4090 165.2 vs 330.3
   * TFLOPS); llama.cpp's cuBLAS path asks for CUBLAS_COMPUTE_16F, PyTorch and the servers accumulate in FP32.
   */
  accumulate: "fp16" | "fp32";
  /**
   * Tensor-parallel decode all-reduces through the engine's own kernel on a peer-to-peer link
   * (NVLink, Infinity Fabric): each GPU reads its peers' partial sums straight from their memory in
   * one step (two for larger tensors), instead of NCCL's 2(n−1)-step ring (vLLM's
   * custom_all_reduce.cuh, which SGLang reuses; TensorRT-LLM's customAllReduce). performance.ts
   * allReduceSeconds.
   */
  oneShotAllReduce: boolean;
  /**
   * The engine issues its kernels from an eager host loop (PyTorch modules called from Python:
   * Hugging Face transformers, AutoAWQ, plain PyTorch), and CUDA launches are asynchronous: the host
   * runs ahead while the GPU works, so a step takes max(GPU time, host time), not their sum. Its
   * perLayerSeconds is then host time that only shows when the GPU work is shorter (small models,
   * fast GPUs). llama.cpp builds each token's graph on the host before running it, and the servers
   * replay CUDA graphs whose per-layer cost is on the GPU (launch gaps, synchronisation): additive.
   */
  hostOverlap: boolean;
}

const byPlatform = (nvidia: number, amd: number, apple: number, intel: number): Record<Platform, number> => ({ nvidia, amd, apple, intel });

/**
 * Prior prefill efficiency of engines whose prompt matrices run through cuBLAS/CUTLASS/rocBLAS
 * GEMMs: large GEMMs reach 70–90% of the dense peak, less the non-GEMM work of each layer.
 * One prior for all of them (the fit then moves each engine where data exists).
 */
const GEMM_PREFILL = (): Record<Platform, number> => byPlatform(0.7, 0.5, 0.5, 0.4);

/** Priors of the continuous-batching servers (vLLM, SGLang): a fresh object each, since the fit sets knobs per engine in place. */
function servingEnginePriors(): EngineFactors {
  return {
    bandwidth: byPlatform(0.8, 0.7, 0.7, 0.55),
    perLayerSeconds: byPlatform(15e-6, 30e-6, 60e-6, 60e-6),
    dequantOpsPerWeight: byPlatform(8, 15, 30, 15),
    prefill: GEMM_PREFILL(),
    batchCompute: byPlatform(0.35, 0.35, 0.35, 0.35),
    legacyMma: false,
    prefillAttentionEfficiency: 0.7,
    kvEfficiency: 0.7,
    requestSeconds: 2e-3,
    hbmBandwidth: byPlatform(0.8, 0.8, 0.8, 0.8),
    moeBandwidth: 1,
    accumulate: "fp32",
    oneShotAllReduce: true,
    hostOverlap: false,
  };
}

/** Prior factors per engine (fitted values from fitted-knobs.json replace them at load). */
export const ENGINE_FACTORS: Record<string, EngineFactors> = {
  "llama.cpp": {
    bandwidth: byPlatform(0.8, 0.7, 0.8, 0.55),
    // Apple: the Metal backend encodes each graph node as its own dispatch, ~150 µs a layer. In
    // llama.cpp PR 9698 (https://github.com/ggml-org/llama.cpp/pull/9698, master before the PR) a
    // 22-layer TinyLlama 1.1B ran tg128 at 148 tokens/s in F16 (2.2 GB) and 233 in Q4_0 (0.63 GB)
    // on ggerganov's Mac: 6.76 and 4.29 ms a token, less the weights at 85% of 800 GB/s (3.24 and
    // 0.93 ms), leaves 160 and 153 µs a layer (at 400 GB/s the two would disagree: 57 and 111 µs).
    // NVIDIA: ~100 µs a layer. In llama.cpp PR 6766 (https://github.com/ggml-org/llama.cpp/pull/6766,
    // JohannesGaessler, April 2024, master before CUDA graphs; ./main, which also samples) Llama 2 7B Q4_0 decoded at 138.31
    // tokens/s on an RTX 4090 and 116.31 on an RTX 3090: 7.23 and 8.60 ms a token, less 3.72 GB
    // of weights at 80–98% of 1,008 and 936 GB/s, leaves 82–108 and 113–142 µs a layer.
    perLayerSeconds: byPlatform(100e-6, 45e-6, 150e-6, 60e-6),
    dequantOpsPerWeight: byPlatform(8, 15, 30, 15),
    prefill: byPlatform(0.6, 0.6, 0.75, 0.4),
    batchCompute: byPlatform(0.35, 0.35, 0.35, 0.35),
    legacyMma: true,
    prefillAttentionEfficiency: 0.3,
    kvEfficiency: 0.3,
    requestSeconds: 1e-4,
    hbmBandwidth: byPlatform(0.8, 0.8, 0.8, 0.8),
    moeBandwidth: 1,
    accumulate: "fp16",
    oneShotAllReduce: false,
    hostOverlap: false,
  },
  mlx: {
    bandwidth: byPlatform(0.8, 0.7, 0.85, 0.55),
    perLayerSeconds: byPlatform(25e-6, 45e-6, 45e-6, 60e-6),
    dequantOpsPerWeight: byPlatform(8, 15, 30, 15),
    prefill: byPlatform(0.45, 0.35, 0.6, 0.3),
    batchCompute: byPlatform(0.35, 0.35, 0.35, 0.35),
    legacyMma: false,
    prefillAttentionEfficiency: 0.7,
    kvEfficiency: 0.6,
    requestSeconds: 1e-4,
    hbmBandwidth: byPlatform(0.8, 0.8, 0.8, 0.8),
    moeBandwidth: 1,
    accumulate: "fp32",
    oneShotAllReduce: false,
    hostOverlap: false,
  },
  vllm: servingEnginePriors(),
  // SGLang shares vLLM's priors (same kernel families: FlashInfer/FlashAttention, CUTLASS GEMMs); fitted apart where data exists.
  sglang: servingEnginePriors(),
  "tensorrt-llm": {
    bandwidth: byPlatform(0.85, 0.7, 0.7, 0.55),
    perLayerSeconds: byPlatform(10e-6, 30e-6, 60e-6, 60e-6),
    dequantOpsPerWeight: byPlatform(8, 15, 30, 15),
    prefill: GEMM_PREFILL(),
    batchCompute: byPlatform(0.35, 0.35, 0.35, 0.35),
    legacyMma: false,
    prefillAttentionEfficiency: 0.7,
    kvEfficiency: 0.8,
    requestSeconds: 2e-3,
    hbmBandwidth: byPlatform(0.8, 0.8, 0.8, 0.8),
    moeBandwidth: 1,
    accumulate: "fp32",
    oneShotAllReduce: true,
    hostOverlap: false,
  },
  exllamav2: {
    bandwidth: byPlatform(0.8, 0.7, 0.7, 0.55),
    perLayerSeconds: byPlatform(20e-6, 40e-6, 60e-6, 60e-6),
    dequantOpsPerWeight: byPlatform(8, 15, 30, 15),
    prefill: GEMM_PREFILL(),
    batchCompute: byPlatform(0.35, 0.35, 0.35, 0.35),
    legacyMma: false,
    prefillAttentionEfficiency: 0.7,
    kvEfficiency: 0.6,
    requestSeconds: 1e-3,
    hbmBandwidth: byPlatform(0.8, 0.8, 0.8, 0.8),
    moeBandwidth: 1,
    accumulate: "fp16", // reconstructs fp16 weights and calls cublasHgemm (FP16 compute) for prompts (exllamav2_ext q_gemm)
    oneShotAllReduce: false,
    hostOverlap: false,
  },
  mlc: {
    bandwidth: byPlatform(0.8, 0.7, 0.75, 0.55),
    perLayerSeconds: byPlatform(15e-6, 30e-6, 45e-6, 60e-6),
    dequantOpsPerWeight: byPlatform(8, 15, 30, 15),
    prefill: GEMM_PREFILL(),
    batchCompute: byPlatform(0.35, 0.35, 0.35, 0.35),
    legacyMma: false,
    prefillAttentionEfficiency: 0.7,
    kvEfficiency: 0.6,
    requestSeconds: 1e-3,
    hbmBandwidth: byPlatform(0.8, 0.8, 0.8, 0.8),
    moeBandwidth: 1,
    accumulate: "fp16", // "fp16 activation and compute" (mlc-ai/llm-perf-bench); its prefill on an RTX 4090 exceeds the FP32-accumulate peak
    oneShotAllReduce: false,
    hostOverlap: false,
  },
  autoawq: {
    bandwidth: byPlatform(0.7, 0.6, 0.6, 0.5),
    perLayerSeconds: byPlatform(60e-6, 80e-6, 100e-6, 100e-6),
    dequantOpsPerWeight: byPlatform(8, 15, 30, 15),
    prefill: byPlatform(0.45, 0.35, 0.35, 0.3), // its own int4 GEMM/GEMV kernels (llm-awq), not cuBLAS
    batchCompute: byPlatform(0.35, 0.35, 0.35, 0.35),
    legacyMma: false,
    prefillAttentionEfficiency: 0.7,
    kvEfficiency: 0.5,
    requestSeconds: 2e-3,
    hbmBandwidth: byPlatform(0.8, 0.8, 0.8, 0.8),
    moeBandwidth: 1,
    accumulate: "fp32",
    oneShotAllReduce: false,
    hostOverlap: true,
  },
  transformers: {
    bandwidth: byPlatform(0.7, 0.6, 0.6, 0.5),
    perLayerSeconds: byPlatform(150e-6, 200e-6, 250e-6, 250e-6),
    dequantOpsPerWeight: byPlatform(8, 15, 30, 15),
    prefill: GEMM_PREFILL(),
    batchCompute: byPlatform(0.35, 0.35, 0.35, 0.35),
    legacyMma: false,
    prefillAttentionEfficiency: 0.7,
    kvEfficiency: 0.5,
    requestSeconds: 2e-3,
    hbmBandwidth: byPlatform(0.8, 0.8, 0.8, 0.8),
    moeBandwidth: 1,
    accumulate: "fp32",
    oneShotAllReduce: false,
    hostOverlap: true,
  },
  pytorch: {
    bandwidth: byPlatform(0.7, 0.6, 0.6, 0.5),
    perLayerSeconds: byPlatform(60e-6, 80e-6, 100e-6, 100e-6),
    dequantOpsPerWeight: byPlatform(8, 15, 30, 15),
    prefill: GEMM_PREFILL(),
    batchCompute: byPlatform(0.35, 0.35, 0.35, 0.35),
    legacyMma: false,
    prefillAttentionEfficiency: 0.7,
    kvEfficiency: 0.5,
    requestSeconds: 2e-3,
    hbmBandwidth: byPlatform(0.8, 0.8, 0.8, 0.8),
    moeBandwidth: 1,
    accumulate: "fp32",
    oneShotAllReduce: false,
    hostOverlap: true,
  },
};

/**
 * The serving engines stream a decode step's weights through the same kind of kernels: cuBLAS /
 * CUTLASS (hipBLASLt on AMD) matrix products captured in CUDA/HIP graphs. vLLM and SGLang share
 * TensorRT-LLM's dense bandwidth efficiency per vendor and its HBM share (the knobs
 * `engine/tensorrt-llm/bandwidth/*` and `engine/tensorrt-llm/hbmBandwidth`) rather than each fitting its own: every published vLLM and SGLang row is a tensor-parallel or MoE
 * run, where all-reduces, expert kernels and KV reads share the time, so on their own they leave
 * the dense figure unpinned (fitted that way, an 8B model on one H100 came out 30% below what
 * TensorRT-LLM's 70 single- and multi-GPU rows imply for the same kernels).
 */
export const SHARED_BANDWIDTH: Readonly<Record<string, string>> = { vllm: "tensorrt-llm", sglang: "tensorrt-llm" };
for (const [engine, owner] of Object.entries(SHARED_BANDWIDTH)) ENGINE_FACTORS[engine].bandwidth = ENGINE_FACTORS[owner].bandwidth;

/** Knobs that are not per engine. */
export const GLOBAL_KNOBS = {
  /**
   * Prefill with weight-only quantized (GGUF, int4) weights on the tensor path reaches this
   * fraction of the 16-bit rate: tiles are unpacked before the matrix units see them.
   */
  quantizedPrefillFactor: 0.78,
  /**
   * The same for GGUF formats (llama.cpp): their prompt matrices run through MMQ kernels that
   * quantize the activations to int8 and unpack each block of weights in shader code (or
   * dequantize whole matrices to FP16 for cuBLAS), a different path from the int4 (AWQ/GPTQ)
   * kernels above, so it gets its own share. Prior: the same 0.78.
   */
  ggufPrefillFactor: 0.78,
  /** Board power per SM (W) at which an NVIDIA GPU holds its boost clock under sustained matrix load. */
  sustainedWattsPerSm: 4,
  /**
   * How the sustained clock falls below that: share = (W per SM ÷ sustainedWattsPerSm)^exponent.
   * Prior 1/3: dynamic power ∝ f·V² with voltage scaling roughly with frequency, so f ∝ P^⅓.
   */
  clockPowerExponent: 0.33,
  /** Hopper/Blackwell datacenter GPUs: fraction of the dense tensor peak reachable with mma.sync (no wgmma/tcgen05). */
  legacyMmaFraction: 0.5,
  /**
   * Training: bytes moved by non-matrix work (normalisation, activations, residual adds, dropout,
   * their backward passes) per byte of stored activations. Each stored activation is written in
   * the forward pass and read back in the backward pass, and every element-wise op reads and
   * writes its tensor once more (Ivanov et al. 2021, "Data movement is all you need",
   * https://arxiv.org/abs/2007.00072: element-wise and normalisation kernels take ~40% of BERT
   * training time while doing 0.2% of the FLOPs).
   */
  trainingTrafficPerActivationByte: 4,
  /**
   * The same for convolutional nets (batch norm, ReLU, pooling and their backward passes over
   * feature maps): other kernels than a transformer's, so a share of their own. Prior 4, as above.
   */
  visionTrafficPerActivationByte: 4,
  /** Fraction of peak bandwidth those memory-bound training kernels reach. */
  trainingBandwidthEfficiency: 0.7,
  /**
   * Training: FP32 vector operations per byte of stored activations. Mixed-precision training keeps
   * normalisation statistics, softmax, GELU, dropout masks and loss in FP32 on the vector units
   * (PyTorch AMP autocast op lists), so each element-wise kernel is bound by the slower of its bytes
   * over bandwidth and its operations over the FP32 peak. This is why an A100 (19.5 FP32 TFLOPS)
   * trains ResNet-50 no faster than an RTX 4090 (82.6) despite twice the tensor peak and bandwidth.
   */
  trainingVectorFlopsPerActivationByte: 2,
  /**
   * Vision training: a floor on the seconds per image per GPU that faster GPUs do not lower.
   * ResNet-50 on an H100, H200, GH200 or B200 in Lambda's benchmark all land near 3,000 images/s
   * although their bandwidth and tensor peaks differ by up to 2.4×. Those runs use synthetic data,
   * so the floor is not disk reads or JPEG decoding; its cause (per-step host work, kernels that do
   * not scale) is not isolated. It caps samples/s at 1 ÷ this per GPU. With real images a host input
   * pipeline can bind earlier, which the estimate does not know. Prior: 5,000 images/s.
   */
  visionInputSecondsPerSample: 2e-4,
  /**
   * Vision training with AMP in PyTorch's default NCHW layout: cuDNN's tensor-core convolutions work
   * in NHWC, so each convolution's input and output are transposed, forward and backward: extra
   * element-wise traffic per byte of stored activations (on top of visionTrafficPerActivationByte).
   * channels_last (NHWC) avoids it: NVIDIA's ResNet-50 recipe sets it for AMP (DeepLearningExamples
   * ConvNets configs.yml: memory_format nhwc; main.py's default is nchw), Lambda's benchmark, running
   * the same main.py with --amp and no --memory-format, does not. Prior 4: two transposes, each a read
   * and a write of input and output.
   */
  nchwTransposeTrafficPerActivationByte: 4,
};

/**
 * llama.cpp's Vulkan backend, relative to the vendor's own backend (CUDA, ROCm, SYCL) on the same GPU.
 * `bandwidth`: share of its decode bandwidth efficiency the GLSL matrix-vector shaders reach in
 * current builds (prior 1: parity with the vendor's backend, which no source outside the fixtures
 * pins; earlier builds: earlyBandwidth). `prefill`: share of its prompt rate, per vendor, since the shaders reach the
 * matrix units through cooperative-matrix extensions only where the driver offers them (llama.cpp's
 * device line names them: "matrix cores: NV_coopmat2" or "KHR_coopmat"): NVIDIA's does (prior 0.8);
 * RADV on AMD at these builds did not ("matrix cores: none" in geerlingguy/ai-benchmarks #25; prior
 * 0.5, PR 5835: 425 against 1,017 tokens/s on ROCm).
 */
export const VULKAN = {
  bandwidth: 1,
  /**
   * The decode share of builds from before VULKAN_CURRENT_FROM. The backend's matrix-vector shaders
   * were reworked through 2024: in PR 5835 (March 2024) an RX 6700 XT decoded at 71% of its ROCm
   * rate (41.81 against 58.97 tokens/s: the prior, 0.7), while 2025 builds on a Radeon 8060S decode
   * as fast as ROCm or faster (lhl/strix-halo-testing, in the fixtures). Published rows are scored
   * with the share of their build's era; an estimate is for current builds.
   */
  earlyBandwidth: 0.7,
  prefill: byPlatform(0.8, 0.5, 0.5, 0.5),
};

/**
 * Builds from this month on take VULKAN.bandwidth, earlier ones VULKAN.earlyBandwidth. The fixtures
 * hold no Vulkan rows between March 2024 and July 2025, so the change is placed only within that gap.
 */
export const VULKAN_CURRENT_FROM = "2025-01";

/**
 * Matrix-FLOPs utilisation in training (fraction of the dense 16-bit peak reached by the matrix
 * work alone; element-wise traffic and the optimizer step are a separate memory-bound term).
 * Published large-scale runs reach 0.38–0.55 MFU on A100/H100 (Llama 3 paper §3.3.4: 38–43% BF16
 * MFU on H100); convolutions (cuDNN implicit GEMM) reach less of the tensor peak than GEMMs.
 */
export const TRAINING_MFU: Record<Platform, { llm: number; vision: number }> = {
  nvidia: { llm: 0.5, vision: 0.35 },
  amd: { llm: 0.35, vision: 0.25 },
  apple: { llm: 0.25, vision: 0.2 },
  intel: { llm: 0.25, vision: 0.2 },
};

/**
 * AdamW step bytes per trained parameter (mixed precision): read and write the fp32 master weight,
 * both moments (3 × 4 B × 2), read the 16-bit gradient, write the 16-bit weight (2 + 2):
 * 28 B per parameter per step (Transformer Math 101 state sizes, each touched once per step).
 */
export function optimizerStepBytesPerParameter(optimizer: string, mixed: boolean): number {
  const master = mixed ? 8 + 4 : 4 + 4; // master weight r/w (mixed) + gradient read and weight write
  if (optimizer === "adamw") return master + 16;
  if (optimizer === "adamw-8bit") return master + 4;
  return master + 8;
}

/** Share of all-reduce traffic that overlaps with compute in data-parallel training. */
export const GRADIENT_COMM_OVERLAP = 0.7;

/** One collective's fixed latency, seconds: NVLink/Infinity Fabric vs PCIe. */
export const COLLECTIVE_LATENCY_SECONDS = { fast: 8e-6, pcie: 25e-6 };

/** Every fittable knob by path ("engine/llama.cpp/bandwidth/nvidia", "global/legacyMmaFraction", "training/nvidia/llm"). */
export interface KnobSpec {
  id: string;
  min: number;
  max: number;
  /**
   * How firmly the prior holds, as a multiple of the fit's ridge (default 1). A knob whose prior is
   * a guess rather than a known range (the MoE expert path) holds loosely, so rows that only it
   * explains move it rather than the engine's well-known dense efficiencies.
   */
  priorWeight?: number;
}

export function knobSpecs(): KnobSpec[] {
  const specs: KnobSpec[] = [];
  for (const engine of Object.keys(ENGINE_FACTORS)) {
    // First, so that coordinate descent lets the expert path explain the MoE rows before the dense bandwidth, which it shares them with, moves.
    specs.push({ id: `engine/${engine}/moeBandwidth`, min: 0.05, max: 1.2, priorWeight: 0.1 });
    for (const p of PLATFORMS) {
      if (!(engine in SHARED_BANDWIDTH)) specs.push({ id: `engine/${engine}/bandwidth/${p}`, min: 0.3, max: 0.95 });
      specs.push({ id: `engine/${engine}/perLayerSeconds/${p}`, min: 2e-6, max: 500e-6 });
      if (engine === "llama.cpp") specs.push({ id: `engine/${engine}/dequantOpsPerWeight/${p}`, min: 1, max: 100 });
      specs.push({ id: `engine/${engine}/prefill/${p}`, min: 0.05, max: 0.95 });
      specs.push({ id: `engine/${engine}/batchCompute/${p}`, min: 0.05, max: 0.9 });
    }
    specs.push({ id: `engine/${engine}/prefillAttentionEfficiency`, min: 0.05, max: 1 });
    specs.push({ id: `engine/${engine}/kvEfficiency`, min: 0.05, max: 1 });
    specs.push({ id: `engine/${engine}/requestSeconds`, min: 1e-5, max: 0.1 });
    if (!(engine in SHARED_BANDWIDTH)) for (const p of PLATFORMS) specs.push({ id: `engine/${engine}/hbmBandwidth/${p}`, min: 0.3, max: 1.2 });
  }
  specs.push({ id: "global/quantizedPrefillFactor", min: 0.3, max: 1 });
  specs.push({ id: "global/ggufPrefillFactor", min: 0.3, max: 1 });
  specs.push({ id: "global/legacyMmaFraction", min: 0.1, max: 1 });
  specs.push({ id: "global/sustainedWattsPerSm", min: 1, max: 10 });
  specs.push({ id: "global/clockPowerExponent", min: 0.05, max: 1.5 });
  specs.push({ id: "global/trainingTrafficPerActivationByte", min: 0.5, max: 30 });
  specs.push({ id: "global/visionTrafficPerActivationByte", min: 0.5, max: 30 });
  specs.push({ id: "global/trainingBandwidthEfficiency", min: 0.3, max: 0.95 });
  specs.push({ id: "global/trainingVectorFlopsPerActivationByte", min: 0.05, max: 50 });
  specs.push({ id: "global/visionInputSecondsPerSample", min: 2e-5, max: 2e-3 });
  specs.push({ id: "global/nchwTransposeTrafficPerActivationByte", min: 0.1, max: 40 });
  specs.push({ id: "vulkan/bandwidth", min: 0.2, max: 1.5 });
  specs.push({ id: "vulkan/earlyBandwidth", min: 0.2, max: 1.5 });
  for (const p of PLATFORMS) if (p !== "apple") specs.push({ id: `vulkan/prefill/${p}`, min: 0.05, max: 2 });
  for (const p of PLATFORMS) {
    specs.push({ id: `training/${p}/llm`, min: 0.05, max: 0.9 });
    specs.push({ id: `training/${p}/vision`, min: 0.05, max: 0.9 });
  }
  return specs;
}

export function getKnob(id: string): number {
  const [kind, a, b, c] = id.split("/");
  if (kind === "engine") {
    const f = ENGINE_FACTORS[a] as unknown as Record<string, unknown>;
    const v = c ? (f[b] as Record<string, number>)[c] : f[b];
    return v as number;
  }
  if (kind === "global") return GLOBAL_KNOBS[a as keyof typeof GLOBAL_KNOBS];
  if (kind === "vulkan") return a === "bandwidth" ? VULKAN.bandwidth : a === "earlyBandwidth" ? VULKAN.earlyBandwidth : VULKAN.prefill[b as Platform];
  return TRAINING_MFU[a as Platform][b as "llm" | "vision"];
}

export function setKnob(id: string, value: number): void {
  const [kind, a, b, c] = id.split("/");
  if (kind === "engine") {
    const f = ENGINE_FACTORS[a] as unknown as Record<string, unknown>;
    if (!f) return;
    if (c) (f[b] as Record<string, number>)[c] = value;
    else f[b] = value;
    // The HBM share goes with the dense bandwidth it scales (SHARED_BANDWIDTH).
    if (b === "hbmBandwidth" && c) for (const [engine, owner] of Object.entries(SHARED_BANDWIDTH)) if (owner === a) ENGINE_FACTORS[engine].hbmBandwidth[c as Platform] = value;
  } else if (kind === "global") {
    if (a in GLOBAL_KNOBS) GLOBAL_KNOBS[a as keyof typeof GLOBAL_KNOBS] = value;
  } else if (kind === "vulkan") {
    if (a === "bandwidth") VULKAN.bandwidth = value;
    else if (a === "earlyBandwidth") VULKAN.earlyBandwidth = value;
    else if (b in VULKAN.prefill) VULKAN.prefill[b as Platform] = value;
  } else if (TRAINING_MFU[a as Platform]) {
    TRAINING_MFU[a as Platform][b as "llm" | "vision"] = value;
  }
}

/** The current value of every knob (to restore after a fit, or to write out). */
export function snapshotKnobs(): Record<string, number> {
  return Object.fromEntries(knobSpecs().map((k) => [k.id, getKnob(k.id)]));
}

export function applyKnobs(values: Record<string, number>): void {
  for (const [id, value] of Object.entries(values)) if (typeof value === "number" && Number.isFinite(value)) setKnob(id, value);
}

/** The priors, before the fitted values are applied. */
export const PRIOR_KNOBS: Readonly<Record<string, number>> = snapshotKnobs();
applyKnobs((fittedKnobs as { knobs?: Record<string, number> }).knobs ?? {});

/** Kinds of figure with their own range; memory is split by task (an inference plan is simple arithmetic, a training plan depends on the recipe). */
export type MetricFamily = "decode" | "prefill" | "throughput" | "training" | "memory" | "trainingMemory";
export const METRIC_FAMILIES: readonly MetricFamily[] = ["decode", "prefill", "throughput", "training", "memory", "trainingMemory"];

/**
 * A range as multipliers of the estimate: the measured value fell between estimate × low and
 * estimate × high for `coverage` of held-out published measurements of this kind.
 */
export interface Band {
  low: number;
  high: number;
}

/** The ranges file (lib/model/error-bands.json): bands per metric family and vendor, and for engines the fit never saw. */
/** How a family's band is derived from held-out residuals (bands.ts): percentile level, widening on the log scale, symmetric on the log scale. */
export type BandCandidate = readonly [level: number, widen: number, symmetric: boolean];

export interface BandSet {
  coverage?: number;
  /** The rule each family's band was built by, chosen by nested leave-one-source-out coverage. */
  rules?: Partial<Record<MetricFamily, BandCandidate>>;
  families?: Partial<Record<MetricFamily, Partial<Record<Platform | "all", Band>>>>;
  /** Engines with no fitted measurements: the band of predictions for engines the fit had not seen. */
  unseenEngine?: Partial<Record<MetricFamily, Band>>;
  /**
   * Per family (and vendor), the log-scale widening of the all-vendor band that a vendor without a
   * band of its own gets (too few rows or sources, or none), chosen by nested coverage of that
   * vendor's rows (bands.ts thinVendorWidening); the widened bands are written into `families`.
   */
  thinVendor?: Partial<Record<MetricFamily, number | Partial<Record<Platform, number>>>>;
}
/** The bands `npm run eval` wrote (lib/model/error-bands.json), as shipped. */
export const SHIPPED_BANDS: Readonly<BandSet> = errorBands as unknown as BandSet;
let bandFile: BandSet = SHIPPED_BANDS;
let bandsVersion = 0;

/**
 * The narrowest band holding both (the lower low, the higher high), or whichever exists: an unseen
 * engine on a thinly measured vendor is uncertain for both reasons (ranges.ts, bands.ts).
 */
export function joinBands(a: Band | null | undefined, b: Band | null | undefined): Band | undefined {
  if (a && b) return { low: Math.min(a.low, b.low), high: Math.max(a.high, b.high) };
  return a ?? b ?? undefined;
}

/** Used only for a metric family with no band (no measurement, or none outside a left-out source). */
export const FALLBACK_BAND: Band = { low: 0.5, high: 2 };

/** The share of held-out published measurements that fell inside ranges like these. */
export const RANGE_COVERAGE = bandFile.coverage ?? 0.8;

/**
 * Range multipliers for a metric on a platform: percentiles of measured ÷ predicted over whole
 * held-out sources (lib/model/error-bands.json, written by `npm run eval`, derived in bands.ts),
 * per vendor where there are enough measurements and sources, else over all vendors.
 */
export function errorBand(family: MetricFamily, platform: Platform): Band {
  const entry = bandFile.families?.[family];
  return entry?.[platform] ?? entry?.all ?? FALLBACK_BAND;
}

/** The band for an engine whose knobs were never fitted to a measurement (wider: the engine-to-engine spread). */
export function unseenEngineBand(family: MetricFamily): Band | null {
  return bandFile.unseenEngine?.[family] ?? null;
}

const bandsByPlatform = new Map<Platform, Readonly<Record<MetricFamily, Band>>>();

/**
 * Replace the bands in use (the coverage test checks ranges built without the sources it scores);
 * returns the previous set so it can be restored.
 */
export function applyErrorBands(set: BandSet): BandSet {
  const previous = bandFile;
  bandFile = set;
  bandsByPlatform.clear();
  bandsVersion++;
  return previous;
}

/** Changes whenever applyErrorBands runs, so caches of widened bands (ranges.ts) know to rebuild. */
export function errorBandsVersion(): number {
  return bandsVersion;
}

/** errorBand() of every metric family on one platform, looked up once. */
export function errorBandsFor(platform: Platform): Readonly<Record<MetricFamily, Band>> {
  let entry = bandsByPlatform.get(platform);
  if (!entry) {
    entry = Object.fromEntries(METRIC_FAMILIES.map((f) => [f, errorBand(f, platform)])) as Record<MetricFamily, Band>;
    bandsByPlatform.set(platform, entry);
  }
  return entry;
}

/** Engines whose knobs were fitted to at least one published measurement (written by `npm run eval`). */
export const FITTED_ENGINES: ReadonlySet<string> = new Set<string>((fittedKnobs as { engines?: string[] }).engines ?? Object.keys(ENGINE_FACTORS));

/** GPUs with at least one published measurement in the validation set (written by `npm run eval`): their figures are "calibrated". */
export const MEASURED_GPUS: ReadonlySet<string> = new Set<string>(measuredGpus);

/**
 * llama.cpp's factors on its Vulkan backend: the vendor backend's, with decode bandwidth and
 * prompt efficiency scaled by the Vulkan shares (VULKAN). `builtOn` (YYYY-MM…, a published row's
 * date) before VULKAN_CURRENT_FROM takes the early decode share; without it, current builds.
 */
export function vulkanFactors(native: EngineFactors, builtOn?: string): EngineFactors {
  const scaled = (r: Record<Platform, number>, share: (p: Platform) => number) => Object.fromEntries(PLATFORMS.map((p) => [p, Math.min(0.98, r[p] * share(p))])) as Record<Platform, number>;
  const bandwidth = builtOn != null && builtOn < VULKAN_CURRENT_FROM ? VULKAN.earlyBandwidth : VULKAN.bandwidth;
  return { ...native, bandwidth: scaled(native.bandwidth, () => bandwidth), prefill: scaled(native.prefill, (p) => VULKAN.prefill[p]) };
}
