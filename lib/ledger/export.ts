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
