import type { Metadata } from "next";
import { BenchmarkApp, type GpuOption } from "@/components/benchmark/BenchmarkApp";
import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Benchmark your GPU" };

export default async function BenchmarkPage() {
  const catalog = await loadCatalog(await getPrisma());
  const gpus: GpuOption[] = catalog.gpus
    .filter((gpu) => !gpu.retired)
    .map((gpu) => ({ slug: gpu.slug, name: gpu.name, fp32Tflops: gpu.fp32Tflops ?? null, memoryBandwidthGBps: gpu.memoryBandwidthGBps }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <h1>Benchmark your GPU</h1>
      <p>
        This page runs small GPU programs in your browser: FP32 matrix multiplies at growing sizes and a memory-streaming kernel. It
        takes under 20 seconds on a typical machine, nothing is installed, and nothing is sent unless you choose to share the result.
        Every result is checked against a CPU reference; a wrong answer is reported as a failure, never as a speed.
      </p>
      <p className="muted">
        Browser kernels run FP32 shaders and cannot use tensor cores, so they calibrate memory bandwidth and FP32 throughput as ratios
        against the catalog, not tensor-core TFLOPS.
      </p>
      <BenchmarkApp gpus={gpus} />
    </>
  );
}
