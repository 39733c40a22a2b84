import { Fragment } from "react";
import { duration, flop, sig } from "@/lib/advisor/format";
import type { PickWorking } from "@/lib/advisor/working";

const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

/**
 * A camelCase key with a line-break opportunity (<wbr>) before each word, so a narrow column wraps
 * it between words ("interconnect|Seconds|Per|Step") and never inside one; the text, and what a
 * screen reader reads, stay the key. Example: "memoryBandwidthGBps" → memory<wbr>Bandwidth<wbr>GBps.
 */
function keyWithBreaks(key: string) {
  return key.split(/(?<=[a-z0-9])(?=[A-Z])/).map((word, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {word}
    </Fragment>
  ));
}

function Source({ url, label }: { url: string | undefined; label: string }) {
  return url ? (
    <a href={url} rel="noopener noreferrer" target="_blank">
      {label}
      <span className="sr-only"> (opens the source in a new tab)</span>
    </a>
  ) : (
    <span>{label} (no source on file)</span>
  );
}

/**
 * A pick's working: the assumptions of its estimate, then "show the math": the formula behind the
 * speed, with every input and a link to the catalog source of each hardware figure, so a reader can
 * redo it by hand. Drawn from a PickWorking (lib/advisor/working.ts), which the pick card loads
 * when it is opened (WorkingFold) and the no-JavaScript page renders.
 */
