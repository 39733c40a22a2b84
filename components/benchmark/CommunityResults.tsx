import Link from "next/link";
import { communityResultsForSlug } from "@/lib/benchmark/store";
import { getPrisma } from "@/lib/db";
import { SpreadChart } from "./SpreadChart";

const fmt = (x: number) => Number(x.toPrecision(3)).toLocaleString("en-US");

/** The GPU page's community-results section: browser benchmark runs submitted for this GPU. */
export async function CommunityResults({ slug, name }: { slug: string; name: string }) {
  const results = await communityResultsForSlug(await getPrisma(), slug);
  if (!results) return null;
  const { summary, excluded, recent } = results;
  return (
    <section id="community-results" aria-labelledby="community-heading" data-testid="community-results">
      <h2 id="community-heading">Community benchmark results</h2>
      <p className="muted">
        Runs of our <Link href="/benchmark">browser benchmark</Link> submitted by visitors with a {name}. Browser kernels are FP32 shaders
        without tensor cores, so these figures sit well below the catalog peaks. Each visitor&apos;s runs count once (their median), and the
        figures are medians across visitors with the interquartile range.
      </p>
      {summary.runs === 0 ? (
        <p>
          No counted runs yet.{excluded > 0 ? ` ${excluded} run${excluded === 1 ? "" : "s"} from software renderers or the CPU fallback measured no GPU and are not counted.` : ""}{" "}
          <Link href="/benchmark">Benchmark your GPU</Link>.
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Measure</th>
                  <th scope="col" className="num">
                    Median
                  </th>
                  <th scope="col" className="num">
                    Interquartile range
                  </th>
                  <th scope="col" className="num">
                    Visitors
                  </th>
                </tr>
              </thead>
              <tbody>
                {summary.gflops && (
                  <tr>
                    <th scope="row">FP32 matmul (GFLOPS)</th>
                    <td className="num" data-testid="community-median-gflops">
                      {fmt(summary.gflops.median)}
                    </td>
                    <td className="num">
                      {fmt(summary.gflops.q1)} – {fmt(summary.gflops.q3)}
                    </td>
                    <td className="num">{summary.gflops.clients}</td>
                  </tr>
                )}
                {summary.bandwidthGBps && (
                  <tr>
                    <th scope="row">Memory bandwidth (GB/s)</th>
                    <td className="num">{fmt(summary.bandwidthGBps.median)}</td>
                    <td className="num">
                      {fmt(summary.bandwidthGBps.q1)} – {fmt(summary.bandwidthGBps.q3)}
                    </td>
                    <td className="num">{summary.bandwidthGBps.clients}</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          <p data-testid="community-count">
            {summary.runs} run{summary.runs === 1 ? "" : "s"} from {summary.clients} visitor{summary.clients === 1 ? "" : "s"}
            {excluded > 0 ? `; ${excluded} more from software renderers or the CPU fallback are not counted` : ""}.
          </p>
          <SpreadChart points={summary.perClient} />
        </>
      )}
      {recent.length > 0 && (
        <details>
          <summary>Latest runs</summary>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Renderer</th>
                  <th scope="col">Backend</th>
                  <th scope="col" className="num">
                    GFLOPS
                  </th>
                  <th scope="col" className="num">
                    GB/s
                  </th>
                  <th scope="col">Counted</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((run) => (
                  <tr key={run.id} data-run-id={run.id}>
                    <td>{run.createdAt.slice(0, 10)}</td>
                    <td style={{ whiteSpace: "normal" }}>{run.renderer}</td>
                    <td>{run.backend}</td>
                    <td className="num">{fmt(run.matmulGflops)}</td>
                    <td className="num">{run.bandwidthGBps == null ? "—" : fmt(run.bandwidthGBps)}</td>
                    <td>{run.counted ? "yes" : `no: ${run.whyNotCounted}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}
