import type { Metadata } from "next";
import Link from "next/link";
import { getPrisma } from "@/lib/db";
import { ACCURACY_METRICS, currentAccuracy, type AccuracyGroup } from "@/lib/ledger/accuracy";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "How accurate is the advisor?" };

const pct = (x: number | null) => (x == null ? "—" : `${Math.round(x * 100)}%`);
const num = (x: number) => x.toLocaleString("en-US", { maximumSignificantDigits: 3 });

function GroupTable({ caption, groups }: { caption: string; groups: Record<string, AccuracyGroup> }) {
  const rows = Object.values(groups);
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Measurements</th>
            <th scope="col">Median error</th>
            <th scope="col">90th percentile error</th>
            <th scope="col">Inside the shown range</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.key}>
              <th scope="row">{g.key}</th>
              <td>{g.n}</td>
              <td>{pct(g.medianError)}</td>
              <td>{pct(g.p90Error)}</td>
              <td>{pct(g.coverage)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function AccuracyPage() {
  const report = await currentAccuracy(await getPrisma());
  const metrics = ACCURACY_METRICS.filter((m) => report.byMetric[m]);
  return (
    <>
      <h1>How accurate is the advisor?</h1>
      <p>
        Every estimate is checked against measurements people published (llama.cpp, vLLM, TensorRT-LLM, MLX, PyTorch training results…) and
        against runs visitors <Link href="/measurements">submitted</Link> and an editor accepted. This page scores the model as it stands
        now, on all {report.cases} of them; it updates when a run is accepted or the catalog changes.
      </p>
      <div className="grid">
        {metrics.map((m) => {
          const g = report.byMetric[m];
          return (
            <section key={m} className="card" aria-label={`${m} accuracy`}>
              <h2>{m}</h2>
              <p className="stat">{pct(g.medianError)}</p>
              <p className="stat-label">median error</p>
              <p className="muted">
                90% of {g.n} measurements within {pct(g.p90Error)}; {pct(g.coverage)} inside the range shown
              </p>
            </section>
          );
        })}
      </div>
      <p className="muted">
        Error is |estimate ÷ measured − 1|. These figures include the measurements the model&apos;s efficiency knobs were fitted on; the
        held-out figures (each source scored by a fit that never saw it) are in docs/accuracy.md in the repository. The ledger is open data:{" "}
        <a href="/api/v1/measurements?format=csv">CSV</a>, <a href="/api/v1/measurements">JSON</a>, and this report as <a href="/api/v1/accuracy">JSON</a>.
      </p>
      <GroupTable caption="Published measurements and the ledger, per metric" groups={report.bySourceMetric} />
      <GroupTable caption="Per metric and vendor" groups={report.byVendor} />
      <GroupTable caption="Per metric and engine" groups={report.byEngine} />
      <h2>The worst cases</h2>
      <div className="table-scroll">
        <table>
          <caption className="sr-only">The 15 measurements the model is furthest from</caption>
          <thead>
            <tr>
              <th scope="col">Configuration</th>
              <th scope="col">Metric</th>
              <th scope="col">Measured</th>
              <th scope="col">Estimated</th>
              <th scope="col">Error</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {report.worst.map((c, i) => (
              <tr key={i}>
                <td>{c.label}</td>
                <td>
                  {c.metric} ({c.engine})
                </td>
                <td>{num(c.measured)}</td>
                <td>{num(c.estimated)}</td>
                <td>{c.error > 0 ? "+" : "−"}{pct(Math.abs(c.error))}</td>
                <td>{c.url ? <a href={c.url}>{c.source === "ledger" ? "ledger" : "published"}</a> : c.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
