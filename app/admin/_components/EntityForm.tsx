"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { fieldText, fieldValue, type FormField } from "@/lib/admin/form-fields";
import { callApi, type ApiIssue } from "./api";

/**
 * The edit / create form of a GPU or a cloud offer. An edit sends only the fields that changed,
 * with the version it was based on; a figure that changed needs its source URL typed in (GPUs:
 * the figure's source box; offers: the source URL field). When someone else saved first (409),
 * the form lists each field with your value and theirs, and lets you re-apply yours on top of
 * their version or take theirs.
 */
type Values = Record<string, string>;
type EntityRecord = Record<string, unknown> & { version?: number; retired?: boolean; sources?: Record<string, string> };

interface Props {
  kind: "gpu" | "cloudOffer";
  fields: FormField[];
  csrfToken: string;
  /** null: a create form. */
  initial: EntityRecord | null;
  /** POST endpoint (create) or the item's endpoint (PATCH/DELETE). */
  endpoint: string;
  /** Where the item's edit page lives, for a created item: `${editBase}/${key}`. */
  editBase: string;
  /** Defaults for a create form. */
  defaults?: Values;
}

function toValues(fields: FormField[], record: EntityRecord | null, defaults: Values = {}): Values {
  return Object.fromEntries(fields.map((field) => [field.key, record ? fieldText(record[field.key]) : (defaults[field.key] ?? "")]));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function display(value: unknown): string {
  return value === null || value === undefined || value === "" ? "(empty)" : String(value);
}

export function EntityForm({ kind, fields, csrfToken, initial, endpoint, editBase, defaults }: Props) {
  const router = useRouter();
  const [base, setBase] = useState<EntityRecord | null>(initial);
  const [values, setValues] = useState<Values>(() => toValues(fields, initial, defaults));
  const [sources, setSources] = useState<Values>({});
  const [issues, setIssues] = useState<ApiIssue[]>([]);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [conflict, setConflict] = useState<EntityRecord | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmSource, setConfirmSource] = useState(false);
  const creating = base === null;

  const changed = useMemo(
    () => (base ? fields.filter((field) => !same(fieldValue(field, values[field.key] ?? ""), base[field.key] ?? null)) : fields),
    [base, fields, values],
  );

  function patchBody(version: number): Record<string, unknown> {
    const body: Record<string, unknown> = { version };
    for (const field of changed) body[field.key] = fieldValue(field, values[field.key] ?? "");
    const given = Object.fromEntries(Object.entries(sources).filter(([, url]) => url.trim() !== "").map(([key, url]) => [key, url.trim()]));
    if (Object.keys(given).length > 0) body.sources = given;
    if (kind === "cloudOffer" && confirmSource && !("sourceUrl" in body)) body.sourceUrl = values.sourceUrl;
    return body;
  }

  function createBody(): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const field of fields) {
      const value = fieldValue(field, values[field.key] ?? "");
      if (value !== null) body[field.key] = value;
    }
    if (kind === "gpu") body.sources = Object.fromEntries(Object.entries(sources).filter(([, url]) => url.trim() !== "").map(([key, url]) => [key, url.trim()]));
    return body;
  }

  function loaded(record: EntityRecord, text: string) {
    setBase(record);
    setValues(toValues(fields, record));
    setSources({});
    setConfirmSource(false);
    setIssues([]);
    setConflict(null);
    setMessage({ text, error: false });
  }

  async function send(method: string, url: string, body?: unknown) {
    setBusy(true);
    setMessage(null);
    setIssues([]);
    const answer = await callApi<EntityRecord & { current?: EntityRecord }>(method, url, csrfToken, body);
    setBusy(false);
    return answer;
  }

  async function save(version: number) {
    if (creating) {
      const answer = await send("POST", endpoint, createBody());
      if (answer.status === 201) {
        const key = kind === "gpu" ? String(answer.body.slug) : String(answer.body.id);
        router.push(`${editBase}/${encodeURIComponent(key)}?created=1`);
        return;
      }
      setIssues(answer.body.issues ?? []);
      setMessage({ text: answer.body.error ?? "could not create", error: true });
      return;
    }
    if (changed.length === 0 && Object.values(sources).every((url) => url.trim() === "")) {
      setMessage({ text: "Nothing changed.", error: false });
      return;
    }
    const answer = await send("PATCH", endpoint, patchBody(version));
    if (answer.ok) {
      loaded(answer.body, `Saved: now version ${answer.body.version}.`);
    } else if (answer.status === 409 && answer.body.current) {
      setConflict(answer.body.current);
      setMessage({ text: answer.body.error ?? "someone else saved first", error: true });
    } else {
      setIssues(answer.body.issues ?? []);
      setMessage({ text: answer.body.error ?? "could not save", error: true });
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await save(base?.version ?? 1);
  }

  async function reapplyMine() {
    if (!conflict) return;
    // Keep my edited values, rebase everything else on their version, and save on top of it.
    const mine = new Set(changed.map((field) => field.key));
    setBase(conflict);
    setValues((current) => Object.fromEntries(fields.map((field) => [field.key, mine.has(field.key) ? (current[field.key] ?? "") : fieldText(conflict[field.key])])));
    setConflict(null);
    const answer = await send("PATCH", endpoint, patchBody(conflict.version ?? 1));
    if (answer.ok) loaded(answer.body, `Your changes were applied on top of theirs: now version ${answer.body.version}.`);
    else if (answer.status === 409 && answer.body.current) {
      setConflict(answer.body.current);
      setMessage({ text: answer.body.error ?? "someone else saved again", error: true });
    } else {
      setIssues(answer.body.issues ?? []);
      setMessage({ text: answer.body.error ?? "could not save", error: true });
    }
  }

  async function setRetired(retired: boolean) {
    if (!base) return;
    const answer = retired ? await send("DELETE", `${endpoint}?version=${base.version}`) : await send("PATCH", endpoint, { version: base.version, retired: false });
    if (answer.ok) loaded(answer.body, retired ? "Retired: hidden from the catalog and new recommendations; old share links keep it." : "Restored to the catalog.");
    else if (answer.status === 409 && answer.body.current) {
      setConflict(answer.body.current);
      setMessage({ text: answer.body.error ?? "someone else saved first", error: true });
    } else setMessage({ text: answer.body.error ?? "could not change it", error: true });
  }

  const issueFor = (path: string) => issues.filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`)).map((issue) => issue.message);
  const conflictRows = conflict
    ? fields.filter((field) => changed.some((c) => c.key === field.key) || !same(base?.[field.key] ?? null, conflict[field.key] ?? null))
    : [];

  return (
    <form className="admin-form" onSubmit={submit} aria-describedby="form-status">
      {base?.retired && <p className="notice">This {kind === "gpu" ? "GPU" : "offer"} is retired: it is hidden from the catalog and from new recommendations.</p>}
      <div className="admin-fields">
        {fields.map((field) => {
          const id = `field-${field.key}`;
          const errors = issueFor(field.key);
          const sourceErrors = field.sourced ? issueFor(`sources.${field.key}`) : [];
          const current = field.sourced ? base?.sources?.[field.key] : undefined;
          const isChanged = !creating && changed.some((c) => c.key === field.key);
          return (
            <div key={field.key} className={`admin-field${isChanged ? " changed" : ""}`}>
              <label className="stack" htmlFor={id}>
                {field.label}
                {field.unit ? ` (${field.unit})` : ""}
                {field.required ? " *" : ""}
                {field.kind === "select" ? (
                  <select id={id} value={values[field.key]} required={field.required} onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}>
                    {!field.required && <option value="">—</option>}
                    {field.options?.map((option) => (
                      <option key={option} value={option}>
                        {option}
                      </option>
                    ))}
                  </select>
                ) : field.kind === "textarea" ? (
                  <textarea id={id} rows={3} value={values[field.key]} onChange={(e) => setValues({ ...values, [field.key]: e.target.value })} />
                ) : (
                  <input
                    id={id}
                    type={field.kind === "number" || field.kind === "integer" ? "number" : field.kind === "date" ? "date" : field.kind === "url" ? "url" : "text"}
                    step={field.kind === "integer" ? 1 : field.kind === "number" ? "any" : undefined}
                    inputMode={field.kind === "number" ? "decimal" : field.kind === "integer" ? "numeric" : undefined}
                    value={values[field.key]}
                    required={field.required}
                    readOnly={!creating && kind === "gpu" && field.key === "slug"}
                    aria-invalid={errors.length > 0 || undefined}
                    onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
                  />
                )}
              </label>
              {errors.map((text) => (
                <p key={text} className="error field-error">
                  {text}
                </p>
              ))}
              {field.sourced && (
                <>
                  <label className="stack source" htmlFor={`source-${field.key}`}>
                    Source URL for {field.label.toLowerCase()}
                    {isChanged && fieldValue(field, values[field.key] ?? "") !== null ? " (required: the figure changed)" : ""}
                    <input
                      id={`source-${field.key}`}
                      type="url"
                      placeholder={current ? "unchanged unless you type a new one" : "https://…"}
                      value={sources[field.key] ?? ""}
                      aria-invalid={sourceErrors.length > 0 || undefined}
                      onChange={(e) => setSources({ ...sources, [field.key]: e.target.value })}
                    />
                  </label>
                  {current && (
                    <p className="muted field-note">
                      Current source:{" "}
                      <a href={current} rel="noopener noreferrer nofollow" target="_blank">
                        {current}
                      </a>
                    </p>
                  )}
                  {sourceErrors.map((text) => (
                    <p key={text} className="error field-error">
                      {text}
                    </p>
                  ))}
                </>
              )}
            </div>
          );
        })}
      </div>
      {kind === "cloudOffer" && !creating && (
        <label className="confirm">
          <input type="checkbox" checked={confirmSource} onChange={(e) => setConfirmSource(e.target.checked)} /> The source URL above backs the changed price, count or date
        </label>
      )}
      <div id="form-status" aria-live="polite">
        {message && <p className={message.error ? "error" : "notice ok"} role={message.error ? "alert" : "status"}>{message.text}</p>}
        {issues.length > 0 && (
          <ul className="error">
            {issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                {issue.path}: {issue.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      {conflict && (
        <section className="card conflict" aria-labelledby="conflict-title">
          <h2 id="conflict-title">Someone else saved version {conflict.version} while you were editing</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Your value</th>
                  <th scope="col">Their value (version {conflict.version})</th>
                </tr>
              </thead>
              <tbody>
                {conflictRows.map((field) => {
                  const mine = changed.some((c) => c.key === field.key);
                  return (
                    <tr key={field.key} data-field={field.key}>
                      <th scope="row">{field.label}</th>
                      <td>{mine ? display(fieldValue(field, values[field.key] ?? "")) : <span className="muted">not changed by you</span>}</td>
                      <td>{display(conflict[field.key])}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p>
            <button type="button" onClick={reapplyMine} disabled={busy}>
              Apply my changes on top of theirs
            </button>{" "}
            <button type="button" className="secondary" onClick={() => loaded(conflict, `Loaded version ${conflict.version}; your changes were discarded.`)}>
              Discard mine, load theirs
            </button>
          </p>
        </section>
      )}
      <p className="admin-actions">
        <button type="submit" disabled={busy}>
          {creating ? "Create" : busy ? "Saving…" : "Save changes"}
        </button>
        {!creating &&
          (base?.retired ? (
            <button type="button" className="secondary" onClick={() => setRetired(false)} disabled={busy}>
              Restore to the catalog
            </button>
          ) : (
            <button type="button" className="secondary" onClick={() => setRetired(true)} disabled={busy}>
              Retire
            </button>
          ))}
        {!creating && <span className="muted"> Editing version {base?.version}.</span>}
      </p>
    </form>
  );
}
