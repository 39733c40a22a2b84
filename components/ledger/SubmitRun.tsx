"use client";

import { useId, useState, type FormEvent } from "react";
import type { MeasuredRunView, SubmissionResult } from "@/lib/ledger/schema";

export interface Option {
  value: string;
  label: string;
}

type Mode = "paste" | "form";
type Issue = { path: string; message: string };

const METRIC_LABEL: Record<MeasuredRunView["metric"], string> = {
  decodeTokensPerSecond: "decode",
  prefillTokensPerSecond: "prefill",
  throughputTokensPerSecond: "serving throughput",
  trainingSamplesPerSecond: "training samples/s",
  trainingTokensPerSecond: "training tokens/s",
};

function testLabel(run: MeasuredRunView): string {
  if (run.metric === "prefillTokensPerSecond") return `pp${run.promptTokens}${run.depthTokens ? ` @ d${run.depthTokens}` : ""}`;
  if (run.metric === "decodeTokensPerSecond") return `tg${run.outputTokens}${run.depthTokens ? ` @ d${run.depthTokens}` : ""}`;
  return `${run.promptTokens} in / ${run.outputTokens} out × ${run.concurrency}`;
}

const fmt = (x: number | null) => (x == null ? "—" : x.toLocaleString("en-US", { maximumSignificantDigits: 4 }));

