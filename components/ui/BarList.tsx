/**
 * One small-multiple chart: a labelled bar per item, one unit, the value written at each bar (no
 * axis to read, nothing to overlap). Rendered on the server as HTML, so it costs no JavaScript;
 * the table beside it is the full text equivalent.
 */
export interface BarItem {
  label: string;
  value: number | null;
  /** The value as written ("48.8 tokens/s"); `missing` is written when value is null. */
  text: string;
}

export function BarList({ title, items, better, note, missing = "—" }: { title: string; items: BarItem[]; better: "higher" | "lower"; note?: string; missing?: string }) {
  const values = items.map((i) => i.value).filter((v): v is number => v != null && Number.isFinite(v) && v > 0);
  const max = values.length > 0 ? Math.max(...values) : 1;
  const best = values.length > 1 ? (better === "higher" ? Math.max(...values) : Math.min(...values)) : null;
  return (
    <figure className="bar-list">
      <h3>{title}</h3>
      <ol>
        {items.map((item) => {
          const has = item.value != null && Number.isFinite(item.value) && item.value > 0;
          const isBest = has && item.value === best;
          return (
            <li key={item.label} className={isBest ? "bar-row best" : "bar-row"}>
              <span>{item.label}</span>
              <span className={has ? "bar-value" : "bar-value bar-none"}>
                {has ? item.text : missing}
                {isBest && <span className="badge adv-ok bar-best">best</span>}
              </span>
              <span className="bar-track" aria-hidden="true">
                {has && <span className="bar-fill" style={{ width: `${Math.max(2, (item.value! / max) * 100)}%` }} />}
              </span>
            </li>
          );
        })}
      </ol>
      <figcaption>
        <p>
          {better === "higher" ? "Longer is better" : "Shorter is better"}
          {best != null ? "; the best is marked" : ""}.{note ? ` ${note}` : ""}
        </p>
      </figcaption>
    </figure>
  );
}
