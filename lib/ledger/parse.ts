/**
 * Readers for the benchmark outputs people already have: llama-bench's markdown table and its
 * `-o json` / `-o jsonl` output (tools/llama-bench/README.md in ggml-org/llama.cpp), and the
 * "Serving Benchmark Result" block printed by `vllm bench serve` / benchmarks/benchmark_serving.py
 * (docs/benchmarking/cli.md in vllm-project/vllm). Pure: text in, rows or a message naming the
 * line out. Matching GPUs and models to the catalog happens in lib/ledger/match.ts.
 */
import type { Precision } from "../workload/schema";

export type LedgerMetric = "decodeTokensPerSecond" | "prefillTokensPerSecond" | "throughputTokensPerSecond";

/** One measured figure read from a pasted output, before it is matched to the catalog. */
export interface ParsedRun {
  /** 1-based line of the pasted text the figure came from (JSON: the line the object starts on). */
  line: number;
  engine: "llama.cpp" | "vllm";
  engineVersion: string | null;
  /** GPU name as the tool printed it ("NVIDIA GeForce RTX 4090"), when it did. */
  gpuName: string | null;
  /** Model as the tool described it ("llama 8B Q4_K - Medium", a Hub id, a file name). */
  modelLabel: string | null;
  /** Parameter count the tool printed (llama-bench), for matching a preset. */
  parameters: number | null;
  precision: Precision | null;
  metric: LedgerMetric;
  value: number;
  promptTokens: number;
  outputTokens: number;
  /** KV-cache depth the test started from (llama-bench -d). */
  depthTokens: number;
  /** Concurrent sequences (vLLM max concurrency; 1 for llama-bench). */
  concurrency: number;
  backend: string | null;
}

export class LedgerParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "LedgerParseError";
  }
}

export type PasteFormat = "llama-bench-md" | "llama-bench-json" | "vllm-bench";

/**
 * GGUF type names as llama.cpp prints them in model_type ("Q4_K - Medium", "mostly Q4_0", "F16")
 * mapped to the advisor's precisions. Types the advisor does not model (IQ*, Q2_K, Q3_K …) are
 * refused by name rather than guessed.
 */
const GGUF_TYPES: ReadonlyArray<[RegExp, Precision]> = [
  [/\bq4_k(?: - medium|_m)\b/i, "q4_k_m"],
  [/\bq5_k(?: - medium|_m)\b/i, "q5_k_m"],
  [/\bq6_k\b/i, "q6_k"],
  [/\bq8_0\b/i, "q8_0"],
  [/\bq4_0\b/i, "q4_0"],
  [/\bbf16\b/i, "bf16"],
  [/\bf16\b/i, "fp16"],
  [/\bf32\b/i, "fp32"],
];
const GGUF_UNMODELLED = /\b(i?q\d(?:_[a-z0-9]+)*(?: - [a-z]+)?|tq\d_\d|mxfp4)\b/i;

/** precisionOfGgufType("qwen2 7B Q4_K - Medium") → "q4_k_m"; unmodelled types → their name as an error. */
export function precisionOfGgufType(modelType: string): { precision: Precision } | { unknown: string } | null {
  for (const [pattern, precision] of GGUF_TYPES) if (pattern.test(modelType)) return { precision };
  const other = GGUF_UNMODELLED.exec(modelType);
  return other ? { unknown: other[1] } : null;
}

/** "6.74 B" → 6.74e9; "494.03 M" → 4.9403e8. */
function parameterCount(text: string): number | null {
  const m = /^([\d.]+)\s*([KMBT])$/i.exec(text.trim());
  if (!m) return null;
  const scale = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[m[2].toUpperCase() as "K" | "M" | "B" | "T"];
  return Number(m[1]) * scale;
}

/** A llama-bench test name: "pp 512", "pp512", "tg128", "tg128 @ d512", "pp512+tg128". */
function readTest(test: string): { prompt: number; gen: number; depth: number } | null {
  const m = /^(pp|tg|pg)\s*(\d+)(?:\s*\+\s*tg\s*(\d+))?(?:\s*@\s*d\s*(\d+))?$/i.exec(test.trim());
  if (!m) return null;
  const kind = m[1].toLowerCase();
  const n = Number(m[2]);
  const depth = m[4] ? Number(m[4]) : 0;
  if (kind === "pp") return { prompt: n, gen: 0, depth };
  if (kind === "tg") return { prompt: 0, gen: n, depth };
  return { prompt: n, gen: m[3] ? Number(m[3]) : 0, depth };
}

/** Device and build lines llama-bench prints around its table ("Device 0: NVIDIA GeForce RTX 4090, compute capability 8.9", "build: 8cf427ff (5163)"). */
function llamaBenchContext(lines: readonly string[]): { gpuName: string | null; build: string | null } {
  let gpuName: string | null = null;
  let build: string | null = null;
  for (const line of lines) {
    const device = /^\s*Device \d+:\s*([^,]+?)\s*(?:,|$)/.exec(line);
    if (device && !gpuName) gpuName = device[1];
    const b = /^\s*build:\s*([0-9a-f]+)\s*\((\d+)\)/i.exec(line);
    if (b) build = `b${b[2]} (${b[1]})`;
  }
  return { gpuName, build };
}

