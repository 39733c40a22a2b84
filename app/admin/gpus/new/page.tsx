import type { Metadata } from "next";
import Link from "next/link";
import { GPU_FORM_FIELDS } from "@/lib/admin/form-fields";
import { requirePageSession } from "@/lib/auth/page";
import { EntityForm } from "../../_components/EntityForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New GPU" };

export default async function NewGpuPage() {
  const session = await requirePageSession("/admin/gpus/new");
  return (
    <>
      <p>
        <Link href="/admin">← Catalog</Link>
      </p>
      <h1>New GPU</h1>
      <p className="muted">Every figure you fill in needs its source URL. Throughput figures are dense (no sparsity).</p>
      <EntityForm
        kind="gpu"
        fields={GPU_FORM_FIELDS}
        csrfToken={session.csrfToken}
        initial={null}
        endpoint="/api/v1/admin/gpus"
        editBase="/admin/gpus"
        defaults={{ vendor: "nvidia", segment: "datacenter", formFactor: "pcie" }}
      />
    </>
  );
}
