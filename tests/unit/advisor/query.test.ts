import { describe, expect, it } from "vitest";
import { paramsFromValues, valuesFromParams } from "@/lib/advisor/form";
import { parseAdvisorQuery, toAdvisorQuery, type ParsedQuery } from "@/lib/advisor/query";
import type { RecommendationRequest } from "@/lib/api/schemas";
import { resolveWorkload } from "@/lib/workload/resolve";

const parse = (query: string) => parseAdvisorQuery(new URLSearchParams(query));
function ok(result: ParsedQuery) {
  if (!result.ok) throw new Error(`expected a valid query, got ${JSON.stringify(result.errors)}`);
  return result;
}
function errors(result: ParsedQuery) {
  if (result.ok) throw new Error("expected errors");
  return Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
}

describe("parseAdvisorQuery", () => {
  it("reads a desktop chat question into a full request with defaults applied", () => {
    const { request, calibrations } = ok(parse("model=llama-3.1-8b&precision=q4_k_m&mode=buy&budgetUsd=2000&formFactors=desktop"));
    expect(request.workload).toMatchObject({ task: "inference", model: "llama-3.1-8b", precision: "q4_k_m", batchSize: 1, promptTokens: 512, outputTokens: 256 });
    expect(request.constraints).toEqual({ mode: "buy", budgetUsd: 2000, formFactors: ["desktop"], maxGpus: 8, electricityUsdPerKWh: 0.15 });
    expect(request.objective).toBe("value");
    expect(calibrations).toEqual({});
  });

  it("reads a custom model from its size in billions, and lists from commas or repeated keys", () => {
    const { request } = ok(parse("model=custom&paramsB=7.5&layers=32&kvHeads=8&vendors=nvidia,amd&formFactors=cloud&formFactors=server"));
    expect(request.workload.model).toEqual({ parameters: 7_500_000_000, layers: 32, kvHeads: 8 });
    expect(request.constraints.vendors).toEqual(["nvidia", "amd"]);
    expect(request.constraints.formFactors).toEqual(["cloud", "server"]);
  });

  it("lets a LoRA fine-tune turn checkpointing off, though the recipes' default is on", () => {
    const off = ok(parse("task=finetune&model=llama-3.1-8b&method=lora&gradientCheckpointing=false"));
    expect(resolveWorkload(off.request.workload).gradientCheckpointing).toBe(false);
    const automatic = ok(parse("task=finetune&model=llama-3.1-8b&method=lora"));
    expect(automatic.request.workload.gradientCheckpointing).toBeUndefined();
    expect(resolveWorkload(automatic.request.workload).gradientCheckpointing).toBe(true);
  });

  it("reads a QLoRA fine-tune with advanced options and a benchmark calibration", () => {
    const { request, calibrations } = ok(
      parse("task=finetune&model=llama-3.1-70b&method=qlora&mode=rent&trainingTokens=1e8&gradientCheckpointing=true&zeroStage=2&my=rtx-4090,0.82,0.6"),
    );
    expect(request.workload).toMatchObject({ task: "finetune", method: "qlora", trainingTokens: 100_000_000, gradientCheckpointing: true, zeroStage: 2 });
    expect(calibrations).toEqual({ "rtx-4090": { bandwidthRatio: 0.82, computeRatio: 0.6 } });
    // The request carries them too, so a share link made from it keeps what the page showed.
    expect(request.calibrations).toEqual(calibrations);
    expect(ok(parse("model=gpt2")).request.calibrations).toBeUndefined();
    const nine = Array.from({ length: 9 }, (_, i) => `my=gpu-${i},0.9`).join("&");
    expect(errors(parse(`model=gpt2&${nine}`)).my).toMatch(/at most 8/);
  });

  it("ignores architecture fields unless the model is custom, and ignores unknown parameters", () => {
    const { request } = ok(parse("model=gpt2&layers=99&utm_source=mail"));
    expect(request.workload.model).toBe("gpt2");
  });

  it("names every bad parameter with a message in words", () => {
    const e = errors(parse("model=nope&batchSize=abc&precision=int3&maxGpus=9&vendors=nvidia,foo&gradientCheckpointing=maybe&zeroStage=5&my=rtx-4090"));
    expect(e.batchSize).toBe('must be a number (got "abc")');
    expect(e.precision).toMatch(/^must be one of: fp32, fp16, bf16/);
    expect(e.maxGpus).toBe("must be at most 8");
    expect(e.vendors).toBe("must be one of: nvidia, amd, apple, intel");
    expect(e.gradientCheckpointing).toBe('must be "true" or "false"');
    expect(e.zeroStage).toBe("must be 0, 1, 2 or 3");
    expect(e.model).toMatch(/not a model we know/);
    expect(e.my).toMatch(/ratio/);
  });

  it("rejects out-of-range and fractional counts naming the field", () => {
    const e = errors(parse("model=gpt2&batchSize=0&promptTokens=1.5&budgetUsd=-5"));
    expect(e.batchSize).toBe("must be more than 0");
    expect(e.promptTokens).toBe("must be a whole number");
    expect(e.budgetUsd).toBe("must be more than 0");
  });

  it("asks for a model, and for the size of a custom one", () => {
    expect(errors(parse(""))).toHaveProperty("model");
    expect(errors(parse("model=custom"))).toEqual({ paramsB: "a custom model needs its parameter count (in billions)" });
  });
});

