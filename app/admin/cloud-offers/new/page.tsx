import type { Metadata } from "next";
import Link from "next/link";
import { OFFER_FORM_FIELDS } from "@/lib/admin/form-fields";
import { requirePageSession } from "@/lib/auth/page";
import { EntityForm } from "../../_components/EntityForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New cloud offer" };

export default async function NewOfferPage() {
  const session = await requirePageSession("/admin/cloud-offers/new");
  return (
    <>
      <p>
        <Link href="/admin">← Catalog</Link>
      </p>
      <h1>New cloud offer</h1>
      <EntityForm
        kind="cloudOffer"
        fields={OFFER_FORM_FIELDS}
        csrfToken={session.csrfToken}
        initial={null}
        endpoint="/api/v1/admin/cloud-offers"
        editBase="/admin/cloud-offers"
        defaults={{ gpuCount: "1", observedAt: new Date().toISOString().slice(0, 10) }}
      />
    </>
  );
}
