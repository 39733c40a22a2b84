import { gb } from "@/lib/advisor/format";
import { MEMORY_PARTS, type MemoryPreview } from "@/lib/advisor/preview";

/** The live "how much memory" answer beside the questionnaire: text first, a small bar as a picture of it. */
export function MemoryPreviewPanel({ preview, valid }: { preview: MemoryPreview | null; valid: boolean }) {
  const memory = preview?.estimate.memory;
  const parts = memory ? MEMORY_PARTS.map((p) => ({ ...p, value: memory[p.key] })).filter((p) => p.value > 0.005) : [];
  const scale = memory ? Math.max(memory.totalGB, preview!.smallestFit ? memory.capacityGB : 0) : 1;
  return (
    <aside className="adv-preview card" aria-labelledby="preview-title">
      <h2 id="preview-title">Memory needed</h2>
      <div aria-live="polite" aria-atomic="true">
        {!valid && <p className="muted">Fix the highlighted answers to see the estimate.</p>}
        {valid && !preview && <p className="muted">No GPU in the catalog matches the vendor filter.</p>}
        {valid && preview && memory && (
          <>
            <p className="adv-total" data-testid="preview-total">
              About <strong>{gb(memory.totalGB)}</strong>
            </p>
            <ul className="adv-parts">
              {parts.map((p) => (
                <li key={p.key}>
                  <span className="adv-swatch" style={{ background: p.color }} aria-hidden="true" /> {p.label}: {gb(p.value)}
                </li>
              ))}
            </ul>
            <p>
              {preview.smallestFit ? (
                <>
                  Fits on one <strong>{preview.smallestFit.name}</strong> ({preview.smallestFit.memoryGB} GB, {gb(memory.capacityGB)} usable), the smallest that does.
                </>
              ) : preview.largest?.count ? (
                <>
                  Too big for any single GPU: needs about {preview.largest.count} × {preview.largest.gpu.name} ({preview.largest.gpu.memoryGB} GB).
                </>
              ) : (
                <>Too big for any single GPU in the catalog, and for up to 1,024 of the largest.</>
              )}
            </p>
          </>
        )}
      </div>
      {valid && preview && memory && (
        <div className="adv-bar" aria-hidden="true">
          {parts.map((p) => (
            <span key={p.key} style={{ width: `${(p.value / scale) * 100}%`, background: p.color }} />
          ))}
          {preview.smallestFit && <i className="adv-capacity" style={{ left: `${Math.min(100, (memory.capacityGB / scale) * 100)}%` }} />}
        </div>
      )}
      {valid && preview?.smallestFit && <p className="muted adv-small">The line marks that GPU&apos;s usable memory. Estimates at one GPU; multi-GPU options come with the results.</p>}
    </aside>
  );
}
