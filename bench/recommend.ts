import { recommend } from "../lib/model/recommend";
import { seedCatalog } from "../lib/share/example";
import { workloadSchema, type WorkloadInput } from "../lib/workload/schema";
import { percentile } from "../lib/model/validation";

/** In-process: recommend() over the whole seeded catalog, per call (median and p95). */
export function benchRecommend(iterations = 300): { name: string; medianMs: number; p95Ms: number; configs: number }[] {
  const { gpus, cloudOffers } = seedCatalog();
  const catalog = { gpus, cloudOffers };
  const cases: [string, WorkloadInput][] = [
    ["chat llama-3.1-8b q4_k_m", { model: "llama-3.1-8b", precision: "q4_k_m" }],
    ["serve llama-3.1-70b fp8 x64 users", { model: "llama-3.1-70b", precision: "fp8", batchSize: 64 }],
    ["qlora llama-3.1-70b", { task: "finetune", model: "llama-3.1-70b", method: "qlora" }],
    ["train llama-3.2-1b 1e10 tokens", { task: "training", model: "llama-3.2-1b", trainingTokens: 1e10 }],
  ];
  return cases.map(([name, input]) => {
    const workload = workloadSchema.parse(input);
    let configs = 0;
    // Warm up to steady state (the JIT tiers up over the first few hundred calls), as in a running server.
    for (let i = 0; i < 300; i++) configs = recommend(catalog, workload).results.length;
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      recommend(catalog, workload);
      times.push(performance.now() - start);
    }
    return { name, medianMs: percentile(times, 50), p95Ms: percentile(times, 95), configs };
  });
}
