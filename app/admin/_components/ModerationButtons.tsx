"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "./api";

/** Hide / show / delete one community benchmark run; every change is audited and revertible. */
export function ModerationButtons({ runId, csrfToken, hidden }: { runId: number; csrfToken: string; hidden: boolean }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; text: string | null; error: boolean }>({ busy: false, text: null, error: false });
  async function act(method: "PATCH" | "DELETE", body: unknown, done: string) {
    setState({ busy: true, text: null, error: false });
    const answer = await callApi<{ auditId: number | null }>(method, `/api/v1/admin/benchmark-runs/${runId}`, csrfToken, body);
    if (answer.ok) {
      setState({ busy: false, text: answer.body.auditId ? `${done} (audit entry #${answer.body.auditId}).` : done, error: false });
      router.refresh();
    } else setState({ busy: false, text: answer.body.error ?? "could not save the change", error: true });
  }
  return (
    <span>
      <button type="button" className="secondary small" disabled={state.busy} onClick={() => act("PATCH", { hidden: !hidden }, hidden ? "Shown again" : "Hidden")} aria-label={`${hidden ? "Show" : "Hide"} run ${runId}`}>
        {hidden ? "Show" : "Hide"}
      </button>{" "}
      <button
        type="button"
        className="secondary small"
        disabled={state.busy}
        aria-label={`Delete run ${runId}`}
        onClick={() => {
          if (window.confirm(`Delete benchmark run ${runId}? The audit log keeps it, so it can be put back.`)) void act("DELETE", undefined, "Deleted");
        }}
      >
        Delete
      </button>
      {state.text && (
        <span className={state.error ? "error" : "muted"} role={state.error ? "alert" : "status"}>
          {" "}
          {state.text}
        </span>
      )}
    </span>
  );
}
