"use client";

import { useMemo, useState } from "react";
import { sig } from "@/lib/advisor/format";
import { unpackRows, type PackedRow, type ShownRow } from "@/lib/advisor/packed-rows";

type SortKey = "rank" | "label" | "perGpuGB" | "maxContextTokens" | "speed" | "cost" | "energy";
const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: "rank", label: "Rank", numeric: true },
  { key: "label", label: "Configuration", numeric: false },
  { key: "perGpuGB", label: "Memory per GPU", numeric: true },
  { key: "maxContextTokens", label: "Max context", numeric: true },
  { key: "speed", label: "Speed", numeric: true },
  { key: "cost", label: "Cost", numeric: true },
  { key: "energy", label: "Energy (kWh)", numeric: true },
];

/**
 * Every configuration that fits, sortable by any column and filterable by name and frontier. The
 * "Max context" column (longest context that fits, KV cache included) shows for inference, where
 * the rows carry it. The
 * page sends the top rows only (`top`, ranked, packed: lib/advisor/packed-rows.ts); the rest (`total`
 * in all) load from `rowsUrl` (JSON `{rows}`) when the reader asks for them, sorts or filters, so a
 * 250-row result is not written into every page twice (HTML and the React Server Components payload).
 */
export function RankedTable({ top, total = top.length, rowsUrl, energyUnit }: { top: PackedRow[]; total?: number; rowsUrl?: string; energyUnit: string }) {
  const rows = useMemo(() => unpackRows(top), [top]);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "rank", dir: 1 });
  const [filter, setFilter] = useState("");
  const [frontierOnly, setFrontierOnly] = useState(false);
  const [oneGpu, setOneGpu] = useState(false);
  const [all, setAll] = useState<ShownRow[] | null>(rows.length >= total || !rowsUrl ? rows : null);
  const [loading, setLoading] = useState<"idle" | "loading" | "error">("idle");
  const loadAll = () => {
    if (all || loading === "loading" || !rowsUrl) return;
    setLoading("loading");
    fetch(rowsUrl, { headers: { accept: "application/json" } })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const body = (await response.json()) as { rows: ShownRow[] };
        setAll(body.rows);
        setLoading("idle");
      })
      .catch(() => setLoading("error"));
  };
  const source = all ?? rows;
  // Inference rows carry their longest context; training and vision rows have none, and no such column.
  const withContext = rows.some((r) => r.maxContextTokens != null);
  const columns = withContext ? COLUMNS : COLUMNS.filter((c) => c.key !== "maxContextTokens");
  const shown = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    const list = source.filter((r) => (!frontierOnly || r.pareto) && (!oneGpu || r.count === 1) && words.every((w) => `${r.label} ${r.gpu}`.toLowerCase().includes(w)));
    const value = (r: ShownRow) => r[sort.key];
    return [...list].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x == null) return y == null ? 0 : 1;
      if (y == null) return -1;
      return typeof x === "string" ? sort.dir * x.localeCompare(String(y)) : sort.dir * ((x as number) - (y as number));
    });
  }, [source, sort, filter, frontierOnly, oneGpu]);

  const onSort = (key: SortKey) => {
    loadAll();
    setSort((s) => (s.key === key ? { key, dir: s.dir === 1 ? -1 : 1 } : { key, dir: key === "speed" || key === "maxContextTokens" ? -1 : 1 }));
  };

  return (
    <div>
      <div className="adv-table-tools">
        <label className="stack" htmlFor="table-filter">
          Filter by GPU
          <input id="table-filter" type="search" value={filter} onChange={(e) => {
              loadAll();
              setFilter(e.target.value);
            }} placeholder="e.g. 4090" autoComplete="off" />
        </label>
        <label>
          <input type="checkbox" checked={frontierOnly} onChange={(e) => {
              loadAll();
              setFrontierOnly(e.target.checked);
            }} /> Only the cost/speed frontier
        </label>
        <label>
          <input type="checkbox" checked={oneGpu} onChange={(e) => {
              loadAll();
              setOneGpu(e.target.checked);
            }} /> Single GPU only
        </label>
        <span className="muted" aria-live="polite" id="table-count">
          {shown.length} of {all ? all.length : total} configurations shown
          {loading === "loading" ? " (loading the rest…)" : loading === "error" ? " (the rest could not be loaded; try again)" : ""}
        </span>
      </div>
      <div className="table-wrap">
        <table className="adv-ranked" aria-describedby="table-count" data-testid="ranked-table">
          <caption className="sr-only">Every configuration that fits, ranked; sort with the column buttons.</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={c.numeric ? "num" : undefined} aria-sort={sort.key === c.key ? (sort.dir === 1 ? "ascending" : "descending") : "none"}>
                  <button type="button" className="adv-sort" onClick={() => onSort(c.key)} data-sort={c.key}>
                    {c.label}
                    {c.key === "energy" ? ` ${energyUnit}` : ""}
                    {sort.key === c.key ? (sort.dir === 1 ? " ▲" : " ▼") : ""}
                  </button>
                </th>
              ))}
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={`${r.gpu}-${r.count}`} data-gpu={r.gpu} data-count={r.count}>
                <td className="num">{r.rank}</td>
                <td data-col="configuration">
                  <a href={`/gpus/${r.gpu}`}>{r.label}</a>
                </td>
                <td className="num">
                  {sig(r.perGpuGB)} / {sig(r.capacityGB)} GB
                </td>
                {withContext && (
                  <td className="num" data-col="max-context">
                    {r.maxContextLabel}
                  </td>
                )}
                <td className="num" data-col="speed">
                  {r.speedLabel}
                </td>
                <td className="num" data-col="cost">
                  {r.costLabel}
                </td>
                <td className="num">{r.energy == null ? "—" : sig(r.energy)}</td>
                <td data-col="notes">
                  {[r.pareto ? "frontier" : "", r.meetsTarget ? "" : "misses target", r.confidence].filter(Boolean).join(", ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!all && (
        <p>
          <button type="button" className="secondary" onClick={loadAll} disabled={loading === "loading"} data-testid="table-show-all">
            {loading === "loading" ? "Loading…" : `Show all ${total} configurations`}
          </button>
        </p>
      )}
    </div>
  );
}
