import type { MeasuredRunView } from "./schema";

/** The notice every export carries: the ledger is open data others may check us with. */
export const LEDGER_LICENSE =
  "GPU Advisor measured-results ledger: runs submitted by visitors and accepted by an editor. Licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/): share and adapt with attribution to \"GPU Advisor contributors\".";

const COLUMNS = ["id", "gpu", "gpuCount", "model", "precision", "engine", "engineVersion", "metric", "value", "promptTokens", "outputTokens", "depthTokens", "concurrency", "peakMemoryGB", "estimate", "ratio", "format", "submissions", "createdAt"] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets. */
function field(value: unknown): string {
  if (value == null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** ledgerCsv(runs): the license as a comment line, a header, then one row per run. */
export function ledgerCsv(runs: readonly MeasuredRunView[]): string {
  const lines = [`# ${LEDGER_LICENSE}`, COLUMNS.join(",")];
  for (const run of runs) lines.push(COLUMNS.map((c) => field(run[c])).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** The workload a ledger run measured, as a workload input (inference: decode from the run's depth, prefill of its prompt, or serving). */
export function ledgerWorkloadInput(run: MeasuredRunView, engines: readonly string[]): Record<string, unknown> | null {
  if (run.metric.startsWith("training")) return null;
  return {
    task: "inference",
    model: run.model,
    precision: run.precision,
    batchSize: run.concurrency,
    promptTokens: run.metric === "decodeTokensPerSecond" ? run.depthTokens : run.promptTokens,
    outputTokens: run.metric === "prefillTokensPerSecond" ? 0 : Math.max(1, run.outputTokens),
    ...(engines.includes(run.engine) ? { engine: run.engine } : {}),
  };
}

/**
 * Accepted runs in the format of tests/fixtures/measurements, one source group ("gpu-advisor-ledger"),
 * so `npm run eval` scores the model on them like any published source:
 *   npm run -s advisor -- ledger export > tests/fixtures/measurements/ledger.json
 */
export function ledgerFixtures(runs: readonly MeasuredRunView[], engines: readonly string[], publicUrl: string): Record<string, unknown>[] {
  return runs.flatMap((run) => {
    const workload = ledgerWorkloadInput(run, engines);
    if (!workload || run.id == null) return [];
    return [
      {
        id: `ledger-${run.id}`,
        gpu: run.gpu,
        count: run.gpuCount,
        metric: run.metric,
        value: run.value,
        workload,
        sourceUrl: `${publicUrl.replace(/\/$/, "")}/api/v1/measurements?gpu=${run.gpu}`,
        source: "gpu-advisor-ledger",
        date: run.createdAt.slice(0, 10),
        ...(run.engineVersion ? { engineVersion: run.engineVersion } : {}),
        notes: `Visitor-submitted ${run.format} run accepted by an editor; engine ${run.engine}${run.engineVersion ? ` ${run.engineVersion}` : ""}; ${run.submissions} submission(s).`,
      },
    ];
  });
}
