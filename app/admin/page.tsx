import type { Metadata } from "next";
import Link from "next/link";
import { listOffers } from "@/lib/admin/offers";
import { matchesSearch } from "@/lib/admin/search";
import { requirePageSession } from "@/lib/auth/page";
import { formatFigure } from "@/lib/catalog/fields";
import { currentCatalogVersion, toCatalogGpu } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Catalog" };

export default async function AdminCatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 100) ?? "";
  await requirePageSession(q ? `/admin?q=${encodeURIComponent(q)}` : "/admin");
  const prisma = await getPrisma();
  const [rows, offers, version] = await Promise.all([prisma.gpu.findMany({ orderBy: { slug: "asc" } }), listOffers(prisma), currentCatalogVersion(prisma)]);
  const gpus = rows.map(toCatalogGpu).filter((gpu) => matchesSearch(q, [gpu.slug, gpu.name, gpu.vendor, gpu.architecture]));
  const shownOffers = offers.filter((offer) => matchesSearch(q, [offer.provider, offer.instanceType, offer.region, offer.gpu]));
  return (
    <>
      <h1>Catalog</h1>
      <p className="muted">Catalog version {version}. Every save makes a new version; share links keep the one they were made with.</p>
      <form className="filters" role="search" method="get" action="/admin">
        <label className="stack" htmlFor="admin-q">
          Search GPUs and offers
          <input id="admin-q" name="q" type="search" defaultValue={q} placeholder="e.g. h100, amd, aws" />
        </label>
        <button type="submit">Search</button>
        {q && (
          <Link className="button secondary" href="/admin">
            Clear
          </Link>
        )}
      </form>
      <h2>
        GPUs ({gpus.length}) <Link className="button secondary small" href="/admin/gpus/new">New GPU</Link>
      </h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Vendor</th>
              <th scope="col" className="num">Memory</th>
              <th scope="col" className="num">Bandwidth</th>
              <th scope="col" className="num">Version</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {gpus.map((gpu) => (
              <tr key={gpu.slug} data-slug={gpu.slug}>
                <td>
                  <Link href={`/admin/gpus/${gpu.slug}`}>{gpu.name}</Link>
                  {gpu.retired && <span className="badge"> retired</span>}
                </td>
                <td>{gpu.slug}</td>
                <td>{gpu.vendor}</td>
                <td className="num">{formatFigure(gpu.memoryGB, { unit: "GB" })}</td>
                <td className="num">{formatFigure(gpu.memoryBandwidthGBps, { unit: "GB/s" })}</td>
                <td className="num">{gpu.version}</td>
                <td>{gpu.updatedAt.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>
        Cloud offers ({shownOffers.length}) <Link className="button secondary small" href="/admin/cloud-offers/new">New offer</Link>
      </h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Instance</th>
              <th scope="col">Region</th>
              <th scope="col">GPU</th>
              <th scope="col" className="num">Price (USD/h)</th>
              <th scope="col">Observed</th>
              <th scope="col" className="num">Version</th>
            </tr>
          </thead>
          <tbody>
            {shownOffers.map((offer) => (
              <tr key={offer.id}>
                <td>{offer.provider}</td>
                <td>
                  <Link href={`/admin/cloud-offers/${offer.id}`}>{offer.instanceType}</Link>
                  {offer.retired && <span className="badge"> retired</span>}
                </td>
                <td>{offer.region}</td>
                <td>{offer.gpu}</td>
                <td className="num">{offer.priceUsdPerHour.toFixed(2)}</td>
                <td>{offer.observedAt}</td>
                <td className="num">{offer.version}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
