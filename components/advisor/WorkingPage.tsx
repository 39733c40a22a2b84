import { bottleneckRows, configLabel, groupPicks, memoryRows } from "@/lib/advisor/results";
import { workingAt, type WorkingSource } from "@/lib/advisor/working-load";
import { BottleneckSection, MemorySection } from "./PicksWorking";
import { Working } from "./Working";

/**
 * All the folded working of a results or share page as a page of its own: each pick's assumptions
 * and "show the math" (`#working-{n}`), the memory and the bottleneck tables (`#memory-title`).
 * Where the folds lead without JavaScript; with it they load their part on demand instead.
 */
export function WorkingPage({ source, title, back }: { source: WorkingSource; title: string; back: { href: string; label: string } }) {
  const groups = groupPicks(source.recommendation);
  const memory = memoryRows(groups);
  const bottleneck = bottleneckRows(groups);
  return (
    <>
      <h1>{title}</h1>
      <p className="adv-actions">
        <a href={back.href}>← {back.label}</a>
      </p>
      {groups.map((group) => {
        const working = workingAt(source, String(group.index));
        return working ? (
          <section key={group.index} id={`working-${group.index}`} aria-labelledby={`working-${group.index}-title`} className="card adv-section">
            <h2 id={`working-${group.index}-title`}>
              {group.titles.join(" · ")}: {configLabel(group.config)}
            </h2>
            <Working working={working} heading="h3" />
          </section>
        ) : null;
      })}
      {memory.length > 0 && <MemorySection rows={memory} />}
      {bottleneck && bottleneck.rows.length > 0 && <BottleneckSection bottleneck={bottleneck} />}
    </>
  );
}
