import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CopyLink } from "@/components/advisor/CopyLink";
import { Results } from "@/components/advisor/Results";
import { toAdvisorQuery } from "@/lib/advisor/query";
import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";
import { publicOrigin } from "@/lib/http";
import { loadSnapshot } from "@/lib/share/snapshot";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

const snapshotFor = cache(async (id: string) => loadSnapshot(await getPrisma(), id));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const snapshot = await snapshotFor((await params).id);
  if (!snapshot) return { title: "Not found" };
  const title = `GPUs for ${snapshot.recommendation.workload.model}`;
  // The preview image's absolute URL: the address the link was opened at, not Next's localhost default.
  const origin = publicOrigin(await headers());
  return {
    title,
    description: `A shared GPU Advisor recommendation (catalog version ${snapshot.catalogVersion}).`,
    openGraph: { title },
    ...(origin ? { metadataBase: new URL(origin) } : {}),
  };
}

/** A shared recommendation: the stored snapshot exactly as computed, never recomputed. */
export default async function SharedRecommendationPage({ params }: { params: Params }) {
  const { id } = await params;
  const snapshot = await snapshotFor(id);
  if (!snapshot) notFound();
  const prisma = await getPrisma();
  const catalog = await loadCatalog(prisma);
  const version = catalog.version;
  const query = toAdvisorQuery(snapshot.body.input).toString();
  const created = new Date(snapshot.createdAt);
  const origin = publicOrigin(await headers()) ?? "";
  return (
    <>
      <h1>GPUs for {snapshot.recommendation.workload.model}</h1>
      <p className="muted">
        Shared recommendation <code>{snapshot.id}</code>, computed {created.toISOString().slice(0, 16).replace("T", " ")} UTC on catalog version {snapshot.catalogVersion}.
      </p>
      {version !== snapshot.catalogVersion && (
        <div className="notice" role="status" data-testid="catalog-changed">
          The GPU catalog has changed since (now version {version}): prices or figures may differ today. These results are kept exactly as they were.{" "}
          <a className="button" href={`/advisor/results?${query}`}>
            Recompute on today&apos;s catalog
          </a>
        </div>
      )}
      <div className="adv-actions">
        <CopyLink url={`${origin}/r/${snapshot.id}`} label="Link to this page" />
        <a className="button secondary" href={`/api/v1/recommendations/${snapshot.id}`} download={`gpu-advisor-${snapshot.id}.json`}>
          Download JSON
        </a>
        <a href={`/advisor?${query}`}>Open in the advisor</a>
      </div>
      <Results
        recommendation={snapshot.recommendation}
        request={snapshot.body.input}
        working={{ pickUrl: (n) => `/r/${snapshot.id}/picks/${n}?v=${version}`, pageUrl: `/r/${snapshot.id}/working` }}
        rowsUrl={`/r/${snapshot.id}/rows`}
      />
    </>
  );
}