describe("toAdvisorQuery", () => {
  const roundTrip = (request: RecommendationRequest) => ok(parseAdvisorQuery(toAdvisorQuery(request))).request;

  it("writes only what differs from the defaults", () => {
    const { request } = ok(parse("model=llama-3.1-8b&precision=q4_k_m&mode=buy&budgetUsd=2000&formFactors=desktop&batchSize=1"));
    expect(toAdvisorQuery(request).toString()).toBe("model=llama-3.1-8b&precision=q4_k_m&mode=buy&budgetUsd=2000&formFactors=desktop");
  });

  it("round-trips presets, custom models, lists, booleans and calibrations", () => {
    const queries = [
      "model=llama-3.1-8b",
      "task=finetune&model=llama-3.1-70b&method=qlora&mode=rent&budgetUsdPerHour=12.5&objective=fastest",
      "task=training&model=custom&paramsB=1.3&modelName=Mine&layers=24&hiddenSize=2048&trainingTokens=2.6e10&sequenceLength=4096&batchSize=64&zeroStage=0&optimizer=adamw-8bit",
      "model=mixtral-8x7b&vendors=amd,nvidia&formFactors=server,cloud&maxGpus=4&electricityUsdPerKWh=0.32&engine=vllm&parallelism=tensor&targetTokensPerSecond=30",
      "task=finetune&model=gemma-2-9b&gradientCheckpointing=true&loraRank=64&maxHours=10",
      "model=llama-3.1-8b&precision=q4_k_m&engine=llama.cpp&backend=vulkan&vendors=amd",
      "task=training&model=resnet-50&precision=fp16&batchSize=256&memoryFormat=nhwc",
    ];
    for (const query of queries) {
      const first = ok(parse(query)).request;
      expect(roundTrip(first), query).toEqual(first);
    }
    const withMy = ok(parse("model=gpt2&my=rtx-4090,0.9,0.7"));
    expect(ok(parseAdvisorQuery(toAdvisorQuery(withMy.request, withMy.calibrations))).calibrations).toEqual({ "rtx-4090": { bandwidthRatio: 0.9, computeRatio: 0.7 } });
  });

  it("keeps a 8,030,261,248-parameter custom model exact through billions", () => {
    const request = ok(parse("model=custom&paramsB=8.030261248")).request;
    expect(request.workload.model).toEqual({ parameters: 8_030_261_248 });
    expect(roundTrip(request).workload.model).toEqual({ parameters: 8_030_261_248 });
  });
});

describe("the questionnaire's form values", () => {
  it("fill defaults for a bare URL and write back only the model", () => {
    const values = valuesFromParams(new URLSearchParams(""));
    expect(values).toMatchObject({ model: "llama-3.1-8b", task: "inference", batchSize: "1", promptTokens: "512", mode: "any", maxGpus: "8", objective: "value" });
    expect(paramsFromValues(values).toString()).toBe("model=llama-3.1-8b");
  });

  it("drop emptied boxes and architecture fields of a preset model", () => {
    const values = { ...valuesFromParams(new URLSearchParams("model=gpt2")), batchSize: "", budgetUsd: " 1500 ", layers: "12" };
    expect(paramsFromValues(values).toString()).toBe("model=gpt2&budgetUsd=1500");
  });
});
