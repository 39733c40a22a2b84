import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MeasuredForModel } from "@/components/ledger/MeasuredResults";
import { BestGpusTable } from "@/components/models/BestGpusTable";
import { MemoryTable } from "@/components/models/MemoryTable";
import { bestGpus, KIND_LABELS, memoryByPrecision } from "@/lib/advisor/model-page";
import { formatParameters } from "@/lib/advisor/format";
import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";
import { findPreset, type ModelPreset } from "@/lib/workload/presets";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

const ATTENTION_LABELS: Record<NonNullable<ModelPreset["attention"]>, string> = {
  mha: "multi-head (MHA)",
  gqa: "grouped-query (GQA)",
  mqa: "multi-query (MQA)",
  mla: "multi-head latent (MLA)",
};

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const preset = findPreset((await params).id);
  return preset
    ? { title: `${preset.name}: memory and GPUs`, description: `How much memory ${preset.name} needs at each precision, and which GPUs run it best.` }
    : { title: "Model not found" };
}

/** The architecture facts a preset has, in reading order; absent ones are left out. */
function facts(p: ModelPreset): [string, string][] {
  const rows: [string, string | null][] = [
    ["Parameters", `${formatParameters(p.parameters)} (${p.parameters.toLocaleString("en-US")})`],
    ["Active parameters per token", p.activeParameters != null && p.activeParameters !== p.parameters ? `${formatParameters(p.activeParameters)} (${p.activeParameters.toLocaleString("en-US")})` : null],
    ["Experts", p.experts != null ? `${p.experts}, ${p.expertsPerToken ?? "?"} per token${p.sharedExperts ? ` + ${p.sharedExperts} shared` : ""}` : null],
    ["Layers", p.layers?.toString() ?? null],
    ["Hidden size", p.hiddenSize?.toLocaleString("en-US") ?? null],
    ["Attention", p.attention ? ATTENTION_LABELS[p.attention] : null],
    ["Attention heads / KV heads", p.attentionHeads != null ? `${p.attentionHeads} / ${p.kvHeads ?? p.attentionHeads}` : null],
    ["Sliding window", p.slidingWindow != null ? `${p.slidingWindow.toLocaleString("en-US")} tokens${p.slidingWindowLayers != null ? ` on ${p.slidingWindowLayers} of ${p.layers} layers` : ""}` : null],
    ["Context length", p.maxContext != null ? `${p.maxContext.toLocaleString("en-US")} tokens` : null],
    ["Vocabulary", p.vocabSize?.toLocaleString("en-US") ?? null],
    ["Forward FLOP per sample", p.flopsPerSample != null ? `${(p.flopsPerSample / 1e9).toLocaleString("en-US", { maximumSignificantDigits: 3 })} GFLOP per ${p.sampleUnit ?? "sample"}` : null],
  ];
  return rows.filter((r): r is [string, string] => r[1] != null);
}

export default async function ModelPage({ params }: { params: Params }) {
  const preset = findPreset((await params).id);
  if (!preset) notFound();
  const catalog = await loadCatalog(await getPrisma());
  const memory = memoryByPrecision(preset);
  const picks = bestGpus(catalog, preset.id);
  const compareSlugs = [...new Set(picks.map((p) => p.gpu))];
  const gpuNames = Object.fromEntries(catalog.gpus.map((g) => [g.slug, g.name]));
  const moe = preset.activeParameters != null && preset.activeParameters !== preset.parameters;
  return (
    <>
      <p>
        <Link href="/models">← All models</Link>
      </p>
      <h1>{preset.name}</h1>
      <p className="muted">
        {KIND_LABELS[preset.kind]} · {formatParameters(preset.parameters)} parameters{moe ? `, ${formatParameters(preset.activeParameters!)} active per token (mixture of experts)` : ""}
        {preset.maxContext != null ? ` · ${preset.maxContext.toLocaleString("en-US")}-token context` : ""}
      </p>
      <p>
        <Link className="button" href={`/advisor?${new URLSearchParams({ model: preset.id }).toString()}`}>
          Plan a GPU for {preset.name}
        </Link>
      </p>
      <section aria-labelledby="what-title">
        <h2 id="what-title">What it is</h2>
        {/* Scrolls sideways on a phone: focusable so a keyboard can scroll it too. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={`Architecture of ${preset.name}`}>
          <table>
            <caption className="adv-caption">Architecture of {preset.name}</caption>
            <tbody>
              {facts(preset).map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">
          Sources:{" "}
          {Object.entries(preset.sources).map(([key, url], i) => (
            <span key={key}>
              {i > 0 ? " · " : ""}
              <a href={url} rel="noopener noreferrer nofollow" target="_blank">
                {key} ({new URL(url).hostname})
              </a>
            </span>
          ))}
        </p>
        {preset.notes && <p className="muted">{preset.notes}</p>}
      </section>
      <MemoryTable name={preset.name} memory={memory} />
      <BestGpusTable name={preset.name} picks={picks} />
      <p>
        <Link href={`/advisor?${new URLSearchParams({ model: preset.id }).toString()}`}>Open the advisor with {preset.name}</Link>
        {compareSlugs.length > 0 && (
          <>
            {" · "}
            <Link href={`/compare?${new URLSearchParams({ gpus: compareSlugs.join(","), model: preset.id }).toString()}`}>Compare these GPUs for {preset.name}</Link>
          </>
        )}
      </p>
      <MeasuredForModel model={preset.id} name={preset.name} gpuNames={gpuNames} />
    </>
  );
}
