import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OFFER_FORM_FIELDS } from "@/lib/admin/form-fields";
import { currentOffer } from "@/lib/admin/offers";
import { parseId } from "@/lib/admin/respond";
import { requirePageSession } from "@/lib/auth/page";
import { getPrisma } from "@/lib/db";
import { EntityForm } from "../../_components/EntityForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit cloud offer" };

export default async function EditOfferPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id: raw } = await params;
  const session = await requirePageSession(`/admin/cloud-offers/${encodeURIComponent(raw)}`);
  const id = parseId(raw);
  const offer = id === null ? null : await currentOffer(await getPrisma(), id);
  if (!offer) notFound();
  const created = (await searchParams).created === "1";
  return (
    <>
      <p>
        <Link href="/admin">← Catalog</Link> · <Link href={`/admin/audit?entity=cloudOffer&key=${offer.id}`}>History</Link>
      </p>
      <h1>
        Edit {offer.provider} {offer.instanceType} ({offer.region})
      </h1>
      {created && (
        <p className="notice ok" role="status">
          Created.
        </p>
      )}
      <EntityForm kind="cloudOffer" fields={OFFER_FORM_FIELDS} csrfToken={session.csrfToken} initial={{ ...offer }} endpoint={`/api/v1/admin/cloud-offers/${offer.id}`} editBase="/admin/cloud-offers" />
    </>
  );
}
