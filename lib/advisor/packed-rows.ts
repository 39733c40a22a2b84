import type { TableRow } from "./results";

/**
 * The ranked table's rows as the page sends them to the browser: only the fields the table draws
 * or sorts by, each row an array of values in SHOWN_FIELDS order. Client props travel in the React
 * Server Components payload beside the HTML, and as objects the ten top rows repeated every key
 * (and three fields the table never reads) ten times, about 2.5 KB of each results and share page.
 */
export const SHOWN_FIELDS = [
  "rank",
  "gpu",
  "count",
  "label",
  "perGpuGB",
  "capacityGB",
  "speed",
  "speedLabel",
  "cost",
  "costLabel",
  "energy",
  "maxContextTokens",
  "maxContextLabel",
  "confidence",
  "pareto",
  "meetsTarget",
] as const;

export type ShownRow = Pick<TableRow, (typeof SHOWN_FIELDS)[number]>;
export type PackedRow = ShownRow[keyof ShownRow][];

/** packRows([{ rank: 1, gpu: "rtx-4090", … }]) → [[1, "rtx-4090", …]] */
export function packRows(rows: readonly ShownRow[]): PackedRow[] {
  return rows.map((row) => SHOWN_FIELDS.map((field) => row[field]));
}

/** The inverse of packRows. */
export function unpackRows(packed: readonly PackedRow[]): ShownRow[] {
  return packed.map((values) => Object.fromEntries(SHOWN_FIELDS.map((field, i) => [field, values[i]])) as unknown as ShownRow);
}
