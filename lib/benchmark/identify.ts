/**
 * Identifies the visitor's GPU from what the browser reports (WebGL's unmasked renderer string,
 * WebGPU's adapter info) and matches it to a catalog GPU. Pure: the caller reads the strings.
 *
 * Renderer strings come in a few shapes:
 *   Chrome/Edge on Windows  "ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 (0x00002684) Direct3D11 vs_5_0 ps_5_0, D3D11)"
 *   Chrome on macOS         "ANGLE (Apple, ANGLE Metal Renderer: Apple M2 Pro, Unspecified Version)"
 *   Chrome on Linux         "ANGLE (NVIDIA Corporation, NVIDIA GeForce RTX 3090/PCIe/SSE2, OpenGL 4.5.0 NVIDIA 535.183.01)"
 *   Firefox on Linux        "NVIDIA GeForce RTX 3090/PCIe/SSE2"
 *   Mesa                    "AMD Radeon RX 7900 XTX (radeonsi, navi31, LLVM 17.0.6, DRM 3.57, 6.8.0)"
 *   Firefox (binned)        "NVIDIA GeForce GTX 980, or similar"
 *   Software                "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)"
 */

export interface WebGpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

export interface GpuIdentity {
  /** WEBGL_debug_renderer_info's UNMASKED_RENDERER_WEBGL (or the masked RENDERER). */
  renderer: string | null;
  /** UNMASKED_VENDOR_WEBGL. */
  vendor?: string | null;
  webgpu?: WebGpuAdapterInfo | null;
}

export interface CatalogName {
  slug: string;
  name: string;
}

export interface GpuMatch {
  slug: string | null;
  /** 1: the renderer names exactly one catalog GPU; lower when it leaves a choice (memory size, Apple core count). */
  confidence: number;
  reason: string;
  /** A software renderer (SwiftShader, llvmpipe, WARP) or a WebGPU fallback adapter: no hardware GPU found. */
  software: boolean;
  /** The model name read from the renderer, cleaned ("NVIDIA GeForce RTX 4090"); null when there is none. */
  model: string | null;
  /** Other catalog GPUs the renderer fits equally well (Apple core counts, memory sizes). */
  alternatives: string[];
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|lavapipe|microsoft basic render|basic render driver|software rasterizer|\bwarp\b/i;

/** True when the reported GPU is a software renderer or a WebGPU fallback adapter. */
export function isSoftwareRenderer(identity: GpuIdentity): boolean {
  const { renderer, webgpu } = identity;
  if (renderer && SOFTWARE.test(renderer)) return true;
  if (webgpu && (webgpu.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe/i.test(`${webgpu.architecture ?? ""} ${webgpu.description ?? ""}`))) {
    // A fallback WebGPU adapter alone does not rule out a hardware WebGL renderer.
    return !renderer || SOFTWARE.test(renderer);
  }
  return false;
}

/**
 * The model name inside a renderer string: ANGLE's wrapper, Direct3D/OpenGL suffixes, PCI ids,
 * Mesa's driver details and trademark marks removed.
 * modelName("ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 (0x00002684) Direct3D11 vs_5_0 ps_5_0, D3D11)") = "NVIDIA GeForce RTX 4090"
 */
export function modelName(renderer: string): string {
  let text = renderer.trim();
  const angle = /^ANGLE \((.*)\)$/s.exec(text);
  if (angle) {
    const parts = splitTopLevel(angle[1]);
    // ANGLE (vendor, renderer, backend): the middle part names the GPU.
    text = parts.length >= 2 ? parts[1] : parts[0];
    const vulkan = /^Vulkan [\d.]+ \((.*)\)$/.exec(text);
    if (vulkan) text = vulkan[1];
    text = text.replace(/^ANGLE Metal Renderer:\s*/i, "");
  }
  return text
    .replace(/,\s*or similar$/i, "")
    .replace(/\s*\(0x[0-9a-f]+\)/gi, "")
    .replace(/\s+Direct3D\d*.*$/i, "")
    .replace(/\/PCIe\/SSE2$|\/SSE2$|\/PCIe$/i, "")
    .replace(/\s*\((?:[^()]*\b(?:radeonsi|LLVM|DRM|navi\d*|gfx\d+)\b[^()]*)\)/gi, "")
    .replace(/\s*\((?:DG\d|ADL-[A-Z]+|TGL GT\d|RPL-[A-Z]+)\)/gi, "")
    .replace(/^Mesa\s+/i, "")
    .replace(/\((?:TM|R)\)|™|®/gi, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Splits "a, b (c, d), e" at commas outside parentheses: ["a", "b (c, d)", "e"]. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else current += char;
  }
  parts.push(current.trim());
  return parts;
}

// Words that name a vendor or brand, not a model: "NVIDIA GeForce RTX 4090" and "RTX 4090" are one GPU.
const BRAND_WORDS = new Set([
  "nvidia", "geforce", "amd", "ati", "radeon", "intel", "apple", "graphics", "gpu", "corporation", "inc",
  "generation", "edition", "workstation", "tesla", "instinct", "series", "tm", "r",
]);
// Qualifiers a renderer string usually leaves out: memory size, memory type, form factor.
const QUALIFIER = /^(\d+gb|hbm\d?e?|gddr\d+x?|pcie|sxm\d?|nvl|\d+c|core)$/;

interface Tokens {
  model: string[];
  qualifiers: string[];
}

/** Model tokens and qualifiers: tokens("GeForce RTX 3060 12GB") = {model: ["rtx", "3060"], qualifiers: ["12gb"]}. */
export function tokens(name: string): Tokens {
  const words = name
    .toLowerCase()
    .replace(/\((\d+)-core gpu\)/g, " $1c ")
    .replace(/\((?:tm|r)\)|™|®/g, " ")
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !BRAND_WORDS.has(w));
  return { model: words.filter((w) => !QUALIFIER.test(w)), qualifiers: words.filter((w) => QUALIFIER.test(w)) };
}

