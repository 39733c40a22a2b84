import type { Metadata } from "next";
import Link from "next/link";
import { listAudit } from "@/lib/admin/audit";
import type { FieldChange } from "@/lib/admin/records";
import { requirePageSession } from "@/lib/auth/page";
import { getPrisma } from "@/lib/db";
import { RevertButton } from "../_components/RevertButton";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

function show(value: unknown): string {
  if (value === null || value === undefined) return "(empty)";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** `sources` is one JSON field: show it as one row per source that changed. */
function expand(changes: FieldChange[]): FieldChange[] {
  return changes.flatMap((change) => {
    if (change.field !== "sources" || typeof change.before !== "object" || typeof change.after !== "object") return [change];
    const before = (change.before ?? {}) as Record<string, unknown>;
    const after = (change.after ?? {}) as Record<string, unknown>;
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((key) => before[key] !== after[key])
      .map((key) => ({ field: `sources.${key}`, before: before[key] ?? null, after: after[key] ?? null }));
  });
}

function first(raw: string | string[] | undefined): string | undefined {
  return (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 100) || undefined;
}

const ENTITY_LABEL: Record<string, string> = { gpu: "GPU", cloudOffer: "Cloud offer", user: "User", benchmarkRun: "Benchmark run" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const entity = first(params.entity);
  const key = first(params.key);
  const before = Number(first(params.before)) || undefined;
  const session = await requirePageSession("/admin/audit");
  const entries = await listAudit(await getPrisma(), { entity, entityKey: key, before, limit: 50, role: session.user.role });
  const older = entries.length === 50 ? entries[entries.length - 1]?.id : undefined;
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">
        Every change: who, when, and the fields it changed. Revert puts the old values back on top of the current version, only if nobody changed those fields since.
        {(entity || key) && (
          <>
            {" "}
            Showing {entity ? ENTITY_LABEL[entity] ?? entity : "all"} {key ?? ""}. <Link href="/admin/audit">Show everything</Link>
          </>
        )}
      </p>
      {entries.length === 0 && <p>No changes yet.</p>}
      <ol className="audit-list">
        {entries.map((entry) => (
          <li key={entry.id} className="card" data-audit-id={entry.id}>
            <p className="audit-head">
              <strong>#{entry.id}</strong> {entry.action} {ENTITY_LABEL[entry.entity] ?? entry.entity}{" "}
              {entry.entity === "gpu" ? <Link href={`/admin/gpus/${encodeURIComponent(entry.entityKey)}`}>{entry.entityKey}</Link> : entry.entity === "cloudOffer" ? <Link href={`/admin/cloud-offers/${entry.entityKey}`}>offer {entry.entityKey}</Link> : entry.entityKey}{" "}
              <span className="muted">
                by {entry.user ?? "a deleted user"} at <time dateTime={entry.createdAt}>{entry.createdAt.replace("T", " ").slice(0, 19)} UTC</time> · catalog version {entry.catalogVersion}
                {entry.revertOf !== null && <> · reverts #{entry.revertOf}</>}
              </span>{" "}
              {entry.revertible && <RevertButton entryId={entry.id} csrfToken={session.csrfToken} label={`Revert entry ${entry.id}`} />}
            </p>
            {(() => {
              const table = (
                <div className="table-wrap">
                  <table className="diff">
                    <thead>
                      <tr>
                        <th scope="col">Field</th>
                        <th scope="col">Before</th>
                        <th scope="col">After</th>
                      </tr>
                    </thead>
                    <tbody>
                      {expand(entry.changes).map((change) => (
                        <tr key={change.field} data-field={change.field}>
                          <th scope="row">{change.field}</th>
                          <td className="before">{show(change.before)}</td>
                          <td className="after">{show(change.after)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              );
              return entry.created ? (
                <details>
                  <summary>New entry: show its {entry.changes.length} fields</summary>
                  {table}
                </details>
              ) : (
                table
              );
            })()}
          </li>
        ))}
      </ol>
      {older && (
        <p>
          <Link href={`/admin/audit?${new URLSearchParams({ ...(entity ? { entity } : {}), ...(key ? { key } : {}), before: String(older) })}`}>Older changes →</Link>
        </p>
      )}
    </>
  );
}
