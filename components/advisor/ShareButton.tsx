"use client";

import { useState } from "react";
import type { RecommendationRequest } from "@/lib/api/schemas";
import { CopyLink } from "./CopyLink";

/** Stores this recommendation as an immutable snapshot (POST /api/v1/recommendations) and shows its link. */
export function ShareButton({ request }: { request: RecommendationRequest }) {
  const [state, setState] = useState<{ status: "idle" | "saving" | "error"; message?: string } | { status: "done"; url: string }>({ status: "idle" });
  const share = async () => {
    setState({ status: "saving" });
    try {
      const response = await fetch("/api/v1/recommendations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      const body = (await response.json()) as { url?: string; error?: string };
      if (response.status !== 201 || !body.url) throw new Error(body.error ?? `the server answered ${response.status}`);
      setState({ status: "done", url: body.url });
    } catch (error) {
      setState({ status: "error", message: (error as Error).message });
    }
  };
  return (
    <div className="adv-share">
      {state.status !== "done" && (
        <button type="button" onClick={share} disabled={state.status === "saving"}>
          {state.status === "saving" ? "Saving…" : "Share these results"}
        </button>
      )}
      <div aria-live="polite">
        {state.status === "done" && <CopyLink url={state.url} label="Link to these results (it never changes)" />}
        {state.status === "error" && <p className="error">Could not save the link: {state.message}</p>}
      </div>
    </div>
  );
}
