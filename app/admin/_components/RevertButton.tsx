"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "./api";

/** One-click revert of an audit entry; a refusal (the row changed since) is shown in words. */
export function RevertButton({ entryId, csrfToken, label }: { entryId: number; csrfToken: string; label: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; text: string | null; error: boolean }>({ busy: false, text: null, error: false });
  async function revert() {
    setState({ busy: true, text: null, error: false });
    const answer = await callApi<{ auditId: number }>("POST", `/api/v1/admin/audit/${entryId}/revert`, csrfToken);
    if (answer.ok) {
      setState({ busy: false, text: `Reverted (entry #${answer.body.auditId}).`, error: false });
      router.refresh();
    } else setState({ busy: false, text: answer.body.error ?? "could not revert", error: true });
  }
  return (
    <span>
      <button type="button" className="secondary small" onClick={revert} disabled={state.busy} aria-label={label}>
        Revert
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
