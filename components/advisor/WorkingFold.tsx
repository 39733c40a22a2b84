"use client";

import { useId, useRef, useState, useSyncExternalStore } from "react";
import type { PickWorking } from "@/lib/advisor/working";
import { Working } from "./Working";

const subscribeNothing = () => () => {};

type State = { status: "closed" | "loading" } | { status: "error"; message: string } | { status: "open"; working: PickWorking };

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
  const [state, setState] = useState<State>({ status: "closed" });
  const id = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);

  const load = () => {
    setState({ status: "loading" });
    fetch(dataUrl, { headers: { accept: "application/json" } })
      .then(async (response) => {
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { error?: string } | null;
          throw new Error(body?.error ?? `the server answered ${response.status}`);
        }
        setState({ status: "open", working: (await response.json()) as PickWorking });
      })
      .catch((error: unknown) => setState({ status: "error", message: error instanceof TypeError ? "the network request failed" : (error as Error).message }));
  };
  // The retry button goes away while loading: focus returns to the disclosure button rather than the page.
  const retry = () => {
    toggleRef.current?.focus();
    load();
  };
  const toggle = () => {
    const next = !expanded;
    setExpanded(next);
    if (next && state.status !== "open" && state.status !== "loading") load();
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
        {state.status === "loading" && (
          <p role="status" className="adv-small muted">
            Loading the working…
          </p>
        )}
        {state.status === "error" && (
          <p role="alert" className="notice adv-small">
            Could not load the working: {state.message}.{" "}
            <button type="button" className="secondary small" onClick={retry}>
              Try again
            </button>{" "}
            or <a href={pageUrl}>open it as a page</a>.
          </p>
        )}
        {state.status === "open" && <Working working={state.working} />}
      </div>
    </div>
  );
}
