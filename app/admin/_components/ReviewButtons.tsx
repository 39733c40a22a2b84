"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "./api";

/** Accept / reject (or reopen) one submitted measurement; the answer is shown in words. */
export function ReviewButtons({ runId, csrfToken, status }: { runId: number; csrfToken: string; status: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; text: string | null; error: boolean }>({ busy: false, text: null, error: false });
  async function decide(action: "accept" | "reject" | "reopen") {
    setState({ busy: true, text: null, error: false });
    const answer = await callApi<{ status: string }>("POST", `/api/v1/admin/measurements/${runId}`, csrfToken, { action });
    if (answer.ok) {
      setState({ busy: false, text: `Now ${answer.body.status}.`, error: false });
      router.refresh();
    } else setState({ busy: false, text: answer.body.error ?? "could not save the decision", error: true });
  }
  return (
    <span>
      {status === "queued" ? (
        <>
          <button type="button" className="small" onClick={() => decide("accept")} disabled={state.busy} aria-label={`Accept run ${runId}`}>
            Accept
          </button>{" "}
          <button type="button" className="secondary small" onClick={() => decide("reject")} disabled={state.busy} aria-label={`Reject run ${runId}`}>
            Reject
          </button>
        </>
      ) : (
        <button type="button" className="secondary small" onClick={() => decide("reopen")} disabled={state.busy} aria-label={`Reopen run ${runId}`}>
          Reopen
        </button>
      )}
      {state.text && (
        <span className={state.error ? "error" : "muted"} role={state.error ? "alert" : "status"}>
          {" "}
          {state.text}
        </span>
      )}
    </span>
  );
}