const splitRow = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((cell) => cell.trim());

function modelFields(modelType: string, line: number): { precision: Precision } {
  const p = precisionOfGgufType(modelType);
  if (p == null) throw new LedgerParseError(line, `cannot tell the quantization from "${modelType}"`);
  if ("unknown" in p) throw new LedgerParseError(line, `quantization ${p.unknown} is not one the advisor models (Q4_0, Q4_K_M, Q5_K_M, Q6_K, Q8_0, F16, BF16, F32)`);
  return p;
}

function rowOf(fields: {
  line: number;
  build: string | null;
  gpuName: string | null;
  modelType: string;
  parameters: number | null;
  backend: string | null;
  test: { prompt: number; gen: number; depth: number };
  tokensPerSecond: number;
}): ParsedRun {
  const { precision } = modelFields(fields.modelType, fields.line);
  if (!(fields.tokensPerSecond > 0) || !Number.isFinite(fields.tokensPerSecond)) throw new LedgerParseError(fields.line, "tokens per second must be a positive number");
  if (fields.test.prompt > 0 && fields.test.gen > 0) throw new LedgerParseError(fields.line, "combined prompt+generation tests (pg) mix two speeds; paste pp and tg tests instead");
  return {
    line: fields.line,
    engine: "llama.cpp",
    engineVersion: fields.build,
    gpuName: fields.gpuName,
    modelLabel: fields.modelType,
    parameters: fields.parameters,
    precision,
    metric: fields.test.gen > 0 ? "decodeTokensPerSecond" : "prefillTokensPerSecond",
    value: fields.tokensPerSecond,
    promptTokens: fields.test.prompt,
    outputTokens: fields.test.gen,
    depthTokens: fields.test.depth,
    concurrency: 1,
    backend: fields.backend,
  };
}

/** llama-bench's markdown table (the default output), with the device/build lines around it when pasted. */
export function parseLlamaBenchMarkdown(text: string): ParsedRun[] {
  const lines = text.split(/\r?\n/);
  const context = llamaBenchContext(lines);
  const headerIndex = lines.findIndex((l) => /^\s*\|\s*model\s*\|/i.test(l));
  if (headerIndex < 0) throw new LedgerParseError(1, "no llama-bench table found (a header row starting with \"| model |\")");
  const header = splitRow(lines[headerIndex]).map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [iModel, iParams, iBackend, iTest, iRate] = [col("model"), col("params"), col("backend"), col("test"), col("t/s")];
  if (iTest < 0 || iRate < 0) throw new LedgerParseError(headerIndex + 1, "the table needs \"test\" and \"t/s\" columns");
  const runs: ParsedRun[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim().startsWith("|")) {
      if (runs.length > 0 || line.trim() === "") continue;
      break;
    }
    if (/^\s*\|[\s:|-]+\|\s*$/.test(line)) continue; // the separator row
    const cells = splitRow(line);
    if (cells.length !== header.length) throw new LedgerParseError(i + 1, `expected ${header.length} columns, found ${cells.length}`);
    const test = readTest(cells[iTest]);
    if (!test) throw new LedgerParseError(i + 1, `unreadable test "${cells[iTest]}" (expected pp512, tg128 or the like)`);
    const rate = /^([\d.]+)(?:\s*±\s*[\d.]+)?$/.exec(cells[iRate]);
    if (!rate) throw new LedgerParseError(i + 1, `unreadable t/s "${cells[iRate]}"`);
    runs.push(
      rowOf({
        line: i + 1,
        build: context.build,
        gpuName: context.gpuName,
        modelType: cells[iModel] ?? "",
        parameters: iParams >= 0 ? parameterCount(cells[iParams]) : null,
        backend: iBackend >= 0 ? cells[iBackend] : null,
        test,
        tokensPerSecond: Number(rate[1]),
      }),
    );
  }
  if (runs.length === 0) throw new LedgerParseError(headerIndex + 2, "the llama-bench table has no result rows");
  return runs;
}

interface LlamaBenchJsonRow {
  build_commit?: string;
  build_number?: number;
  gpu_info?: string;
  backends?: string;
  model_type?: string;
  model_n_params?: number;
  n_prompt?: number;
  n_gen?: number;
  n_depth?: number;
  avg_ts?: number;
}

