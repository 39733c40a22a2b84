import type { Metadata } from "next";
import Link from "next/link";
import { Results } from "@/components/advisor/Results";
import { ShareButton } from "@/components/advisor/ShareButton";
import { MeasuredForWorkload } from "@/components/ledger/MeasuredResults";
import { parseAdvisorQuery, searchParamsFrom, toAdvisorQuery } from "@/lib/advisor/query";
import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";
import { redirect } from "next/navigation";
import { computeBody } from "@/lib/share/snapshot";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Recommendations" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ResultsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = searchParamsFrom(await searchParams);
  const parsed = parseAdvisorQuery(params);
  // Answers that do not parse: the questionnaire, with each bad field named, on a page of its own.
  if (!parsed.ok) redirect(`/advisor/results/fix?${params.toString()}`);
  const prisma = await getPrisma();
  const catalog = await loadCatalog(prisma);
  const { request, calibrations } = parsed;
  // Computed once per (catalog version, request), and drawn from the share document a link would
  // store, so the page shows exactly what its share link will.
  const { recommendation } = await computeBody(prisma, request);
  // The picks' GPUs, for /compare on this same workload (the query carries it).
  const pickedGpus = [...new Set(recommendation.picks.map((p) => recommendation.results[p.index]?.estimate.gpu).filter((slug) => slug !== undefined))].slice(0, 6);
  const query = toAdvisorQuery(request, calibrations).toString();
  const calibrated = Object.keys(calibrations).map((slug) => catalog.gpus.find((g) => g.slug === slug)?.name ?? slug);
  return (
    <>
      <h1>Recommendations for {recommendation.workload.model}</h1>
      <p className="adv-actions">
        <Link href={`/advisor?${query}`}>← Edit the answers</Link>
        <a href={`/benchmark?${new URLSearchParams({ return: `/advisor/results?${query}` }).toString()}`}>Calibrate with your own GPU (run a benchmark)</a>
        {pickedGpus.length > 0 && (
          <Link href={`/compare?${new URLSearchParams([...new URLSearchParams(query), ["gpus", pickedGpus.join(",")]]).toString()}`}>Compare the picks side by side</Link>
        )}
      </p>
      {calibrated.length > 0 && (
        <p className="notice" role="status" data-testid="calibration-note">
          Using your measured speed for {calibrated.join(", ")}: those estimates are marked “measured”. Shared links store the catalog-based results without your
          calibration.
        </p>
      )}
      {typeof request.workload.model === "string" && (
        <MeasuredForWorkload model={request.workload.model} precision={recommendation.workload.precision} gpuNames={Object.fromEntries(catalog.gpus.map((g) => [g.slug, g.name]))} />
      )}
      <ShareButton request={request} />
      <Results
        recommendation={recommendation}
        request={request}
        working={{ pickUrl: (n) => `/advisor/results/picks/${n}?${query}`, pageUrl: `/advisor/results/working?${query}` }}
        rowsUrl={`/advisor/results/rows?${query}`}
      />
    </>
  );
}
