import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CommunityResults } from "@/components/benchmark/CommunityResults";
import { CanRunSection } from "@/components/CanRunSection";
import { MeasuredResults } from "@/components/ledger/MeasuredResults";
import { canRun } from "@/lib/advisor/can-run";
import { FIGURES, formatFigure, SEGMENT_LABELS, VENDOR_LABELS } from "@/lib/catalog/fields";
import { loadCatalog, withStaleness } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string }>;

async function findGpu(slug: string) {
  const catalog = await loadCatalog(await getPrisma());
  const gpu = catalog.gpus.find((g) => g.slug === slug);
  const now = new Date();
  return gpu ? { gpu, catalog, offers: catalog.cloudOffers.filter((o) => o.gpu === slug).map((o) => withStaleness(o, now)) } : null;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const found = await findGpu((await params).slug);
  return { title: found ? `${found.gpu.name} specifications` : "GPU not found" };
}

export default async function GpuPage({ params }: { params: Params }) {
  const found = await findGpu((await params).slug);
  if (!found) notFound();
  const { gpu, offers } = found;
  return (
    <>
      <p>
        <Link href="/gpus">← All GPUs</Link>
      </p>
      <h1>{gpu.name}</h1>
      <p className="muted">
        {VENDOR_LABELS[gpu.vendor]} · {SEGMENT_LABELS[gpu.segment]} · {gpu.architecture} · form factor {gpu.formFactor}
        {gpu.retired && <span className="badge"> retired</span>}
      </p>
      {gpu.notes && <p>{gpu.notes}</p>}
      <CanRunSection result={canRun(found.catalog, gpu)} gpuName={gpu.name} />
      <h2>Specifications</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="num">
                Value
              </th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {FIGURES.map((figure) => {
              const source = gpu.sources[figure.key];
              return (
                <tr key={figure.key} data-figure={figure.key}>
                  <th scope="row">{figure.label}</th>
                  <td className="num">{formatFigure(gpu[figure.key], figure)}</td>
                  <td>
                    {source ? (
                      <a href={source} rel="noopener noreferrer nofollow" target="_blank">
                        {new URL(source).hostname}
                      </a>
                    ) : (
                      <span className="muted">{gpu[figure.key] == null ? "not published" : "—"}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>Cloud offers</h2>
      {offers.length === 0 ? (
        <p className="muted">No cloud offers in the catalog for this GPU.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Instance</th>
                <th scope="col" className="num">
                  GPUs
                </th>
                <th scope="col" className="num">
                  On-demand $/h
                </th>
                <th scope="col" className="num">
                  Per GPU $/h
                </th>
                <th scope="col">Region</th>
                <th scope="col">Observed</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {offers.map((offer) => (
                <tr key={offer.id}>
                  <td>{offer.provider}</td>
                  <td>{offer.instanceType}</td>
                  <td className="num">{offer.gpuCount}</td>
                  <td className="num">${offer.priceUsdPerHour.toFixed(2)}</td>
                  <td className="num">${(offer.priceUsdPerHour / offer.gpuCount).toFixed(2)}</td>
                  <td>{offer.region}</td>
                  <td data-stale={offer.stale || undefined}>
                    {offer.stale ? <span className="badge">price seen {offer.observedAt}, may be out of date</span> : offer.observedAt}
                  </td>
                  <td>
                    <a href={offer.sourceUrl} rel="noopener noreferrer nofollow" target="_blank">
                      {new URL(offer.sourceUrl).hostname}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MeasuredResults gpu={gpu.slug} name={gpu.name} />
      <CommunityResults slug={gpu.slug} name={gpu.name} />
      <p>
        <Link href={`/compare?gpus=${gpu.slug}`}>Compare with other GPUs</Link>
      </p>
    </>
  );
}
