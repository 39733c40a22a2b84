import Link from "next/link";
import type { CanRun } from "@/lib/advisor/can-run";
import { formatParameters, sig } from "@/lib/advisor/format";
import { maxContextLabel } from "@/lib/advisor/results";

/** "What can this GPU run?" on a GPU page: one card, popular models, best precision that fits (lib/advisor/can-run.ts). */
export function CanRunSection({ result, gpuName }: { result: CanRun; gpuName: string }) {
  const fitting = result.inference.filter((r) => r.precision != null);
  const showContext = result.inference.some((r) => r.maxContextTokens != null);
  return (
    <section aria-labelledby="can-run-title" data-testid="can-run">
      <h2 id="can-run-title">What can it run?</h2>
      <p className="muted">
        One {gpuName}, one user chatting (512-token prompt, 256-token answer), at the best precision that fits: 16-bit first, then FP8 where the card has FP8
        tensor cores, then llama.cpp&apos;s 8- to 4-bit quantizations. Estimated by the same model as the advisor.
      </p>
      <div className="grid can-run-summary">
        <div className="card">
          <p className="stat-label">Runs on one card</p>
          <p className="stat" data-testid="can-run-count">
            {fitting.length} of {result.inference.length} popular models
          </p>
          <p className="muted">{fitting.length > 0 ? `largest: ${fitting[fitting.length - 1].modelName} at ${fitting[fitting.length - 1].precision}` : "none of them, even at 4 bits"}</p>
        </div>
        {result.fineTune.map((f) => (
          <div className="card" key={f.method} data-testid={`finetune-${f.method}`}>
            <p className="stat-label">Largest fine-tune with {f.method === "lora" ? "LoRA (16-bit base)" : "QLoRA (4-bit base)"}</p>
            <p className="stat">{f.modelName ?? "none of the presets"}</p>
            <p className="muted">
              {f.parameters != null && f.perGpuGB != null ? `${formatParameters(f.parameters)} parameters, ${sig(f.perGpuGB)} GB needed; ` : ""}2,048-token sequences, batch 1, rank 16
            </p>
          </div>
        ))}
      </div>
      <div className="table-wrap">
        <table>
          <caption className="adv-caption">Popular models on one {gpuName}</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Best precision that fits</th>
              <th scope="col" className="num">
                Decode speed
              </th>
              <th scope="col" className="num">
                Memory need / usable
              </th>
              {showContext && (
                <th scope="col" className="num">
                  Longest context
                </th>
              )}
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {result.inference.map((r) => (
              <tr key={r.model} data-model={r.model}>
                <th scope="row">
                  <Link href={`/models/${r.model}`}>{r.modelName}</Link> <span className="muted">({formatParameters(r.parameters)})</span>
                </th>
                <td data-field="precision">{r.precision ?? <span className="muted">does not fit, even at 4 bits</span>}</td>
                <td className="num" data-field="speed">
                  {r.decodeTokensPerSecond == null ? "—" : `${sig(r.decodeTokensPerSecond)} tokens/s`}
                </td>
                <td className="num">{r.perGpuGB == null ? "—" : `${sig(r.perGpuGB)} / ${sig(r.capacityGB)} GB`}</td>
                {showContext && <td className="num">{maxContextLabel(r.maxContextTokens)}</td>}
                <td>
                  <Link href={`/advisor/results?${new URLSearchParams({ model: r.model, ...(r.precision ? { precision: r.precision } : {}) }).toString()}`}>
                    in the advisor
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
