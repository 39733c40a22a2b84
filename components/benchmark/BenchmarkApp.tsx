"use client";

import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { advisorHref, calibrate } from "@/lib/benchmark/calibration";
import { matchGpu, type GpuMatch } from "@/lib/benchmark/identify";
import { fractionOfPeak } from "@/lib/benchmark/metrics";
import type { BenchmarkSubmission } from "@/lib/benchmark/schema";
import { BenchmarkAbortedError, type BenchmarkReport } from "@/kernels/runner";
import { readIdentity, startRun, type BrowserIdentity, type RunHandle } from "./browser";
import { SizeChart } from "./SizeChart";

export interface GpuOption {
  slug: string;
  name: string;
  fp32Tflops: number | null;
  memoryBandwidthGBps: number;
}

type Phase =
  | { kind: "idle" }
  | { kind: "running"; fraction: number; label: string }
  | { kind: "done"; report: BenchmarkReport; thread: "worker" | "main"; wallMs: number }
  | { kind: "cancelled" }
  | { kind: "failed"; message: string };

type Submission = { kind: "idle" } | { kind: "sending" } | { kind: "sent"; id: number; slug: string } | { kind: "error"; message: string };

const fmt = (x: number, digits = 3) => Number(x.toPrecision(digits)).toLocaleString("en-US");
const pct = (x: number | null) => (x == null ? "—" : `${(x * 100).toPrecision(2)}%`);

