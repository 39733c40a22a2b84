"use client";

import { Combobox, ComboboxInput, ComboboxOption, ComboboxOptions, Field, Label } from "@headlessui/react";
import { useMemo, useState } from "react";

export interface PickerGpu {
  slug: string;
  name: string;
  /** Shown beside the name and searched: vendor, memory. */
  detail: string;
}

/** Every word typed appears in the name or detail: "4090 24" finds "NVIDIA GeForce RTX 4090 · 24 GB". */
export function matchesQuery(gpu: PickerGpu, query: string): boolean {
  const haystack = `${gpu.name} ${gpu.detail} ${gpu.slug}`.toLowerCase();
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}

/**
 * Searchable multi-select of catalog GPUs (Headless UI's combobox: ARIA combobox pattern, arrow
 * keys, Enter to pick). The choice travels in the enclosing GET form as one `name` field of
 * comma-separated slugs, so the URL keeps the state and the page works the same when shared.
 */
export function GpuPicker({ gpus, initial, name, max, label }: { gpus: PickerGpu[]; initial: string[]; name: string; max: number; label: string }) {
  const bySlug = useMemo(() => new Map(gpus.map((g) => [g.slug, g])), [gpus]);
  const [selected, setSelected] = useState<PickerGpu[]>(() => initial.map((slug) => bySlug.get(slug)).filter((g) => g !== undefined));
  const [query, setQuery] = useState("");
  const full = selected.length >= max;
  const shown = useMemo(() => gpus.filter((g) => matchesQuery(g, query)).slice(0, 50), [gpus, query]);
  const remove = (slug: string) => setSelected((current) => current.filter((g) => g.slug !== slug));
  return (
    <div className="picker">
      <input type="hidden" name={name} value={selected.map((g) => g.slug).join(",")} />
      <Field className="picker-field">
        <Label className="picker-label">{label}</Label>
        <Combobox multiple value={selected} by="slug" onChange={(value: PickerGpu[]) => setSelected(value.slice(0, max))} onClose={() => setQuery("")}>
          <div className="picker-box">
            <ComboboxInput
              className="picker-input"
              placeholder={full ? `${max} chosen: remove one to add another` : "Type a GPU name, e.g. 4090 or H100"}
              onChange={(event) => setQuery(event.target.value)}
              displayValue={() => query}
              autoComplete="off"
            />
            <ComboboxOptions className="picker-options" modal={false}>
              {shown.length === 0 ? (
                <li className="picker-empty">No GPU matches “{query}”.</li>
              ) : (
                shown.map((gpu) => {
                  const chosen = selected.some((g) => g.slug === gpu.slug);
                  return (
                    <ComboboxOption key={gpu.slug} value={gpu} disabled={full && !chosen} className="picker-option">
                      <span className="picker-check" aria-hidden="true">
                        {chosen ? "✓" : ""}
                      </span>
                      <span>
                        {gpu.name} <span className="picker-detail">{gpu.detail}</span>
                      </span>
                    </ComboboxOption>
                  );
                })
              )}
            </ComboboxOptions>
          </div>
        </Combobox>
      </Field>
      {selected.length > 0 && (
        <ul className="picker-chips" aria-label="Chosen GPUs">
          {selected.map((gpu) => (
            <li key={gpu.slug} className="picker-chip" data-slug={gpu.slug}>
              {gpu.name}
              <button type="button" className="picker-remove" onClick={() => remove(gpu.slug)} aria-label={`Remove ${gpu.name}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="adv-hint">
        {selected.length} of {max} chosen.
      </p>
    </div>
  );
}
