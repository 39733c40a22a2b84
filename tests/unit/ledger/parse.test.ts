import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectFormat, LedgerParseError, parseLlamaBenchJson, parseLlamaBenchMarkdown, parsePaste, parseVllmBench, precisionOfGgufType } from "@/lib/ledger/parse";

// Verbatim outputs from llama.cpp's and vLLM's documentation (tests/fixtures/ledger/README.md).
const sample = (name: string) => readFileSync(path.join(__dirname, "../../fixtures/ledger", name), "utf8");

describe("llama-bench markdown", () => {
  it("reads the README's pp512 and tg128 rows as prefill and decode", () => {
    const runs = parseLlamaBenchMarkdown(sample("llama-bench-readme-md.txt"));
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ metric: "prefillTokensPerSecond", value: 2368.8, promptTokens: 512, outputTokens: 0, precision: "q4_0", parameters: 6.74e9, backend: "CUDA", line: 3 });
    expect(runs[1]).toMatchObject({ metric: "decodeTokensPerSecond", value: 131.42, promptTokens: 0, outputTokens: 128, line: 4 });
  });

  it("reads test names without a space and with a prefilled depth", () => {
    const runs = parseLlamaBenchMarkdown(sample("llama-bench-readme-depth.txt"));
    expect(runs.map((r) => [r.metric, r.value, r.depthTokens])).toEqual([
      ["prefillTokensPerSecond", 7340.2, 0],
      ["decodeTokensPerSecond", 120.6, 0],
      ["prefillTokensPerSecond", 6425.91, 512],
      ["decodeTokensPerSecond", 116.71, 512],
    ]);
    expect(runs[0].precision).toBe("q4_k_m");
  });

  it("takes the GPU and build from the lines llama-bench prints around the table", () => {
    const text = [
      "ggml_cuda_init: found 1 CUDA devices:",
      "  Device 0: NVIDIA GeForce RTX 4090, compute capability 8.9, VMM: yes",
      sample("llama-bench-readme-md.txt"),
      "",
      "build: 8cf427ff (5163)",
    ].join("\n");
    const runs = parseLlamaBenchMarkdown(text);
    expect(runs[0].gpuName).toBe("NVIDIA GeForce RTX 4090");
    expect(runs[0].engineVersion).toBe("b5163 (8cf427ff)");
    expect(runs[0].line).toBe(5);
  });

  it("names the line of an unreadable row", () => {
    const broken = sample("llama-bench-readme-md.txt").replace("131.42 ± 0.59", "fast");
    expect(() => parseLlamaBenchMarkdown(broken)).toThrow(/^line 4: unreadable t\/s "fast"/);
  });

  it("refuses quantizations the advisor does not model, by name", () => {
    const iq = sample("llama-bench-readme-md.txt").replaceAll("mostly Q4_0", "IQ2_XXS - 2.0625 bpw");
    expect(() => parseLlamaBenchMarkdown(iq)).toThrow(/line 3: quantization IQ2_XXS/);
  });
});

describe("llama-bench JSON", () => {
  it("reads the README's -o json output with GPU, build and parameter count", () => {
    const runs = parseLlamaBenchJson(sample("llama-bench-readme.json"));
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ gpuName: "NVIDIA GeForce RTX 4080", engineVersion: "b5163 (8cf427ff)", precision: "q4_k_m", metric: "prefillTokensPerSecond", value: 7100.002165, promptTokens: 512, parameters: 7615616512, line: 2 });
    expect(runs[1]).toMatchObject({ metric: "decodeTokensPerSecond", value: 118.881588, outputTokens: 128 });
    expect(runs[1].line).toBeGreaterThan(runs[0].line);
  });

  it("reads -o jsonl, one object per line", () => {
    const objects = JSON.parse(sample("llama-bench-readme.json")) as unknown[];
    const runs = parseLlamaBenchJson(objects.map((o) => JSON.stringify(o)).join("\n"));
    expect(runs.map((r) => r.line)).toEqual([1, 2]);
  });

  it("says which object lacks avg_ts", () => {
    expect(() => parseLlamaBenchJson('{"model_type":"llama 7B Q4_0","avg_ts":12}\n{"model_type":"llama 7B Q4_0"}')).toThrow(/^line 2: a llama-bench result needs model_type and avg_ts/);
  });
});

describe("vllm bench serve", () => {
  it("reads output throughput and mean lengths from the docs' example", () => {
    const [run] = parseVllmBench(sample("vllm-bench-serve-docs.txt"));
    // 1369 input and 2212 generated tokens over 10 requests.
    expect(run).toMatchObject({ engine: "vllm", metric: "throughputTokensPerSecond", value: 382.89, promptTokens: 137, outputTokens: 221, concurrency: 10, line: 7 });
  });

  it("names what is missing", () => {
    const cut = sample("vllm-bench-serve-docs.txt").replace(/Output token throughput.*\n/, "");
    expect(() => parseVllmBench(cut)).toThrow(/Output token throughput/);
  });
});

describe("detecting the format", () => {
  it("tells the three outputs apart and refuses anything else with a message", () => {
    expect(detectFormat(sample("llama-bench-readme-md.txt"))).toBe("llama-bench-md");
    expect(detectFormat(sample("llama-bench-readme.json"))).toBe("llama-bench-json");
    expect(detectFormat(sample("vllm-bench-serve-docs.txt"))).toBe("vllm-bench");
    expect(() => parsePaste("hello")).toThrow(LedgerParseError);
  });

  it("maps GGUF type names as llama.cpp prints them", () => {
    expect(precisionOfGgufType("llama 8B Q5_K - Medium")).toEqual({ precision: "q5_k_m" });
    expect(precisionOfGgufType("llama 8B Q6_K")).toEqual({ precision: "q6_k" });
    expect(precisionOfGgufType("llama 8B BF16")).toEqual({ precision: "bf16" });
    expect(precisionOfGgufType("llama 7B F16")).toEqual({ precision: "fp16" });
    expect(precisionOfGgufType("llama 7B mostly Q8_0")).toEqual({ precision: "q8_0" });
  });
});