/** Paste llama-bench / vllm bench serve output (or type a run), preview it beside the model's estimate, and send it for review. */
export function SubmitRun({ gpus, models, precisions }: { gpus: Option[]; models: Option[]; precisions: string[] }) {
  const id = useId();
  const [mode, setMode] = useState<Mode>("paste");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SubmissionResult | null>(null);
  const [error, setError] = useState<{ message: string; issues: Issue[] } | null>(null);

  function body(form: HTMLFormElement, dryRun: boolean): unknown {
    const data = new FormData(form);
    const text = (name: string) => {
      const value = String(data.get(name) ?? "").trim();
      return value === "" ? undefined : value;
    };
    const number = (name: string) => (text(name) === undefined ? undefined : Number(text(name)));
    if (mode === "paste") {
      return { dryRun, paste: { text: String(data.get("text") ?? ""), gpu: text("gpu"), count: number("count"), model: text("model"), precision: text("precision"), engineVersion: text("engineVersion") } };
    }
    return {
      dryRun,
      run: {
        gpu: text("gpu"),
        count: number("count"),
        model: text("model"),
        precision: text("precision"),
        engine: text("engine"),
        engineVersion: text("engineVersion"),
        metric: text("metric"),
        value: number("value"),
        promptTokens: number("promptTokens"),
        outputTokens: number("outputTokens"),
        concurrency: number("concurrency"),
        peakMemoryGB: number("peakMemoryGB"),
      },
    };
  }

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const dryRun = submitter?.value === "preview";
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/v1/measurements", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body(event.currentTarget, dryRun)) });
      const json = (await response.json()) as SubmissionResult & { error?: string; issues?: Issue[] };
      if (!response.ok) {
        setResult(null);
        setError({ message: json.error ?? `the server answered ${response.status}`, issues: json.issues ?? [] });
      } else setResult(json);
    } catch {
      setError({ message: "could not reach the server; nothing was sent", issues: [] });
    } finally {
      setBusy(false);
    }
  }

  const calibration = result?.calibration;
  const firstModel = result?.runs[0]?.model;
  const advisorLink =
    calibration && firstModel
      ? `/advisor?model=${encodeURIComponent(firstModel)}&precision=${encodeURIComponent(result.runs[0].precision)}&my=${encodeURIComponent(`${calibration.gpu},${calibration.bandwidthRatio ?? ""},${calibration.computeRatio ?? ""}`)}`
      : null;

  return (
    <form onSubmit={send} aria-describedby={`${id}-help`} data-testid="ledger-form" className="ledger-form">
      <fieldset>
        <legend>What do you have?</legend>
        <label>
          <input type="radio" name="mode" value="paste" checked={mode === "paste"} onChange={() => setMode("paste")} /> Tool output (llama-bench, vllm bench serve)
        </label>{" "}
        <label>
          <input type="radio" name="mode" value="form" checked={mode === "form"} onChange={() => setMode("form")} /> A figure I measured
        </label>
      </fieldset>
      <p id={`${id}-help`} className="muted">
        {mode === "paste"
          ? "Paste llama-bench's table (with the Device line above it, if you have it) or its -o json output, or the \"Serving Benchmark Result\" block of vllm bench serve. Fill in below only what the output does not say."
          : "One measured figure and the configuration it was measured on."}
      </p>
      {mode === "paste" ? (
        <label className="block">
          Pasted output
          <textarea name="text" rows={10} required spellCheck={false} className="mono" />
        </label>
      ) : null}
      <div className="form-grid">
        <label>
          GPU
          <select name="gpu" defaultValue="" required={mode === "form"}>
            <option value="">{mode === "paste" ? "Read it from the output" : "Choose…"}</option>
            {gpus.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          GPUs used
          <input name="count" type="number" min={1} max={64} defaultValue={1} inputMode="numeric" />
        </label>
        <label>
          Model
          <select name="model" defaultValue="" required={mode === "form"}>
            <option value="">{mode === "paste" ? "Match it from the output" : "Choose…"}</option>
            {models.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Precision
          <select name="precision" defaultValue="" required={mode === "form"}>
            <option value="">{mode === "paste" ? "Read it from the output" : "Choose…"}</option>
            {precisions.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        {mode === "form" ? (
          <>
            <label>
              Engine
              <input name="engine" required placeholder="llama.cpp, vllm, mlx…" />
            </label>
            <label>
              What you measured
              <select name="metric" required defaultValue="decodeTokensPerSecond">
                {Object.entries(METRIC_LABEL).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Measured value (per second)
              <input name="value" type="number" step="any" min={0} required inputMode="decimal" />
            </label>
            <label>
              Prompt tokens
              <input name="promptTokens" type="number" min={0} defaultValue={0} inputMode="numeric" />
            </label>
            <label>
              Generated tokens
              <input name="outputTokens" type="number" min={0} defaultValue={128} inputMode="numeric" />
            </label>
            <label>
              Concurrent sequences / batch
              <input name="concurrency" type="number" min={1} defaultValue={1} inputMode="numeric" />
            </label>
            <label>
              Peak memory, GB (optional)
              <input name="peakMemoryGB" type="number" step="any" min={0} inputMode="decimal" />
            </label>
          </>
        ) : null}
        <label>
          Engine version (optional)
          <input name="engineVersion" placeholder="b5163, 0.10.1…" />
        </label>
      </div>
      <p>
        <button type="submit" name="action" value="preview" disabled={busy}>
          Preview
        </button>{" "}
        <button type="submit" name="action" value="submit" disabled={busy} className="primary">
          Send for review
        </button>
        {busy ? <span role="status"> Working…</span> : null}
      </p>
      {error ? (
        <div role="alert" className="error" data-testid="ledger-error">
          <p>{error.message}</p>
          {error.issues.length > 1 ? (
            <ul>
              {error.issues.map((i) => (
                <li key={i.path + i.message}>
                  {i.path}: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {result ? (
        <section aria-live="polite" data-testid="ledger-result">
          <h2>{result.stored ? `Thank you: ${result.runs.length} run${result.runs.length === 1 ? "" : "s"} sent for review` : "Preview (nothing sent yet)"}</h2>
          {result.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          <div className="table-scroll">
            <table>
              <caption className="sr-only">Your runs beside the advisor&apos;s estimates</caption>
              <thead>
                <tr>
                  <th scope="col">GPU</th>
                  <th scope="col">Model</th>
                  <th scope="col">Test</th>
                  <th scope="col">Measured</th>
                  <th scope="col">Estimate</th>
                  <th scope="col">Measured ÷ estimate</th>
                </tr>
              </thead>
              <tbody>
                {result.runs.map((run, i) => (
                  <tr key={i}>
                    <td>{run.gpuCount > 1 ? `${run.gpuCount} × ` : ""}{run.gpu}</td>
                    <td>
                      {run.model} · {run.precision}
                    </td>
                    <td>
                      {METRIC_LABEL[run.metric]} {testLabel(run)}
                    </td>
                    <td>{fmt(run.value)} /s</td>
                    <td>{fmt(run.estimate)} /s</td>
                    <td>
                      {run.ratio == null ? "—" : `${run.ratio}×`}
                      {run.plausible ? "" : " (an editor will check this one)"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {advisorLink ? (
            <p>
              <a href={advisorLink} data-testid="ledger-calibrate">
                Use {result.stored ? "these runs" : "this"} to calibrate the advisor for your {calibration!.gpu}
              </a>{" "}
              <span className="muted">(like the browser benchmark: your GPU&apos;s figures are scaled by measured ÷ estimated; the link keeps it, and so do share links made from it)</span>
            </p>
          ) : null}
        </section>
      ) : null}
    </form>
  );
}
