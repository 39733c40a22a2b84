import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WorkingPage } from "@/components/advisor/WorkingPage";
import { shareSource } from "@/lib/advisor/working-load";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "The working of a shared recommendation" };

/** A share page's folded working as a page: where its folds lead without JavaScript. */
export default async function SharedWorkingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const source = await shareSource(id);
  if (!source.ok) notFound();
  return (
    <WorkingPage
      source={source}
      title={`The working behind the shared recommendation for ${source.recommendation.workload.model}`}
      back={{ href: `/r/${id}`, label: "Back to the shared recommendation" }}
    />
  );
}
