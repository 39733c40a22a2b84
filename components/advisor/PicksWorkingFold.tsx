"use client";

import { useRef, useState, useSyncExternalStore } from "react";
import type { MemoryRow } from "@/lib/advisor/results";
import { BottleneckSection, MemorySection, type BottleneckTable } from "./PicksWorking";

const subscribeNothing = () => () => {};

type Parts = { memory: MemoryRow[]; bottleneck: BottleneckTable | null };
type State = { status: "idle" | "loading" } | { status: "error"; message: string } | { status: "open"; parts: Parts };

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
  const [state, setState] = useState<State>(parts ? { status: "open", parts } : { status: "idle" });
  const summaryRef = useRef<HTMLElement>(null);

  const load = () => {
    if (!dataUrl) return;
    setState({ status: "loading" });
    fetch(dataUrl, { headers: { accept: "application/json" } })
      .then(async (response) => {
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { error?: string } | null;
          throw new Error(body?.error ?? `the server answered ${response.status}`);
        }
        const body = (await response.json()) as Partial<Parts>;
        setState({ status: "open", parts: { memory: body.memory ?? [], bottleneck: body.bottleneck ?? null } });
      })
      .catch((error: unknown) => setState({ status: "error", message: error instanceof TypeError ? "the network request failed" : (error as Error).message }));
  };

  // The retry button goes away while loading: focus returns to the fold's summary rather than the page.
  const retry = () => {
    summaryRef.current?.focus();
    load();
  };

  return (
    <details
      className="fold"
      data-testid="results-details"
      onToggle={(event) => {
        if (event.currentTarget.open && state.status === "idle") load();
      }}
    >
      <summary ref={summaryRef}>The working: how the picks use memory, and what limits their speed</summary>
      {!hydrated && state.status !== "open" && pageUrl && (
        <p>
          <a href={`${pageUrl}#memory-title`}>Open the working as a page</a>
        </p>
      )}
      {hydrated && state.status === "loading" && (
        <p role="status" className="adv-small muted">
          Loading the working…
        </p>
      )}
      {state.status === "error" && (
        <p role="alert" className="notice adv-small">
          Could not load the working: {state.message}.{" "}
          <button type="button" className="secondary small" onClick={retry}>
            Try again
          </button>
          {pageUrl ? (
            <>
              {" "}
              or <a href={`${pageUrl}#memory-title`}>open it as a page</a>
            </>
          ) : null}
          .
        </p>
      )}
      {state.status === "open" && (
        <>
          {state.parts.memory.length > 0 && <MemorySection rows={state.parts.memory} />}
          {state.parts.bottleneck && state.parts.bottleneck.rows.length > 0 && <BottleneckSection bottleneck={state.parts.bottleneck} />}
        </>
      )}
    </details>
  );
}
