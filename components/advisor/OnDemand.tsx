"use client";

import { useState, type RefObject } from "react";

export type OnDemandState<T> = { status: "idle" | "loading" } | { status: "error"; message: string } | { status: "done"; value: T };

/**
 * JSON that loads when the reader asks for it (a fold opened), not with the page: the state of the
 * load and the function that starts it. `read` turns the answer's body into the value; a failed
 * answer's message is its JSON `error` (the API's error shape), else its status; a network failure
 * says so. With `initial` there is nothing to load: the value is there from the start.
 * Example: `const [state, load] = useOnDemand("/r/abc/picks/0", (body) => body as PickWorking)`.
 */
export function useOnDemand<T>(url: string | undefined, read: (body: unknown) => T, initial?: T) {
  const [state, setState] = useState<OnDemandState<T>>(initial === undefined ? { status: "idle" } : { status: "done", value: initial });
  const load = () => {
    if (!url) return;
    setState({ status: "loading" });
    fetch(url, { headers: { accept: "application/json" } })
      .then(async (response) => {
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { error?: string } | null;
          throw new Error(body?.error ?? `the server answered ${response.status}`);
        }
        setState({ status: "done", value: read(await response.json()) });
      })
      .catch((error: unknown) => setState({ status: "error", message: error instanceof TypeError ? "the network request failed" : (error as Error).message }));
  };
  return [state, load] as const;
}

/**
 * What an on-demand load says while it runs and when it fails: a status line, or an alert with a
 * retry and, where there is one, a link to the same content as a page of its own. The retry button
 * goes away while loading, so focus first returns to `focusOnRetry` (the fold's own control) rather
 * than falling to the page.
 */
export function OnDemandStatus({ state, what, retry, focusOnRetry, pageUrl }: { state: OnDemandState<unknown>; what: string; retry: () => void; focusOnRetry: RefObject<HTMLElement | null>; pageUrl?: string }) {
  if (state.status === "loading") {
    return (
      <p role="status" className="adv-small muted">
        Loading {what}…
      </p>
    );
  }
  if (state.status !== "error") return null;
  return (
    <p role="alert" className="notice adv-small">
      Could not load {what}: {state.message}.{" "}
      <button
        type="button"
        className="secondary small"
        onClick={() => {
          focusOnRetry.current?.focus();
          retry();
        }}
      >
        Try again
      </button>
      {pageUrl ? (
        <>
          {" "}
          or <a href={pageUrl}>open it as a page</a>
        </>
      ) : null}
      .
    </p>
  );
}