/** llama-bench `-o json` (an array) or `-o jsonl` (one object per line). */
export function parseLlamaBenchJson(text: string): ParsedRun[] {
  const trimmed = text.trim();
  let objects: Array<{ value: LlamaBenchJsonRow; line: number }>;
  if (trimmed.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new LedgerParseError(1, `not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed)) throw new LedgerParseError(1, "expected an array of llama-bench results");
    // Each object's first line: the n-th line that opens an object at the array's top level.
    const starts = text.split(/\r?\n/).flatMap((l, i) => (/^\s*\{\s*$/.test(l) || /^\s*\[?\s*\{/.test(l) ? [i + 1] : []));
    objects = parsed.map((value, k) => ({ value: value as LlamaBenchJsonRow, line: starts[k] ?? 1 }));
  } else {
    objects = text.split(/\r?\n/).flatMap((l, i) => {
      if (!l.trim()) return [];
      try {
        return [{ value: JSON.parse(l) as LlamaBenchJsonRow, line: i + 1 }];
      } catch {
        throw new LedgerParseError(i + 1, "not a JSON object (llama-bench -o jsonl prints one per line)");
      }
    });
  }
  if (objects.length === 0) throw new LedgerParseError(1, "no llama-bench results in the JSON");
  return objects.map(({ value, line }) => {
    if (!value || typeof value !== "object" || typeof value.avg_ts !== "number" || typeof value.model_type !== "string") {
      throw new LedgerParseError(line, "a llama-bench result needs model_type and avg_ts");
    }
    return rowOf({
      line,
      build: value.build_number != null ? `b${value.build_number}${value.build_commit ? ` (${value.build_commit})` : ""}` : null,
      gpuName: value.gpu_info?.split(",")[0]?.trim() || null,
      modelType: value.model_type,
      parameters: typeof value.model_n_params === "number" ? value.model_n_params : null,
      backend: value.backends ?? null,
      test: { prompt: value.n_prompt ?? 0, gen: value.n_gen ?? 0, depth: value.n_depth ?? 0 },
      tokensPerSecond: value.avg_ts,
    });
  });
}

/**
 * The "Serving Benchmark Result" block of `vllm bench serve`: output-token throughput over all
 * requests, with mean input/output lengths from the totals. Concurrency comes from "Maximum
 * request concurrency" when printed (else the caller must say it).
 */
export function parseVllmBench(text: string): ParsedRun[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /=+\s*Serving Benchmark Result\s*=+/i.test(l));
  if (start < 0) throw new LedgerParseError(1, "no \"Serving Benchmark Result\" block found");
  const field = (label: RegExp): { value: number; line: number } | null => {
    for (let i = start; i < lines.length; i++) {
      const m = new RegExp(`^\\s*(?:#\\s*)?${label.source}\\s*:\\s*([\\d.]+)`, "i").exec(lines[i]);
      if (m) return { value: Number(m[1]), line: i + 1 };
    }
    return null;
  };
  const requests = field(/Successful requests/);
  const input = field(/Total input tokens/);
  const output = field(/Total generated tokens/);
  const throughput = field(/Output token throughput \(tok\/s\)/);
  const concurrency = field(/Maximum request concurrency/);
  if (!throughput) throw new LedgerParseError(start + 1, "missing \"Output token throughput (tok/s)\"");
  if (!requests || requests.value < 1) throw new LedgerParseError(start + 1, "missing \"Successful requests\"");
  if (!input || !output) throw new LedgerParseError(start + 1, "missing \"Total input tokens\" or \"Total generated tokens\"");
  if (!(throughput.value > 0)) throw new LedgerParseError(throughput.line, "output token throughput must be positive");
  const model = /--model[ =](\S+)/.exec(text)?.[1] ?? /model='([^']+)'/.exec(text)?.[1] ?? null;
  return [
    {
      line: throughput.line,
      engine: "vllm",
      engineVersion: /vllm[ =]v?(\d+\.\d+(?:\.\d+)?)/i.exec(text)?.[1] ?? null,
      gpuName: null,
      modelLabel: model,
      parameters: null,
      precision: null,
      metric: "throughputTokensPerSecond",
      value: throughput.value,
      promptTokens: Math.round(input.value / requests.value),
      outputTokens: Math.round(output.value / requests.value),
      depthTokens: 0,
      concurrency: concurrency ? Math.round(concurrency.value) : Math.round(requests.value),
      backend: null,
    },
  ];
}

/** Which tool printed this text. */
export function detectFormat(text: string): PasteFormat | null {
  if (/Serving Benchmark Result/i.test(text)) return "vllm-bench";
  const t = text.trim();
  if ((t.startsWith("[") || t.startsWith("{")) && /"avg_ts"/.test(t)) return "llama-bench-json";
  if (/^\s*\|\s*model\s*\|/im.test(text)) return "llama-bench-md";
  return null;
}

/** Reads a paste in any supported format; the error names the line and what was expected. */
export function parsePaste(text: string, format: PasteFormat | "auto" = "auto"): { format: PasteFormat; runs: ParsedRun[] } {
  const chosen = format === "auto" ? detectFormat(text) : format;
  if (!chosen) {
    throw new LedgerParseError(1, "not a format we read: paste llama-bench's table or -o json output, or the \"Serving Benchmark Result\" block of vllm bench serve");
  }
  const runs = chosen === "vllm-bench" ? parseVllmBench(text) : chosen === "llama-bench-json" ? parseLlamaBenchJson(text) : parseLlamaBenchMarkdown(text);
  return { format: chosen, runs };
}