export function Working({ working: e, heading: Heading = "h4" }: { working: PickWorking; /** h4 inside a pick card (h3), h3 on the working page. */ heading?: "h3" | "h4" }) {
  const { sources, calibration, trainingTokens } = e;
  const m = e.math;
  const bandwidth = num(m.memoryBandwidthGBps);
  const efficiency = num(m.bandwidthEfficiency);
  const peakFigure = typeof m.peakFigure === "string" ? m.peakFigure : null;
  const peakKey = peakFigure?.split(" ")[0] ?? "";
  const bwRatio = calibration?.bandwidthRatio;
  const computeRatio = calibration?.computeRatio;
  const decodeMemory = num(m.decodeMemorySeconds);
  const gpuStep = Math.max(decodeMemory ?? 0, num(m.decodeComputeSeconds) ?? 0, num(m.dequantSecondsPerStep) ?? 0);
  const overhead = num(m.perStepOverheadSeconds) ?? 0;
  const interconnect = num(m.interconnectSecondsPerStep) ?? 0;
  const hostOverlap = m.hostOverlap === "yes";
  return (
    <div className="adv-math">
      <Heading>Assumptions</Heading>
      <ul className="adv-small" data-testid="assumptions">
        {e.assumptions.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
      <Heading>The math</Heading>
      <p className="adv-small">
        Hardware figures for <a href={`/gpus/${e.gpu}`}>{e.gpuName}</a>:{" "}
        <Source url={sources.memoryBandwidthGBps} label={`memory bandwidth ${bandwidth ?? "—"} GB/s`} />
        {peakFigure && (
          <>
            {", "}
            <Source url={sources[peakKey]} label={`${peakFigure} = ${m.peakTflops} TFLOPS`} />
          </>
        )}
        {typeof m.trainingPeakFigure === "string" && m.trainingPeakFigure !== peakFigure && (
          <>
            {", "}
            <Source url={sources[m.trainingPeakFigure.split(" ")[0]]} label={`${m.trainingPeakFigure} = ${m.trainingPeakTflops} TFLOPS`} />
          </>
        )}
        {calibration && (
          <>
            ; your measured ratios: bandwidth × {bwRatio ?? 1}, compute × {computeRatio ?? 1}
          </>
        )}
        .
      </p>
      {decodeMemory != null && bandwidth != null && efficiency != null && (
        <>
          <p className="adv-formula">
            decode step = max(bytes per step ÷ (bandwidth × efficiency{bwRatio ? " × your ratio" : ""} × GPUs), FLOPs per step ÷ (peak × efficiency × GPUs),
            dequantization) + per-step overhead + interconnect
          </p>
          <ul className="adv-small">
            <li>
              Memory side: {sig(num(m.bytesPerDecodeStepGB) ?? 0)} GB ({sig(num(m.weightBytesPerStepGB) ?? 0)} GB weights + {sig(num(m.kvBytesPerStepGB) ?? 0)} GB KV cache) ÷ ({bandwidth} GB/s × {sig(efficiency)}
              {bwRatio ? ` × ${bwRatio}` : ""} × {num(m.parallelGpus) ?? 1}) = {duration(decodeMemory)}
            </li>
            <li>
              Compute side: {flop(num(m.flopsPerDecodeStep) ?? 0)} ÷ ({m.peakTflops} TFLOPS × {sig(num(m.decodeComputeEfficiency) ?? 0)}
              {computeRatio ? ` × ${computeRatio}` : ""} × {num(m.parallelGpus) ?? 1}) = {duration(num(m.decodeComputeSeconds))}
            </li>
            <li>
              Dequantization (unpacking quantized weights in shader code, at the FP32 peak) {duration(num(m.dequantSecondsPerStep))}; overhead{" "}
              {duration(num(m.perStepOverheadSeconds))} (per-layer launch cost); interconnect {duration(num(m.interconnectSecondsPerStep))}
            </li>
            <li>
              {hostOverlap ? (
                <>
                  Step = max({duration(decodeMemory)}, {duration(num(m.decodeComputeSeconds))}, {duration(num(m.dequantSecondsPerStep))}, {duration(num(m.perStepOverheadSeconds))}) +{" "}
                  {duration(num(m.interconnectSecondsPerStep))} (the engine&apos;s host loop runs ahead of the GPU, so its per-layer cost overlaps the kernels) ={" "}
                </>
              ) : (
                <>
                  Step = max({duration(decodeMemory)}, {duration(num(m.decodeComputeSeconds))}, {duration(num(m.dequantSecondsPerStep))}) + {duration(num(m.perStepOverheadSeconds))} +{" "}
                  {duration(num(m.interconnectSecondsPerStep))} ={" "}
                </>
              )}
              {duration(hostOverlap ? Math.max(gpuStep, overhead) + interconnect : gpuStep + overhead + interconnect)}{" "}
              → 1 ÷ step = <strong>{e.decodeTokensPerSecond == null ? "—" : sig(e.decodeTokensPerSecond)} tokens/s</strong> per user
            </li>
            <li>
              Prefill: {flop(num(m.prefillFlops) ?? 0)} for the prompt at {sig(num(m.prefillEfficiency) ?? 0)} of peak, plus one pass over the weights → time to first token{" "}
              {duration(e.timeToFirstTokenSeconds)}
            </li>
          </ul>
        </>
      )}
      {num(m.stepComputeSeconds) != null && (
        <>
          <p className="adv-formula">training step = step tokens × FLOPs per token ÷ (GPUs × peak × MFU) + the part of the gradient all-reduce not hidden behind compute</p>
          <ul className="adv-small">
            <li>
              Compute: {sig(num(m.stepTokens) ?? 0)} tokens × {flop(num(m.trainingFlopsPerToken) ?? 0)} ÷ ({e.count} × {m.trainingPeakTflops} TFLOPS × {sig(num(m.mfu) ?? 0)}
              {computeRatio ? ` × ${computeRatio}` : ""}) = {duration(num(m.stepComputeSeconds))}
            </li>
            <li>Gradient all-reduce: {duration(num(m.gradientAllReduceSeconds))} per step</li>
            <li>
              Speed: <strong>{e.tokensPerSecond == null ? "—" : sig(e.tokensPerSecond)} tokens/s</strong>
              {trainingTokens != null && e.tokensPerSecond != null && (
                <>
                  {" "}
                  → {sig(trainingTokens)} tokens ÷ {sig(e.tokensPerSecond)} tokens/s ÷ 3600 = <strong>{e.hours == null ? "—" : sig(e.hours)} h</strong>
                </>
              )}
            </li>
          </ul>
        </>
      )}
      <table className="adv-math-table">
        <caption className="sr-only">Every input of this estimate</caption>
        <tbody>
          {Object.entries(m).map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{keyWithBreaks(key)}</th>
              <td>{typeof value === "number" ? sig(value, 4) : (value ?? "—")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
