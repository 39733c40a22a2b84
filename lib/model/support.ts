import type { Engine, Precision } from "../workload/schema";

/**
 * Which number formats a GPU and an engine can use, and how:
 * - native: the tensor/matrix units multiply in that format (memory and compute both gain);
 * - weight-only: weights are stored in the format (memory saved) and widened to 16 bit before
 *   the multiply, so compute runs at the 16-bit rate;
 * - unsupported: the engine cannot load the format on that hardware at all.
 * Every verdict carries the reason shown to the user. docs/precisions.md has the same table in words.
 */
export type SupportLevel = "native" | "weight-only" | "unsupported";

export interface FormatSupport {
  level: SupportLevel;
  reason: string;
}

/** Architecture families, from the catalog's free-text `architecture` and vendor. */
export const ARCH_FAMILIES = [
  "pascal",
  "volta",
  "turing",
  "ampere",
  "ada",
  "hopper",
  "blackwell",
  "cdna1",
  "cdna2",
  "cdna3",
  "cdna4",
  "rdna2",
  "rdna3",
  "rdna4",
  "apple",
  "intel-xe",
  "gaudi",
  "other",
] as const;
export type ArchFamily = (typeof ARCH_FAMILIES)[number];

/**
 * The family of a catalog architecture string: "Ada Lovelace" → ada, "CDNA 3" → cdna3,
 * "RDNA 3.5" → rdna3, "Apple M4-family GPU (3 nm)" → apple, "Xe2-HPG (Battlemage)" → intel-xe.
 */
const familyCache = new Map<string, Map<string, ArchFamily>>();

export function archFamily(architecture: string, vendor?: string): ArchFamily {
  // Called for every GPU recommend() scores; a catalog has a few dozen architecture names. By
  // vendor, then architecture: the catalog's own strings keep their hashes, a joined key would not.
  let byArchitecture = familyCache.get(vendor ?? "");
  if (!byArchitecture) familyCache.set(vendor ?? "", (byArchitecture = new Map()));
  let family = byArchitecture.get(architecture);
  if (family === undefined) {
    family = readArchFamily(architecture, vendor);
    byArchitecture.set(architecture, family);
  }
  return family;
}

function readArchFamily(architecture: string, vendor?: string): ArchFamily {
  const a = architecture.toLowerCase();
  if (vendor === "apple" || a.startsWith("apple")) return "apple";
  if (a.includes("gaudi")) return "gaudi";
  if (/\bxe/.test(a)) return "intel-xe";
  const cdna = /cdna\s*(\d)?/.exec(a);
  if (cdna) return cdna[1] ? (`cdna${Math.min(4, Number(cdna[1]))}` as ArchFamily) : "cdna1";
  const rdna = /rdna\s*(\d)/.exec(a);
  if (rdna) return `rdna${Math.min(4, Math.max(2, Number(rdna[1])))}` as ArchFamily;
  for (const family of ["pascal", "volta", "turing", "ampere", "hopper", "blackwell"] as const) if (a.includes(family)) return family;
  if (a.includes("ada")) return "ada";
  return "other";
}

/** Families whose matrix units multiply each format (vendor architecture whitepapers, cited in docs/precisions.md). */
const FP8_MATH: readonly ArchFamily[] = ["ada", "hopper", "blackwell", "cdna3", "cdna4", "rdna4", "gaudi"];
const MXFP4_MATH: readonly ArchFamily[] = ["blackwell", "cdna4"];
const NVFP4_MATH: readonly ArchFamily[] = ["blackwell"];
const NVIDIA: readonly ArchFamily[] = ["pascal", "volta", "turing", "ampere", "ada", "hopper", "blackwell"];

const LABEL: Partial<Record<Precision, string>> = { fp8: "FP8", mxfp4: "MXFP4", nvfp4: "NVFP4" };

const native = (format: string, arch: string): FormatSupport => ({
  level: "native",
  reason:
    format === "FP8"
      ? `${arch} multiplies FP8 in its matrix units.`
      : `${arch} multiplies ${format} in its matrix units; the catalog lists no FP4 peak, so compute is counted at the FP8 rate (FP4 is up to twice that).`,
});
const weightOnly = (format: string, why: string): FormatSupport => ({
  level: "weight-only",
  reason: `${why}: ${format} weights are widened to 16 bit before each multiply, so memory is saved but compute runs at the 16-bit rate.`,
});
const unsupported = (reason: string): FormatSupport => ({ level: "unsupported", reason });

/**
 * The support verdict for `precision` on a GPU family with an engine. Formats outside the table
 * (16/32-bit floats, int8, int4, GGUF) keep their existing treatment and answer "native" here,
 * except the weight-only quantizations, which answer "weight-only" with an empty reason.
 *
 * Example: formatSupport("mxfp4", "hopper", "vllm") → weight-only (H100 has FP8 but no FP4 math).
 */
