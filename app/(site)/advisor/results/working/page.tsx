import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { WorkingPage } from "@/components/advisor/WorkingPage";
import { searchParamsFrom } from "@/lib/advisor/query";
import { resultsSource } from "@/lib/advisor/working-load";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "The working of the recommendations" };

/** The results page's folded working as a page: where its folds lead without JavaScript. */
export default async function ResultsWorkingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = searchParamsFrom(await searchParams);
  const source = await resultsSource(query);
  if (!source.ok) redirect(`/advisor/results/fix?${query.toString()}`);
  return (
    <WorkingPage
      source={source}
      title={`The working behind the recommendations for ${source.recommendation.workload.model}`}
      back={{ href: `/advisor/results?${query.toString()}`, label: "Back to the recommendations" }}
    />
  );
}
