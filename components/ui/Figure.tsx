import type { ReactNode } from "react";

/**
 * A chart with its title and the one sentence saying what to see (Datawrapper's habit). The chart
 * itself is hidden from screen readers where `text` (a table or list nearby) carries the same figures.
 */
export function Figure({ title, takeaway, children, id }: { title: string; takeaway: ReactNode; children: ReactNode; id?: string }) {
  return (
    <figure className="chart-figure" id={id}>
      <p className="chart-title">{title}</p>
      {children}
      <figcaption className="chart-takeaway">{takeaway}</figcaption>
    </figure>
  );
}
