"use client";

import { useId, useRef, useState, useSyncExternalStore } from "react";
import type { PickWorking } from "@/lib/advisor/working";
import { OnDemandStatus, useOnDemand } from "./OnDemand";
import { Working } from "./Working";

const subscribeNothing = () => () => {};

/**
 * A pick card's working (assumptions and "show the math"), loaded when the reader opens it, so the
 * page carries each card's answer but not its working twice (HTML and the React Server Components
 * payload). A disclosure button (aria-expanded; focus stays on it) with a loading state and an error
 * with a retry. Before the page hydrates, and without JavaScript, it is a plain link to the working
 * as a page of its own (`pageUrl`).
 */
export function WorkingFold({ dataUrl, pageUrl, assumptions }: { dataUrl: string; pageUrl: string; assumptions: number }) {
  // false in the server's HTML and while hydrating, true once the page runs in the browser.
  const hydrated = useSyncExternalStore(subscribeNothing, () => true, () => false);
  const [expanded, setExpanded] = useState(false);
  const [state, load] = useOnDemand(dataUrl, (body) => body as PickWorking);
  const id = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);

  const toggle = () => {
    const next = !expanded;
    setExpanded(next);
    if (next && state.status !== "done" && state.status !== "loading") load();
  };

  const label = `Show the math and assumptions (${assumptions})`;
  if (!hydrated) {
    return (
      <p className="adv-working">
        <a href={pageUrl}>{label}</a>
      </p>
    );
  }
  return (
    <div className="adv-working">
      <button ref={toggleRef} type="button" className="adv-working-toggle" aria-expanded={expanded} aria-controls={id} onClick={toggle}>
        {label}
      </button>
      <div id={id} hidden={!expanded} aria-busy={state.status === "loading"}>
        <OnDemandStatus state={state} what="the working" retry={load} focusOnRetry={toggleRef} pageUrl={pageUrl} />
        {state.status === "done" && <Working working={state.value} />}
      </div>
    </div>
  );
}
