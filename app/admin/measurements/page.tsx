import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/lib/auth/page";
import { getPrisma } from "@/lib/db";
import { RUN_STATUSES, type RunStatus } from "@/lib/ledger/schema";
import { listRuns } from "@/lib/ledger/store";
import { ReviewButtons } from "../_components/ReviewButtons";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Measured runs" };

const fmt = (x: number | null) => (x == null ? "—" : x.toLocaleString("en-US", { maximumSignificantDigits: 4 }));

export default async function MeasurementsReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).status;
  const status: RunStatus = (RUN_STATUSES as readonly string[]).includes(String(raw)) ? (raw as RunStatus) : "queued";
  const session = await requirePageSession("/admin/measurements");
  const runs = await listRuns(await getPrisma(), { status, limit: 200 });
  return (
    <>
      <h1>Measured runs</h1>
      <p className="muted">
        Runs visitors submitted. Accept what looks like a real measurement of the stated configuration; reject the rest. Runs far from the
        estimate (outside 0.2×–5×) are marked. Every decision is in the <Link href="/admin/audit?entity=measurement">audit log</Link>; reopen undoes one.
      </p>
      <nav aria-label="Status">
        {RUN_STATUSES.map((s) => (
          <span key={s}>
            {s === status ? <strong>{s}</strong> : <Link href={`/admin/measurements?status=${s}`}>{s}</Link>}{" "}
          </span>
        ))}
      </nav>
      {runs.length === 0 ? <p>Nothing {status}.</p> : null}
      {runs.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="measurement-queue">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">GPU</th>
                <th scope="col">Model</th>
                <th scope="col">Engine</th>
                <th scope="col">Metric</th>
                <th scope="col">Measured</th>
                <th scope="col">Estimate</th>
                <th scope="col">Ratio</th>
                <th scope="col">Seen</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} data-run-id={run.id}>
                  <td>{run.id}</td>
                  <td>
                    {run.gpuCount > 1 ? `${run.gpuCount} × ` : ""}
                    {run.gpu}
                    {run.gpuMatch < 1 ? <span className="muted"> (matched {Math.round(run.gpuMatch * 100)}%)</span> : null}
                  </td>
                  <td>
                    {run.model} · {run.precision}
                    {run.modelLabel ? <div className="muted">{run.modelLabel}</div> : null}
                  </td>
                  <td>
                    {run.engine} {run.engineVersion ?? ""}
                  </td>
                  <td>
                    {run.metric.replace("TokensPerSecond", "").replace("SamplesPerSecond", " samples")} ({run.promptTokens}/{run.outputTokens}, ×{run.concurrency})
                  </td>
                  <td>{fmt(run.value)}</td>
                  <td>{fmt(run.estimate)}</td>
                  <td>
                    {run.ratio == null ? "—" : `${run.ratio}×`}
                    {run.plausible ? null : <strong className="error"> check</strong>}
                  </td>
                  <td>{run.submissions}×</td>
                  <td>
                    <ReviewButtons runId={run.id!} csrfToken={session.csrfToken} status={run.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
