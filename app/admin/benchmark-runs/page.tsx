import type { Metadata } from "next";
import Link from "next/link";
import { listRuns, moderationQuerySchema } from "@/lib/admin/moderation";
import { requirePageSession } from "@/lib/auth/page";
import { getPrisma } from "@/lib/db";
import { ModerationButtons } from "../_components/ModerationButtons";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Benchmark runs" };

const PAGE = 50;

export default async function BenchmarkRunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requirePageSession("/admin/benchmark-runs");
  const params = await searchParams;
  const first = (raw: string | string[] | undefined) => (Array.isArray(raw) ? raw[0] : raw) || undefined;
  const parsed = moderationQuerySchema.safeParse({ gpu: first(params.gpu), hidden: first(params.hidden), before: first(params.before) });
  const query = parsed.success ? parsed.data : {};
  const runs = await listRuns(await getPrisma(), { ...query, limit: PAGE });
  const older = runs.length === PAGE ? runs[runs.length - 1]?.id : undefined;
  return (
    <>
      <h1>Community benchmark runs</h1>
      <p className="muted">
        Runs visitors submitted from the benchmark page, newest first. A hidden run stays stored but leaves every summary and list; a deleted one is kept in the
        audit log. Both can be reverted there. <Link href="/admin/benchmark-runs?hidden=true">Hidden only</Link> · <Link href="/admin/benchmark-runs">All</Link>
      </p>
      {runs.length === 0 && <p>No runs.</p>}
      {runs.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">GPU</th>
              <th scope="col">Renderer</th>
              <th scope="col">Backend</th>
              <th scope="col" className="num">Matmul GFLOPS</th>
              <th scope="col" className="num">Bandwidth GB/s</th>
              <th scope="col">Submitted (UTC)</th>
              <th scope="col">State</th>
              <th scope="col">Moderate</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-run-id={run.id}>
                <td>{run.id}</td>
                <td>{run.gpu ? <Link href={`/admin/benchmark-runs?gpu=${encodeURIComponent(run.gpu)}`}>{run.gpu}</Link> : <span className="muted">unmatched</span>}</td>
                <td>{run.renderer}</td>
                <td>{run.backend}</td>
                <td className="num">{run.matmulGflops.toFixed(1)}</td>
                <td className="num">{run.bandwidthGBps === null ? "–" : run.bandwidthGBps.toFixed(1)}</td>
                <td>{run.createdAt.slice(0, 16).replace("T", " ")}</td>
                <td>{run.hidden ? "hidden" : "shown"}</td>
                <td>
                  <ModerationButtons runId={run.id} csrfToken={session.csrfToken} hidden={run.hidden} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {older && (
        <p>
          <Link href={`/admin/benchmark-runs?${new URLSearchParams({ ...(query.gpu ? { gpu: query.gpu } : {}), ...(query.hidden ? { hidden: query.hidden } : {}), before: String(older) })}`}>Older runs</Link>
        </p>
      )}
    </>
  );
}