const sameModel = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join(" ") === [...b].sort().join(" ");
const coreCount = (slug: string) => Number(/-(\d+)c$/.exec(slug)?.[1] ?? 0);

/** Matches the browser-reported GPU to a catalog GPU: {slug | null, confidence 0..1, reason}. */
export function matchGpu(identity: GpuIdentity, catalog: readonly CatalogName[]): GpuMatch {
  const none = (reason: string, model: string | null, software = false): GpuMatch => ({ slug: null, confidence: 0, reason, software, model, alternatives: [] });
  if (isSoftwareRenderer(identity)) {
    return none("No hardware GPU found: the browser is rendering in software (" + (identity.renderer ?? "WebGPU fallback adapter") + ").", null, true);
  }
  const raw = identity.renderer?.trim() || identity.webgpu?.description?.trim() || "";
  if (!raw) return none("The browser does not reveal the GPU's name.", null);
  if (/^(apple gpu|webkit webgl)$/i.test(raw)) return none("The browser hides the GPU model (Safari reports only \"Apple GPU\"); pick yours from the list.", null);
  const model = modelName(raw);
  const wanted = tokens(model);
  if (wanted.model.length === 0) return none(`"${model}" names no specific model; pick yours from the list.`, model);
  if (/\b(laptop|mobile|max-q)\b/i.test(model)) {
    return none(`"${model}" is a laptop GPU; the catalog lists desktop and data-center cards only. Pick the closest from the list.`, model);
  }
  const binned = /,\s*or similar$/i.test(raw);
  const candidates = catalog.filter((gpu) => sameModel(tokens(gpu.name).model, wanted.model));
  if (candidates.length === 0) return none(`"${model}" is not in the catalog; pick the closest GPU from the list.`, model);

  // Prefer the candidate whose qualifiers (memory size, form factor) the renderer also names.
  const exact = candidates.filter((gpu) => sameModel(tokens(gpu.name).qualifiers, wanted.qualifiers));
  let chosen: CatalogName;
  let confidence: number;
  let reason: string;
  if (candidates.length === 1 && exact.length === 1) {
    chosen = candidates[0];
    confidence = 1;
    reason = `The renderer names the ${chosen.name}.`;
  } else if (candidates.length === 1) {
    chosen = candidates[0];
    confidence = 0.8;
    reason = `The renderer names the ${model} without its memory size or form factor; the catalog lists it as the ${chosen.name}.`;
  } else if (exact.length === 1) {
    chosen = exact[0];
    confidence = 0.9;
    reason = `The renderer names the ${chosen.name}.`;
  } else {
    // Apple renderers never give the GPU core count: take the full-core variant, the one with published peaks.
    const ranked = [...candidates].sort((a, b) => coreCount(b.slug) - coreCount(a.slug) || a.slug.localeCompare(b.slug));
    chosen = ranked[0];
    confidence = 0.5;
    reason = candidates.some((gpu) => coreCount(gpu.slug) > 0)
      ? `"${model}" comes with several GPU core counts and the browser does not say which; assumed the ${chosen.name}. Pick yours if it differs.`
      : `"${model}" fits ${candidates.length} catalog GPUs; assumed the ${chosen.name}. Pick yours if it differs.`;
  }
  if (binned) {
    confidence = Math.min(confidence, 0.5) / 2;
    reason += " Firefox reports a representative model (\"or similar\"), not necessarily yours.";
  }
  return {
    slug: chosen.slug,
    confidence,
    reason,
    software: false,
    model,
    alternatives: candidates.filter((gpu) => gpu.slug !== chosen.slug).map((gpu) => gpu.slug),
  };
}
