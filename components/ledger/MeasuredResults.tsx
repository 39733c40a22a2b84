import Link from "next/link";
import { getPrisma } from "@/lib/db";
import { cachedAcceptedSummaries } from "@/lib/ledger/store";

const fmt = (x: number | null) => (x == null ? "—" : Number(x.toPrecision(3)).toLocaleString("en-US"));
const TEST: Record<string, (s: { promptTokens: number; outputTokens: number; concurrency: number }) => string> = {
  decodeTokensPerSecond: (s) => `decode, ${s.outputTokens} tokens`,
  prefillTokensPerSecond: (s) => `prefill, ${s.promptTokens}-token prompt`,
  throughputTokensPerSecond: (s) => `serving ${s.concurrency} at once, ${s.promptTokens} in / ${s.outputTokens} out`,
  trainingSamplesPerSecond: () => "training, samples/s",
  trainingTokensPerSecond: () => "training, tokens/s",
};

type Summary = Awaited<ReturnType<typeof cachedAcceptedSummaries>>[number];

/**
 * Measured results beside the estimate: accepted ledger runs, median, spread and count per
 * configuration. A GPU page lists them by model; a model page by GPU (linked).
 */
function MeasuredSection({ summaries, by, empty, csv, gpuNames = {} }: { summaries: Summary[]; by: "model" | "gpu"; empty: string; csv: string; gpuNames?: Record<string, string> }) {
  return (
    <section id="measured-results" aria-labelledby="measured-heading" data-testid="measured-results">
      <h2 id="measured-heading">Measured by visitors</h2>
      {summaries.length === 0 ? (
        <p>
          {empty} <Link href="/measurements">Paste your llama-bench or vLLM output</Link>.
        </p>
      ) : (
        <>
          <p className="muted">
            Runs people measured (llama-bench, vllm bench serve, their own timing), accepted by an editor, beside the advisor&apos;s
            estimate of the same configuration. <Link href="/measurements">Add yours</Link> · <a href={csv}>CSV</a>
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{by === "model" ? "Model" : "GPU"}</th>
                  <th scope="col">{by === "model" ? "Engine" : "Precision"}</th>
                  {by === "gpu" ? <th scope="col">Engine</th> : null}
                  <th scope="col">Test</th>
                  <th scope="col" className="num">
                    Measured (median)
                  </th>
                  <th scope="col" className="num">
                    Spread
                  </th>
                  <th scope="col" className="num">
                    Runs
                  </th>
                  <th scope="col" className="num">
                    Estimate
                  </th>
                </tr>
              </thead>
              <tbody>
                {summaries.map((s) => (
                  <tr key={[s.gpu, s.gpuCount, s.model, s.precision, s.engine, s.metric, s.promptTokens, s.outputTokens, s.concurrency].join("|")}>
                    {by === "model" ? (
                      <>
                        <td>
                          {s.gpuCount > 1 ? `${s.gpuCount} GPUs · ` : ""}
                          {s.model} · {s.precision}
                        </td>
                        <td>{s.engine}</td>
                      </>
                    ) : (
                      <>
                        <td>
                          {s.gpuCount > 1 ? `${s.gpuCount} × ` : ""}
                          <Link href={`/gpus/${s.gpu}`}>{gpuNames[s.gpu] ?? s.gpu}</Link>
                        </td>
                        <td>{s.precision}</td>
                        <td>{s.engine}</td>
                      </>
                    )}
                    <td>{TEST[s.metric]?.(s) ?? s.metric}</td>
                    <td className="num">{fmt(s.median)} /s</td>
                    <td className="num">{s.n > 1 ? `${fmt(s.min)}–${fmt(s.max)}` : "—"}</td>
                    <td className="num">{s.n}</td>
                    <td className="num">{fmt(s.estimate)} /s</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** A GPU page's measured results, by model. */
export async function MeasuredResults({ gpu, name }: { gpu: string; name: string }) {
  const summaries = await cachedAcceptedSummaries(await getPrisma(), { gpu });
  return <MeasuredSection summaries={summaries} by="model" empty={`No accepted runs on the ${name} yet. Ran a model on one?`} csv={`/api/v1/measurements?gpu=${gpu}&format=csv`} />;
}

/** A model page's measured results, by GPU. */
export async function MeasuredForModel({ model, name, gpuNames }: { model: string; name: string; gpuNames: Record<string, string> }) {
  const summaries = await cachedAcceptedSummaries(await getPrisma(), { model });
  return (
    <MeasuredSection
      summaries={summaries}
      by="gpu"
      gpuNames={gpuNames}
      empty={`No accepted runs of ${name} yet. Ran it?`}
      csv={`/api/v1/measurements?model=${encodeURIComponent(model)}&format=csv`}
    />
  );
}

/**
 * The results page's "measured" marks: configurations of this model and precision that visitors
 * measured (accepted runs), each beside the estimate. Nothing is shown when there are none.
 */
export async function MeasuredForWorkload({ model, precision, gpuNames }: { model: string; precision: string; gpuNames: Record<string, string> }) {
  const summaries = (await cachedAcceptedSummaries(await getPrisma(), { model })).filter((s) => s.precision === precision);
  if (summaries.length === 0) return null;
  return (
    <section aria-labelledby="measured-workload-heading" data-testid="measured-workload" className="notice">
      <h2 id="measured-workload-heading">Measured, not just estimated</h2>
      <ul>
        {summaries.map((s) => (
          <li key={[s.gpu, s.gpuCount, s.engine, s.metric, s.promptTokens, s.outputTokens, s.concurrency].join("|")}>
            <strong>
              {s.gpuCount > 1 ? `${s.gpuCount} × ` : ""}
              {gpuNames[s.gpu] ?? s.gpu}
            </strong>{" "}
            <span className="badge">measured</span> {TEST[s.metric]?.(s) ?? s.metric} with {s.engine}: {fmt(s.median)}/s
            {s.n > 1 ? ` (median of ${s.n} runs, ${fmt(s.min)}–${fmt(s.max)})` : " (1 run)"}; the estimate is {fmt(s.estimate)}/s.
          </li>
        ))}
      </ul>
      <p className="muted">
        From runs visitors submitted and an editor accepted (<Link href="/accuracy">how accurate is the advisor?</Link>).
      </p>
    </section>
  );
}