/** The /benchmark page's interactive part: identify the GPU, run the kernels, show and share the result. */
export function BenchmarkApp({ gpus }: { gpus: GpuOption[] }) {
  const selectId = useId();
  const [identity, setIdentity] = useState<BrowserIdentity | null>(null);
  const [match, setMatch] = useState<GpuMatch | null>(null);
  const [selected, setSelected] = useState<string>("");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [submission, setSubmission] = useState<Submission>({ kind: "idle" });
  const run = useRef<RunHandle | null>(null);

  useEffect(() => {
    let live = true;
    readIdentity().then((found) => {
      if (!live) return;
      const matched = matchGpu(found, gpus);
      setIdentity(found);
      setMatch(matched);
      setSelected(matched.slug ?? "");
    });
    return () => {
      live = false;
      run.current?.cancel();
    };
  }, [gpus]);

  const gpu = useMemo(() => gpus.find((g) => g.slug === selected) ?? null, [gpus, selected]);

  const start = () => {
    setSubmission({ kind: "idle" });
    setPhase({ kind: "running", fraction: 0, label: "Starting" });
    const began = performance.now();
    const handle = startRun({
      tryWebGPU: identity?.hardwareWebGPU ?? false,
      onProgress: (fraction, label) => setPhase({ kind: "running", fraction, label }),
    });
    run.current = handle;
    handle.result.then(
      ({ report, thread }) => {
        if (run.current === handle) setPhase({ kind: "done", report, thread, wallMs: performance.now() - began });
      },
      (error: unknown) => {
        if (run.current !== handle) return;
        if (error instanceof BenchmarkAbortedError) setPhase({ kind: "cancelled" });
        else setPhase({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
      },
    );
  };

  const cancel = () => {
    run.current?.cancel();
    run.current = null;
    setPhase({ kind: "cancelled" });
  };

  const report = phase.kind === "done" ? phase.report : null;
  const contract =
    phase.kind === "done"
      ? {
          renderer: identity?.renderer ?? "unknown",
          matchedGpu: match?.slug ?? null,
          backend: phase.report.backend,
          matmulGflops: phase.report.matmulGflops,
          bandwidthGBps: phase.report.bandwidthGBps,
          maxAbsError: phase.report.maxAbsError,
          durationMs: Math.round(phase.wallMs),
        }
      : null;

  const submit = async () => {
    if (!contract || !gpu || contract.matmulGflops == null || contract.maxAbsError == null) return;
    setSubmission({ kind: "sending" });
    const body: BenchmarkSubmission = {
      renderer: contract.renderer,
      matchedGpu: gpu.slug,
      backend: contract.backend === "unknown" ? "cpu" : contract.backend,
      matmulGflops: contract.matmulGflops,
      bandwidthGBps: contract.bandwidthGBps,
      maxAbsError: contract.maxAbsError,
      durationMs: contract.durationMs,
    };
    try {
      const response = await fetch("/api/v1/benchmarks", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const answer = (await response.json().catch(() => ({}))) as { id?: number; error?: string };
      if (response.status === 201 && answer.id) setSubmission({ kind: "sent", id: answer.id, slug: gpu.slug });
      else if (response.status === 429) {
        const minutes = Math.ceil(Number(response.headers.get("retry-after") ?? "60") / 60);
        setSubmission({ kind: "error", message: `Too many submissions from your network; try again in about ${minutes} minute${minutes === 1 ? "" : "s"}.` });
      } else setSubmission({ kind: "error", message: answer.error ?? `The server answered ${response.status}.` });
    } catch {
      setSubmission({ kind: "error", message: "Could not reach the server; check your connection and try again." });
    }
  };

  const calibration = report && gpu ? calibrate(report, gpu) : null;

  return (
    <>
      <section aria-labelledby="gpu-heading" className="card">
        <h2 id="gpu-heading">Your GPU</h2>
        {!identity ? (
          <p className="muted">Reading what your browser reports…</p>
        ) : (
          <>
            <p>
              Your browser reports: <code data-testid="renderer">{identity.renderer ?? "nothing (the renderer name is hidden)"}</code>
              {identity.webgpu && (
                <>
                  {" "}
                  · WebGPU adapter: {identity.webgpu.vendor || "unknown vendor"}
                  {identity.webgpu.architecture ? ` (${identity.webgpu.architecture})` : ""}
                  {identity.webgpu.isFallbackAdapter ? ", a software fallback" : ""}
                </>
              )}
            </p>
            {match?.software ? (
              <p className="notice" role="status">
                <strong>No hardware GPU found.</strong> Your browser is drawing with a software renderer on the CPU, so this benchmark
                measures that renderer, not a graphics card. Hardware acceleration may be turned off in your browser settings.
              </p>
            ) : (
              <p>{match?.reason}</p>
            )}
            <label className="stack" htmlFor={selectId}>
              Which GPU is this? {match?.slug && match.confidence < 1 ? "(please check: the browser does not say exactly)" : ""}
              <select id={selectId} name="gpu" value={selected} onChange={(event) => setSelected(event.target.value)}>
                <option value="">— not listed / don&apos;t know —</option>
                {gpus.map((g) => (
                  <option key={g.slug} value={g.slug}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </section>

      <section aria-labelledby="run-heading">
        <h2 id="run-heading">Run</h2>
        <p>
          <button type="button" onClick={start} disabled={!identity || phase.kind === "running"}>
            Run benchmark
          </button>{" "}
          {phase.kind === "running" && (
            <button type="button" className="secondary" onClick={cancel}>
              Cancel
            </button>
          )}
        </p>
        {phase.kind === "running" && (
          <p>
            <label htmlFor="benchmark-progress">{phase.label}</label>
            <br />
            <progress id="benchmark-progress" max={1} value={phase.fraction} style={{ width: "100%", maxWidth: "32rem" }}>
              {Math.round(phase.fraction * 100)}%
            </progress>
          </p>
        )}
        <div aria-live="polite">
          {phase.kind === "cancelled" && <p>Cancelled. Nothing was measured or sent.</p>}
          {phase.kind === "failed" && (
            <p className="error" role="alert">
              The benchmark could not run: {phase.message}
            </p>
          )}
          {phase.kind === "done" && report && <p>Finished in {fmt(phase.wallMs / 1000, 2)} s.</p>}
        </div>
      </section>

      {phase.kind === "done" && report && contract && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">Results</h2>
          {report.matmulGflops == null && (
            <p className="error" role="alert">
              Every matrix-multiply kernel gave wrong results on this device, so no speed is reported. Wrong results are never shown as a fast number.
            </p>
          )}
          {report.backend === "cpu" && (
            <p className="notice">No GPU backend worked in this browser: these figures come from gpu.js&apos;s CPU fallback, not a GPU.</p>
          )}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Measure</th>
                  <th scope="col" className="num">
                    Measured
                  </th>
                  <th scope="col" className="num">
                    Catalog peak{gpu ? ` (${gpu.name})` : ""}
                  </th>
                  <th scope="col" className="num">
                    % of peak
                  </th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">FP32 matrix multiply (GFLOPS)</th>
                  <td className="num" data-testid="measured-gflops">
                    {report.matmulGflops == null ? "failed" : fmt(report.matmulGflops)}
                  </td>
                  <td className="num">{gpu?.fp32Tflops != null ? fmt(gpu.fp32Tflops * 1000) : "—"}</td>
                  <td className="num">{pct(fractionOfPeak(report.matmulGflops, gpu?.fp32Tflops != null ? gpu.fp32Tflops * 1000 : null))}</td>
                </tr>
                <tr>
                  <th scope="row">Memory bandwidth (GB/s)</th>
                  <td className="num">{report.bandwidthGBps == null ? "failed" : fmt(report.bandwidthGBps)}</td>
                  <td className="num">{gpu ? fmt(gpu.memoryBandwidthGBps) : "—"}</td>
                  <td className="num">{pct(fractionOfPeak(report.bandwidthGBps, gpu?.memoryBandwidthGBps))}</td>
                </tr>
              </tbody>
            </table>
          </div>
          <p className="muted">
            Backend: <strong>{report.backend}</strong> ({phase.thread === "worker" ? "in a Web Worker" : "on the page"})
            {report.bestMatmul && (
              <>
                {" "}
                · best matmul: {report.bestMatmul.variant} kernel at {report.bestMatmul.n}×{report.bestMatmul.n}
              </>
            )}{" "}
            · largest error against the CPU reference: {report.maxAbsError == null ? "—" : report.maxAbsError.toExponential(1)} · {report.sizeNote}.
          </p>

          <SizeChart runs={report.matmul} />

          <details>
            <summary>Every kernel run</summary>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Kernel</th>
                    <th scope="col" className="num">
                      Size
                    </th>
                    <th scope="col" className="num">
                      ms per call
                    </th>
                    <th scope="col" className="num">
                      Rate
                    </th>
                    <th scope="col" className="num">
                      Max error
                    </th>
                    <th scope="col">Check</th>
                  </tr>
                </thead>
                <tbody>
                  {report.matmul.map((r) => (
                    <tr key={`${r.variant}-${r.n}`}>
                      <td>matmul {r.variant}</td>
                      <td className="num">{r.n}</td>
                      <td className="num">{Number.isFinite(r.medianMs) ? fmt(r.medianMs) : "—"}</td>
                      <td className="num">{r.correct ? `${fmt(r.gflops)} GFLOPS` : "—"}</td>
                      <td className="num">{Number.isFinite(r.maxAbsError) ? r.maxAbsError.toExponential(1) : "—"}</td>
                      <td>{r.correct ? "correct" : `failed: ${r.error}`}</td>
                    </tr>
                  ))}
                  {report.bandwidth.map((r) => (
                    <tr key={r.kernel}>
                      <td>{r.kernel}</td>
                      <td className="num">—</td>
                      <td className="num">{Number.isFinite(r.medianMs) ? fmt(r.medianMs) : "—"}</td>
                      <td className="num">{r.correct ? `${fmt(r.gbps)} GB/s` : "—"}</td>
                      <td className="num">{Number.isFinite(r.maxAbsError) ? r.maxAbsError.toExponential(1) : "—"}</td>
                      <td>{r.correct ? "correct" : `failed: ${r.error}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>

          <h3>What this means</h3>
          <p>
            The matrix multiply measures how fast your GPU runs FP32 arithmetic from the browser; the copy and axpy kernels measure how fast it
            streams memory. Browser kernels are FP32 shaders: they cannot use tensor cores, vendor libraries such as cuBLAS, or the shared-memory
            tiling native code relies on, so they reach only a small share of the catalog&apos;s FP32 peak, and nothing like its tensor-core
            TFLOPS. That is expected and is not a fault of your GPU. What the run does tell us is how your GPU compares with a typical one under
            the same handicap, so the advisor uses it as a <em>ratio</em> against the catalog figures for memory bandwidth and FP32 throughput,
            never as a replacement for them.
          </p>
          {calibration ? (
            <p>
              <Link className="button" href={advisorHref(calibration)}>
                Use my GPU in the advisor
              </Link>{" "}
              <span className="muted">
                bandwidth ×{fmt(calibration.bandwidthRatio, 2)}, compute ×{fmt(calibration.computeRatio, 2)} against a typical GPU in a browser
              </span>
            </p>
          ) : (
            <p className="muted">Pick your GPU above to compare with its catalog peaks and to use this run in the advisor.</p>
          )}

          <h3>Share it (optional)</h3>
          <p>
            Sending adds this run to the community results on the GPU&apos;s page: the renderer string, backend, the figures above and the
            time taken. Your IP address is not stored, only a salted hash used to count one vote per visitor.
          </p>
          {gpu && report.matmulGflops != null ? (
            <p>
              <button type="button" className="secondary" onClick={submit} disabled={submission.kind === "sending" || submission.kind === "sent"}>
                Submit this result for the {gpu.name}
              </button>
            </p>
          ) : (
            <p className="muted">{report.matmulGflops == null ? "A failed run cannot be submitted." : "Pick your GPU above to submit this run."}</p>
          )}
          <div aria-live="polite">
            {submission.kind === "sending" && <p>Sending…</p>}
            {submission.kind === "sent" && (
              <p role="status">
                Thank you: run #{submission.id} was added. <Link href={`/gpus/${submission.slug}#community-results`}>See the community results</Link>.
              </p>
            )}
            {submission.kind === "error" && (
              <p className="error" role="alert">
                Not sent: {submission.message}
              </p>
            )}
          </div>

          <details>
            <summary>Raw result (JSON)</summary>
            <pre data-testid="benchmark-result" style={{ whiteSpace: "pre-wrap" }}>
              {JSON.stringify(contract)}
            </pre>
          </details>
        </section>
      )}
    </>
  );
}
