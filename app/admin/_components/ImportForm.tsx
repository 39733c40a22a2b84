"use client";

import { useState, type FormEvent } from "react";
import type { ImportPreview } from "@/lib/admin/transfer";
import { callApi } from "./api";

function show(value: unknown): string {
  if (value === null || value === undefined) return "(empty)";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Pick a file, preview what it would change row by row, then apply it: all rows or none. */
export function ImportForm({ csrfToken }: { csrfToken: string }) {
  const [request, setRequest] = useState<{ format: "json" | "csv"; entity?: "gpus" | "cloud-offers"; content: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function previewFile(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setMessage({ text: "Choose a file first.", error: true });
      return;
    }
    const format = file.name.toLowerCase().endsWith(".csv") ? "csv" : "json";
    const next = { format, entity: format === "csv" ? (String(form.get("entity")) as "gpus" | "cloud-offers") : undefined, content: await file.text() } as const;
    setBusy(true);
    setMessage(null);
    const answer = await callApi<ImportPreview>("POST", "/api/v1/admin/import", csrfToken, { ...next, apply: false });
    setBusy(false);
    if (!answer.ok) {
      setPreview(null);
      setMessage({ text: answer.body.error ?? "could not read the file", error: true });
      return;
    }
    setRequest(next);
    setPreview(answer.body);
  }

  async function apply() {
    if (!request || !preview) return;
    setBusy(true);
    const answer = await callApi<ImportPreview & { preview?: ImportPreview }>("POST", "/api/v1/admin/import", csrfToken, { ...request, apply: true, expectedCatalogVersion: preview.catalogVersion });
    setBusy(false);
    if (answer.ok) {
      setPreview(answer.body);
      setMessage({ text: `Applied: ${answer.body.summary.new} new, ${answer.body.summary.changed} changed; catalog version ${answer.body.catalogVersion}.`, error: false });
    } else {
      if (answer.body.preview) setPreview(answer.body.preview);
      setMessage({ text: answer.body.error ?? "the import was rejected; nothing was changed", error: true });
    }
  }

  const blocked = !preview || preview.applied || preview.fileErrors.length > 0 || preview.summary.errors > 0 || preview.summary.new + preview.summary.changed === 0;
  return (
    <>
      <form className="card admin-form narrow" onSubmit={previewFile}>
        <label className="stack" htmlFor="import-file">
          File (.json as exported, or .csv)
          <input id="import-file" name="file" type="file" accept=".json,.csv,application/json,text/csv" required />
        </label>
        <label className="stack" htmlFor="import-entity">
          A CSV file holds
          <select id="import-entity" name="entity" defaultValue="gpus">
            <option value="gpus">GPUs</option>
            <option value="cloud-offers">cloud offers</option>
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Preview (changes nothing)
        </button>
      </form>
      {message && (
        <p className={message.error ? "error" : "notice ok"} role={message.error ? "alert" : "status"}>
          {message.text}
        </p>
      )}
      {preview && (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">{preview.applied ? "Applied" : "Preview"}</h2>
          <p>
            {preview.summary.new} new, {preview.summary.changed} changed, {preview.summary.unchanged} unchanged, {preview.summary.errors} with errors (catalog version{" "}
            {preview.catalogVersion}).
          </p>
          {preview.fileErrors.map((text) => (
            <p key={text} className="error">
              {text}
            </p>
          ))}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Entry</th>
                  <th scope="col">Status</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows
                  .filter((row) => row.status !== "unchanged")
                  .map((row) => (
                    <tr key={`${row.entity}-${row.row}`} data-status={row.status}>
                      <td>
                        {row.entity === "gpu" ? "GPU" : "offer"} {row.row}
                      </td>
                      <td>{row.key}</td>
                      <td className={row.status === "error" ? "error" : undefined}>{row.status}</td>
                      <td className="wrap">
                        {row.errors.map((issue) => (
                          <div key={`${issue.field}:${issue.message}`} className="error">
                            row {issue.row}, {issue.field}: {issue.message}
                          </div>
                        ))}
                        {row.changes.map((change) => (
                          <div key={change.field}>
                            {change.field}: {show(change.before)} → {show(change.after)}
                          </div>
                        ))}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          {!preview.applied && (
            <p>
              <button type="button" onClick={apply} disabled={busy || blocked}>
                Apply all {preview.summary.new + preview.summary.changed} changes
              </button>{" "}
              {preview.summary.errors > 0 && <span className="error">Fix the rows with errors first: an import applies all rows or none.</span>}
            </p>
          )}
        </section>
      )}
    </>
  );
}
