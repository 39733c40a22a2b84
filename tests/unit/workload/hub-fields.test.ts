import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { fieldsOf } from "@/components/advisor/HubModelPicker";
import { paramsFromValues, valuesFromParams } from "@/lib/advisor/form";
import { parseAdvisorQuery } from "@/lib/advisor/query";
import { parseHfConfig } from "@/lib/workload/hf-config";

// A Hub lookup or a pasted config.json fills the questionnaire's custom-model fields; the URL they
// make must parse back into the same model through the one workload schema.
describe("a Hugging Face model in the questionnaire", () => {
  it.each(["qwen3-30b-a3b.json", "gpt-oss-120b.json", "kimi-k2.json", "gemma-3-27b.json", "llama-3.1-8b.json"])("%s survives the trip through the URL", (file) => {
    const model = parseHfConfig(JSON.parse(fs.readFileSync(`tests/fixtures/hf-configs/${file}`, "utf8")), "From the Hub");
    const values = { ...valuesFromParams(new URLSearchParams("model=llama-3.1-8b&precision=q4_k_m")), ...fieldsOf(model) };
    const parsed = parseAdvisorQuery(paramsFromValues(values));
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (!parsed.ok) return;
    const back = parsed.request.workload.model as Record<string, unknown>;
    for (const [key, value] of Object.entries(model)) {
      if (typeof value === "number") expect((back[key] as number) / value, key).toBeCloseTo(1, 6);
      else expect(back[key], key).toEqual(value);
    }
    expect(parsed.request.workload.precision).toBe("q4_k_m");
  });

  it("clears the fields a previous model set and this one lacks", () => {
    const moe = fieldsOf(parseHfConfig(JSON.parse(fs.readFileSync("tests/fixtures/hf-configs/qwen3-30b-a3b.json", "utf8"))));
    const dense = fieldsOf(parseHfConfig(JSON.parse(fs.readFileSync("tests/fixtures/hf-configs/llama-3.1-8b.json", "utf8"))));
    expect({ ...moe, ...dense }.experts).toBe("");
  });
});
