import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { currentGpu } from "@/lib/admin/gpus";
import { GPU_FORM_FIELDS } from "@/lib/admin/form-fields";
import { requirePageSession } from "@/lib/auth/page";
import { getPrisma } from "@/lib/db";
import { EntityForm } from "../../_components/EntityForm";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Edit ${(await params).slug}` };
}

export default async function EditGpuPage({ params, searchParams }: { params: Params; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const session = await requirePageSession(`/admin/gpus/${encodeURIComponent(slug)}`);
  const gpu = await currentGpu(await getPrisma(), slug);
  if (!gpu) notFound();
  const created = (await searchParams).created === "1";
  return (
    <>
      <p>
        <Link href="/admin">← Catalog</Link> · <Link href={`/gpus/${gpu.slug}`}>Public page</Link> ·{" "}
        <Link href={`/admin/audit?entity=gpu&key=${encodeURIComponent(gpu.slug)}`}>History</Link>
      </p>
      <h1>Edit {gpu.name}</h1>
      {created && (
        <p className="notice ok" role="status">
          Created.
        </p>
      )}
      <p className="muted">Change a figure and give its source URL in the box below it. Only changed fields are sent.</p>
      <EntityForm kind="gpu" fields={GPU_FORM_FIELDS} csrfToken={session.csrfToken} initial={gpu} endpoint={`/api/v1/admin/gpus/${encodeURIComponent(gpu.slug)}`} editBase="/admin/gpus" />
    </>
  );
}
