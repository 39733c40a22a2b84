import type { Metadata } from "next";
import Link from "next/link";
import { SubmitRun } from "@/components/ledger/SubmitRun";
import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";
import { PRESETS } from "@/lib/workload/presets";
import { PRECISIONS } from "@/lib/workload/schema";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Submit a measured run" };

export default async function MeasurementsPage() {
  const catalog = await loadCatalog(await getPrisma());
  const gpus = catalog.gpus
    .filter((gpu) => !gpu.retired)
    .map((gpu) => ({ value: gpu.slug, label: gpu.name }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const models = PRESETS.filter((p) => p.kind === "llm").map((p) => ({ value: p.id, label: p.name }));
  return (
    <>
      <h1>Submit a measured run</h1>
      <p>
        Ran a model already? Paste what llama-bench or vllm bench serve printed, or type the figure you measured. You see it beside the
        advisor&apos;s estimate at once and can use it to calibrate the advisor for your GPU. Once an editor accepts it, it joins the{" "}
        <Link href="/accuracy">public accuracy figures</Link> and the GPU&apos;s page, and it is scored by the model&apos;s evaluation.
      </p>
      <p className="muted">
        We keep the figures and the configuration, never your address (a salted hash limits submissions to 20 an hour). Accepted runs are
        published under CC BY 4.0 (<a href="/api/v1/measurements?format=csv">CSV</a>, <a href="/api/v1/measurements">JSON</a>).
      </p>
      <SubmitRun gpus={gpus} models={models} precisions={[...PRECISIONS]} />
    </>
  );
}
