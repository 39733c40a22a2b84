import type { Metadata } from "next";
import { requirePageSession } from "@/lib/auth/page";
import { ImportForm } from "../_components/ImportForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import and export" };

export default async function ImportExportPage() {
  const session = await requirePageSession("/admin/import-export");
  return (
    <>
      <h1>Import and export</h1>
      <h2>Export</h2>
      <p>The active catalog (retired entries left out), in the seed files&apos; shape:</p>
      <ul>
        <li>
          <a href="/api/v1/admin/export?format=json" download>
            Whole catalog (JSON)
          </a>
        </li>
        <li>
          <a href={"/api/v1/admin/export?format=csv&entity=gpus"} download>
            GPUs (CSV)
          </a>
        </li>
        <li>
          <a href={"/api/v1/admin/export?format=csv&entity=cloud-offers"} download>
            Cloud offers (CSV)
          </a>
        </li>
      </ul>
      <h2>Import</h2>
      <p className="muted">
        Rows are matched by slug (GPUs) or by provider, instance type and region (offers). Every row is checked with the same rules as the seed files; the import applies all rows
        or none, as one new catalog version, each change in the audit log.
      </p>
      <ImportForm csrfToken={session.csrfToken} />
    </>
  );
}
