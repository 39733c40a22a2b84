import { describe, expect, it } from "vitest";
import { workloadFigures } from "@/lib/advisor/workload-figures";
import type { Catalog } from "@/lib/catalog/types";
import { workloadSchema } from "@/lib/workload/schema";
import { A100_80GB, RTX_4090 } from "../model/fixtures";

const catalog: Catalog = { version: 1, gpus: [A100_80GB, RTX_4090], cloudOffers: [] };
const inference = (model: string, precision?: string) => workloadSchema.parse({ task: "inference", model, ...(precision ? { precision } : {}) });

describe("one GPU's figures on one workload (the /compare columns)", () => {
  it("counts two 80 GB A100s for Llama 3.3 70B at bf16 (70.55e9 × 2 B = 141 GB > 80 GB)", () => {
    const f = workloadFigures(catalog, A100_80GB, inference("llama-3.3-70b"));
    expect(f.count).toBeGreaterThanOrEqual(2);
    expect(f.fits).toBe(true);
    expect(f.perGpuGB!).toBeLessThanOrEqual(80);
    expect(f.speedUnit).toBe("tokens/s");
  });

  it("needs at least six 24 GB RTX 4090s for the same model (141 GB ÷ 24 GB = 5.9)", () => {
    const f = workloadFigures(catalog, RTX_4090, inference("llama-3.3-70b"));
    expect(f.count).toBeGreaterThanOrEqual(6);
  });

  it("fits Llama 3.1 8B on one card and decodes under the bandwidth bound (2,039 GB/s ÷ 16.06 GB = 127 tokens/s)", () => {
    const f = workloadFigures(catalog, A100_80GB, inference("llama-3.1-8b"));
    expect(f.count).toBe(1);
    expect(f.speed!).toBeGreaterThan(0);
    expect(f.speed!).toBeLessThan(2039 / 16.06);
  });

  it("has no rent cost without a cloud offer, and gives training a run time instead of a speed", () => {
    const run = workloadFigures(catalog, A100_80GB, inference("llama-3.1-8b"));
    expect(run.costUsd).toBeNull();
    const train = workloadFigures(catalog, A100_80GB, workloadSchema.parse({ task: "finetune", model: "llama-3.1-8b", method: "qlora" }));
    expect(train.speed).toBeNull();
    expect(train.hours!).toBeGreaterThan(0);
    expect(train.costUnit).toBe("per run");
  });
});
