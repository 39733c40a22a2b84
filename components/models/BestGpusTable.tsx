import Link from "next/link";
import type { GpuPick, PickRole } from "@/lib/advisor/model-page";
import { sig, usd } from "@/lib/advisor/format";
import { maxContextLabel } from "@/lib/advisor/results";

const ROLE_LABELS: Record<PickRole, string> = {
  cheapest: "Cheapest that fits (launch price)",
  fastest: "Fastest single GPU",
  mac: "A Mac",
  used: "A used consumer card",
};

/** A model page's "which GPUs run it best" table: one user, one card, best precision that fits (lib/advisor/model-page.ts bestGpus). */
export function BestGpusTable({ name, picks }: { name: string; picks: GpuPick[] }) {
  const fitting = picks.filter((p) => p.precision != null);
  return (
    <section aria-labelledby="best-gpus-title" data-testid="model-gpus">
      <h2 id="best-gpus-title">GPUs that run it best</h2>
      <p className="muted">
        One card, one user chatting (512-token prompt, 256-token answer), at the best precision that fits: 16-bit first, then FP8 where the card has FP8 tensor cores, then llama.cpp&apos;s 8- to
        4-bit quantizations. Estimated by the same model as the advisor.
      </p>
      {fitting.length === 0 && <p className="notice">{name} does not fit on any single GPU in the catalog, even at 4 bits: the advisor plans it over several.</p>}
      {picks.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="adv-caption">{name} on one GPU</caption>
            <thead>
              <tr>
                <th scope="col">Pick</th>
                <th scope="col">GPU</th>
                <th scope="col">Precision</th>
                <th scope="col" className="num">
                  Speed
                </th>
                <th scope="col" className="num">
                  Longest context
                </th>
                <th scope="col" className="num">
                  Memory need / usable
                </th>
                <th scope="col" className="num">
                  Launch price
                </th>
              </tr>
            </thead>
            <tbody>
              {picks.map((p) => (
                <tr key={p.role} data-role={p.role} data-gpu={p.gpu}>
                  <th scope="row">{ROLE_LABELS[p.role]}</th>
                  <td>
                    <Link href={`/gpus/${p.gpu}`}>{p.gpuName}</Link>
                  </td>
                  <td data-field="precision">{p.precision ?? <span className="muted">does not fit, even at 4 bits</span>}</td>
                  <td className="num" data-field="speed">
                    {p.speed == null ? "—" : `${sig(p.speed)} ${p.speedUnit}`}
                  </td>
                  <td className="num">{maxContextLabel(p.maxContextTokens)}</td>
                  <td className="num">{p.perGpuGB == null ? "—" : `${sig(p.perGpuGB)} / ${sig(p.capacityGB)} GB`}</td>
                  <td className="num">{usd(p.launchPriceUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
