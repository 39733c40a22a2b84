import type { Metadata } from "next";
import Link from "next/link";
import { KIND_LABELS, modelsByKind } from "@/lib/advisor/model-page";
import { formatParameters } from "@/lib/advisor/format";
import { MODEL_KINDS, PRESETS } from "@/lib/workload/presets";

export const metadata: Metadata = {
  title: "Models",
  description: "Every model preset the advisor knows: parameters, context length and attention, each with the memory it needs and the GPUs that run it.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

export default async function ModelsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const q = first(params.q)?.slice(0, 100) ?? "";
  const kindParam = first(params.kind);
  const kind = (MODEL_KINDS as readonly string[]).includes(kindParam ?? "") ? kindParam : undefined;
  const groups = modelsByKind(q, kind);
  const shown = groups.reduce((n, g) => n + g.models.length, 0);
  return (
    <>
      <h1>Models</h1>
      <p className="muted">
        {PRESETS.length} open models, each with its architecture from the published config.json. Open one for the memory it needs at each precision and the GPUs that run it best.
      </p>
      <form className="filters" method="get" action="/models" aria-label="Filter models">
        <label className="stack">
          Search
          <input type="search" name="q" defaultValue={q} placeholder="e.g. llama 3.1" />
        </label>
        <label className="stack">
          Kind
          <select name="kind" defaultValue={kind ?? ""}>
            <option value="">All kinds</option>
            {MODEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply filters</button>
      </form>
      <p className="muted" id="result-count" aria-live="polite" data-testid="model-count">
        {shown === PRESETS.length ? `${shown} models` : `${shown} of ${PRESETS.length} models`}
        {shown !== PRESETS.length && (
          <>
            {" "}
            · <Link href="/models">show all</Link>
          </>
        )}
      </p>
      {groups.length === 0 && <p>No model matches. Try a shorter name, or use a custom model in the <Link href="/advisor">advisor</Link>.</p>}
      {groups.map((group) => (
        <section key={group.kind} aria-labelledby={`kind-${group.kind}`} data-kind={group.kind}>
          <h2 id={`kind-${group.kind}`}>
            {KIND_LABELS[group.kind]} <span className="muted">({group.models.length})</span>
          </h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col" className="num">
                    Parameters
                  </th>
                  <th scope="col" className="num">
                    Active per token
                  </th>
                  <th scope="col" className="num">
                    Context
                  </th>
                  <th scope="col">Attention</th>
                </tr>
              </thead>
              <tbody>
                {group.models.map((m) => (
                  <tr key={m.id} data-model={m.id}>
                    <th scope="row">
                      <Link href={`/models/${m.id}`}>{m.name}</Link>
                    </th>
                    <td className="num">{formatParameters(m.parameters)}</td>
                    <td className="num">{m.activeParameters != null && m.activeParameters !== m.parameters ? formatParameters(m.activeParameters) : <span className="muted">all</span>}</td>
                    <td className="num">{m.maxContext != null ? `${m.maxContext.toLocaleString("en-US")} tokens` : "—"}</td>
                    <td>{m.attention ? m.attention.toUpperCase() : <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