export function formatSupport(precision: Precision, family: ArchFamily, engine: Engine): FormatSupport {
  const format = LABEL[precision];
  if (!format) {
    const weightOnlyFormat = precision === "int4" || precision.startsWith("q");
    return { level: weightOnlyFormat ? "weight-only" : "native", reason: "" };
  }
  const archName = ARCH_LABEL[family];
  const math = precision === "fp8" ? FP8_MATH : precision === "mxfp4" ? MXFP4_MATH : NVFP4_MATH;
  const hasMath = math.includes(family);
  const nvidia = NVIDIA.includes(family);

  switch (engine) {
    case "exllamav2":
    case "autoawq":
    case "mlc":
      return unsupported(`${ENGINE_LABEL[engine]} loads its own integer formats (${ENGINE_FORMATS[engine]}), not ${format} checkpoints.`);
    case "llama.cpp":
      // ggml types: MXFP4 came with gpt-oss (llama.cpp PR #15091), NVFP4 later (PR #19769); there is no FP8 type.
      if (precision === "fp8") return unsupported("llama.cpp has no FP8 weight type; use GGUF Q8_0 (8.5 bits) instead.");
      return weightOnly(format, `llama.cpp stores GGUF ${format} and dequantizes it in its own kernels`);
    case "mlx":
      // MLX quantizes to affine int, mxfp4 (since 0.29) and nvfp4/mxfp8 modes, computed in its own
      // dequantizing matmuls; Apple GPUs have no FP8 or FP4 math.
      if (precision === "fp8") return unsupported("MLX has no FP8 weight format; use an MLX 8-bit or 4-bit quantization.");
      if (family !== "apple") return unsupported("MLX runs on Apple silicon only.");
      return weightOnly(format, "Apple GPUs have no 4-bit float math; MLX dequantizes in its kernels");
    case "tensorrt-llm":
      if (!nvidia) return unsupported("TensorRT-LLM runs on NVIDIA GPUs only.");
      if (hasMath) return native(format, archName);
      if (precision === "mxfp4" && family === "hopper") return weightOnly(format, "TensorRT-LLM runs MXFP4 MoE weights on Hopper with 16-bit (or FP8) activations");
      return unsupported(`TensorRT-LLM needs ${precision === "fp8" ? "Ada, Hopper or Blackwell" : "Blackwell"} for ${format}.`);
    case "vllm":
    case "sglang":
      // SGLang has the same kernel families (FP8 W8A8, Marlin weight-only fallbacks for FP8/FP4).
      if (hasMath) return native(format, archName);
      if (precision === "fp8") {
        if (nvidia && family !== "pascal" && family !== "volta") return weightOnly(format, `${ENGINE_LABEL[engine]} runs FP8 checkpoints on ${archName} with FP8 Marlin (W8A16)`);
        return unsupported(`${ENGINE_LABEL[engine]} runs FP8 only on NVIDIA Turing or newer and AMD MI300 (CDNA 3) or newer; ${archName} has neither FP8 math nor a weight-only FP8 kernel.`);
      }
      if (precision === "mxfp4") {
        if ((nvidia && family !== "pascal" && family !== "volta" && family !== "turing") || family === "cdna3")
          return weightOnly(format, `${ENGINE_LABEL[engine]} runs MXFP4 (gpt-oss) on ${archName} with dequantizing kernels`);
        return unsupported(`${ENGINE_LABEL[engine]}'s MXFP4 kernels need NVIDIA Ampere or newer, or AMD MI300 or newer; ${archName} has neither.`);
      }
      if (nvidia && family !== "pascal" && family !== "volta" && family !== "turing") return weightOnly(format, `${ENGINE_LABEL[engine]} runs NVFP4 on ${archName} with FP4 Marlin (W4A16)`);
      return unsupported(`${ENGINE_LABEL[engine]} runs NVFP4 only on NVIDIA Ampere or newer; ${archName} is not supported.`);
    case "pytorch":
    case "transformers":
      if (hasMath) return native(format, archName);
      if (family === "apple") return unsupported(`PyTorch's MPS backend has no ${format} tensors; use MLX or llama.cpp on Apple silicon.`);
      if (family === "other") return unsupported(`no known PyTorch kernels for ${format} on this architecture.`);
      return weightOnly(format, `${archName} has no ${format} matrix math; ${ENGINE_LABEL[engine]} keeps the weights in ${format} and upcasts them`);
  }
}

const ENGINE_LABEL: Record<Engine, string> = {
  "llama.cpp": "llama.cpp",
  vllm: "vLLM",
  sglang: "SGLang",
  pytorch: "PyTorch",
  transformers: "Transformers",
  "tensorrt-llm": "TensorRT-LLM",
  mlx: "MLX",
  exllamav2: "ExLlamaV2",
  mlc: "MLC LLM",
  autoawq: "AutoAWQ",
};
const ENGINE_FORMATS: Record<"exllamav2" | "autoawq" | "mlc", string> = {
  exllamav2: "EXL2, GPTQ",
  autoawq: "AWQ INT4",
  mlc: "q4f16, q0f16 and similar",
};

const ARCH_LABEL: Record<ArchFamily, string> = {
  pascal: "Pascal",
  volta: "Volta",
  turing: "Turing",
  ampere: "Ampere",
  ada: "Ada Lovelace",
  hopper: "Hopper",
  blackwell: "Blackwell",
  cdna1: "CDNA",
  cdna2: "CDNA 2",
  cdna3: "CDNA 3",
  cdna4: "CDNA 4",
  rdna2: "RDNA 2",
  rdna3: "RDNA 3",
  rdna4: "RDNA 4",
  apple: "Apple silicon",
  "intel-xe": "Intel Xe",
  gaudi: "Gaudi",
  other: "this architecture",
};

/** The formats the table decides; the others keep their existing treatment. */
export const SUPPORT_FORMATS = ["fp8", "mxfp4", "nvfp4"] as const satisfies readonly Precision[];

/**
 * The precision whose matrix peak (lib/model/hardware.ts matmulPeak) a run at `precision` uses:
 * native FP8 at the FP8 rate, native FP4 at the FP8 rate too (no FP4 figure in the catalog: errs
 * slow), weight-only FP8/FP4 at the 16-bit rate. Formats outside the table are unchanged.
 */
export function computePrecision(precision: Precision, support: FormatSupport): Precision {
  if (!(SUPPORT_FORMATS as readonly Precision[]).includes(precision)) return precision;
  return support.level === "native" ? "fp8" : "fp16";
}
