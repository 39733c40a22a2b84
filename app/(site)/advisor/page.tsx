import type { Metadata } from "next";
import { AdvisorForm } from "@/components/advisor/AdvisorForm";
import { previewGpus } from "@/lib/advisor/preview";
import { searchParamsFrom } from "@/lib/advisor/query";
import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Advisor",
  description: "Answer four questions about your model and budget; get the GPUs that fit, how fast they run and what they cost, with the math shown.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdvisorPage({ searchParams }: { searchParams: SearchParams }) {
  const params = searchParamsFrom(await searchParams);
  const catalog = await loadCatalog(await getPrisma());
  return (
    <>
      <h1>Which GPU for your job?</h1>
      <p className="muted adv-intro">
        Four steps, each with a sensible default. The memory estimate beside the questions (below them on a phone) updates as you type; the results rank every GPU in the catalog and show
        the math behind each number.
      </p>
      <AdvisorForm gpus={previewGpus(catalog.gpus)} initialQuery={params.toString()} />
    </>
  );
}
