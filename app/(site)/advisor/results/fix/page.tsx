import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AdvisorForm } from "@/components/advisor/AdvisorForm";
import { previewGpus } from "@/lib/advisor/preview";
import { parseAdvisorQuery, searchParamsFrom } from "@/lib/advisor/query";
import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Some answers need fixing" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * A results link whose answers do not parse lands here (the results page redirects): the
 * questionnaire with each bad field named. A page of its own, so that the results page does not
 * ship the questionnaire's code (and zod) to every reader of good results.
 */
export default async function FixAnswersPage({ searchParams }: { searchParams: SearchParams }) {
  const params = searchParamsFrom(await searchParams);
  const parsed = parseAdvisorQuery(params);
  if (parsed.ok) redirect(`/advisor/results?${params.toString()}`);
  const catalog = await loadCatalog(await getPrisma());
  return (
    <>
      <h1>Some answers need fixing</h1>
      <p className="notice" role="alert">
        The link&apos;s answers could not be read: {parsed.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}. Fix them below.
      </p>
      <AdvisorForm gpus={previewGpus(catalog.gpus)} initialQuery={params.toString()} serverErrors={parsed.errors} />
    </>
  );
}
