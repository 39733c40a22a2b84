"use client";

import { useRef, useSyncExternalStore } from "react";
import type { MemoryRow } from "@/lib/advisor/results";
import { OnDemandStatus, useOnDemand } from "./OnDemand";
import { BottleneckSection, MemorySection, type BottleneckTable } from "./PicksWorking";

const subscribeNothing = () => () => {};

type Parts = { memory: MemoryRow[]; bottleneck: BottleneckTable | null };

const readParts = (body: unknown): Parts => {
  const parts = body as Partial<Parts>;
  return { memory: parts.memory ?? [], bottleneck: parts.bottleneck ?? null };
};

/**
 * The results' folded working (how the picks use memory, what limits their speed), loaded from
 * `dataUrl` (the rows endpoint: JSON with `memory` and `bottleneck`) the first time it is opened,
 * so the page does not carry it twice (HTML and the React Server Components payload) for the
 * readers who never open it. A native <details>: the keyboard, focus and the expanded state are
 * the browser's. Before the page hydrates and without JavaScript it holds a link to the working as
 * a page of its own (`pageUrl`). With `parts` it is drawn at once (nothing to load).
 */
export function PicksWorkingFold({ dataUrl, pageUrl, parts }: { dataUrl?: string; pageUrl?: string; parts?: Parts }) {
  const hydrated = useSyncExternalStore(subscribeNothing, () => true, () => false);
  const [state, load] = useOnDemand(dataUrl, readParts, parts);
  const summaryRef = useRef<HTMLElement>(null);
  const workingPage = pageUrl ? `${pageUrl}#memory-title` : undefined;

  return (
    <details
      className="fold"
      data-testid="results-details"
      onToggle={(event) => {
        if (event.currentTarget.open && state.status === "idle") load();
      }}
    >
      <summary ref={summaryRef}>The working: how the picks use memory, and what limits their speed</summary>
      {!hydrated && state.status !== "done" && workingPage && (
        <p>
          <a href={workingPage}>Open the working as a page</a>
        </p>
      )}
      <OnDemandStatus state={state} what="the working" retry={load} focusOnRetry={summaryRef} pageUrl={workingPage} />
      {state.status === "done" && (
        <>
          {state.value.memory.length > 0 && <MemorySection rows={state.value.memory} />}
          {state.value.bottleneck && state.value.bottleneck.rows.length > 0 && <BottleneckSection bottleneck={state.value.bottleneck} />}
        </>
      )}
    </details>
  );
}
