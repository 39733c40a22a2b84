import type { Metadata } from "next";
import Link from "next/link";
import { CompareChart } from "@/components/CompareChart";
import { BarList } from "@/components/ui/BarList";
import { GpuPicker, type PickerGpu } from "@/components/ui/GpuPicker";
import { formatParameters, hours, sig, TASK_LABELS, usd } from "@/lib/advisor/format";
import { CUSTOM_MODEL, parseAdvisorQuery, searchParamsFrom } from "@/lib/advisor/query";
import { maxContextLabel } from "@/lib/advisor/results";
import { workloadFigures, type WorkloadFigures } from "@/lib/advisor/workload-figures";
import { FIGURES, formatFigure, VENDOR_LABELS } from "@/lib/catalog/fields";
import { loadCatalog } from "@/lib/catalog/queries";
import type { CatalogGpu } from "@/lib/catalog/types";
import { getPrisma } from "@/lib/db";
import type { RecommendationRequest } from "@/lib/api/schemas";
import { findPreset, PRESETS } from "@/lib/workload/presets";
import { PRECISIONS, TASKS } from "@/lib/workload/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compare GPUs" };

const MAX_COMPARED = 6;
/** The workload shown until the visitor picks one: the advisor's first suggestion for chat. */
const DEFAULT_MODEL = "llama-3.1-8b";
/** Fields this page edits itself; every other advisor field in the URL is carried along unchanged. */
const EDITED = new Set(["gpus", "task", "model", "precision"]);

function requestedSlugs(values: string[]): string[] {
  return [...new Set(values.flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean))].slice(0, MAX_COMPARED);
}

function pickerGpus(gpus: CatalogGpu[]): PickerGpu[] {
  return gpus
    .filter((g) => !g.retired)
    .map((g) => ({ slug: g.slug, name: g.name, detail: `${VENDOR_LABELS[g.vendor]} · ${formatFigure(g.memoryGB, { unit: "GB" })}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** "Llama 3.1 8B (8.0B), run at bf16: one user, 512 prompt + 256 output tokens". */
function describeWorkload(request: RecommendationRequest, precision: string, method: string): string {
  const w = request.workload;
  const preset = typeof w.model === "string" ? findPreset(w.model) : undefined;
  const name = preset ? preset.name : typeof w.model === "object" ? (w.model.name ?? "Custom model") : String(w.model);
  const size = preset ? formatParameters(preset.parameters) : typeof w.model === "object" && "parameters" in w.model ? formatParameters(w.model.parameters) : "";
  const model = size && !name.includes(size) ? `${name} (${size})` : name;
  return w.task === "inference"
    ? `${model}, run at ${precision}: ${w.batchSize === 1 ? "one user" : `${w.batchSize} concurrent users`}, ${w.promptTokens} prompt + ${w.outputTokens} output tokens`
    : `${model}, ${w.task === "finetune" ? `fine-tuned with ${method}` : "trained"} at ${precision}: ${w.sequenceLength}-token sequences, batch ${w.batchSize}, ${formatParameters(w.trainingTokens)} tokens`;
}

function fitText(f: WorkloadFigures): string {
  if (f.count == null) return "does not fit";
  return f.count === 1 ? "fits on 1" : `needs ${f.count}`;
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = searchParamsFrom(await searchParams);
  const slugs = requestedSlugs(params.getAll("gpus"));
  const catalog = await loadCatalog(await getPrisma());
  const gpus = slugs.map((slug) => catalog.gpus.find((g) => g.slug === slug)).filter((g) => g !== undefined);
  const unknown = slugs.filter((slug) => !catalog.gpus.some((g) => g.slug === slug));

  const workloadParams = new URLSearchParams(params);
  workloadParams.delete("gpus");
  if (!workloadParams.get("model")?.trim()) workloadParams.set("model", DEFAULT_MODEL);
  const parsed = parseAdvisorQuery(workloadParams);
  const request = parsed.ok ? parsed.request : null;
  const figures = request ? gpus.map((gpu) => workloadFigures(catalog, gpu, request.workload)) : [];
  const carried = [...workloadParams.entries()].filter(([key]) => !EDITED.has(key));
  const model = workloadParams.get("model") ?? DEFAULT_MODEL;
  const task = request?.workload.task ?? "inference";
  const inference = task === "inference";
  const first = figures.find((f) => f.estimate)?.estimate;
  const precision = first?.precision ?? request?.workload.precision ?? "bf16";
  const method = first?.method ?? request?.workload.method ?? "lora";
  const speedUnit = figures.find((f) => f.speedUnit)?.speedUnit ?? "tokens/s";
  const llms = PRESETS.filter((p) => p.kind === "llm");
  const others = PRESETS.filter((p) => p.kind !== "llm");

  return (
    <>
      <h1>Compare GPUs</h1>
      <p className="lead">Pick up to {MAX_COMPARED} GPUs and a workload: see which fit it, how fast each runs it and what it costs, side by side.</p>
      {unknown.length > 0 && (
        <p className="notice" role="alert">
          Not in the catalog: {unknown.join(", ")}.
        </p>
      )}
      <form method="get" action="/compare" className="compare-form card" data-testid="compare-form">
        <GpuPicker gpus={pickerGpus(catalog.gpus)} initial={gpus.map((g) => g.slug)} name="gpus" max={MAX_COMPARED} label="GPUs to compare" />
        <fieldset className="compare-workload">
          <legend>Workload</legend>
          <label className="stack">
            Task
            <select name="task" defaultValue={task}>
              {TASKS.map((t) => (
                <option key={t} value={t}>
                  {TASK_LABELS[t]}
                </option>
              ))}
            </select>
          </label>
          <label className="stack">
            Model
            <select name="model" defaultValue={model}>
              {model === CUSTOM_MODEL && <option value={CUSTOM_MODEL}>Your custom model (from the advisor)</option>}
              <optgroup label="Language models">
                {llms.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Other models">
                {others.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <label className="stack">
            Precision
            <select name="precision" defaultValue={workloadParams.get("precision") ?? ""}>
              <option value="">Default (bf16; 4-bit for QLoRA)</option>
              {PRECISIONS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          {carried.map(([key, value], i) => (
            <input key={`${key}-${i}`} type="hidden" name={key} value={value} />
          ))}
        </fieldset>
        <p className="compare-submit">
          <button type="submit">Compare</button>
          {carried.length > 0 && (
            <span className="adv-hint" data-testid="carried-note">
              Keeps your other advisor answers ({carried.map(([key]) => key).join(", ")}).{" "}
              <Link href={`/advisor/results?${workloadParams.toString()}`}>Back to the advisor&apos;s results</Link>
            </span>
          )}
        </p>
      </form>

      {!parsed.ok && (
        <p className="notice" role="alert">
          The workload could not be read: {parsed.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}.
        </p>
      )}

      {gpus.length === 0 ? (
        <p>
          Choose GPUs above, or start from{" "}
          <Link href="/compare?gpus=rtx-4090,rtx-3090,a100-sxm4-80gb,h100-sxm">RTX 4090 vs RTX 3090 vs A100 vs H100</Link>.
        </p>
      ) : (
        <>
          {request && (
            <section aria-labelledby="workload-title" data-testid="workload-compare">
              <h2 id="workload-title">On your workload</h2>
              <p className="muted" data-testid="workload-summary">
                {describeWorkload(request, precision, method)}. Each GPU is counted as many times as the workload needs; costs are for renting the cheapest cloud
                offer in the catalog.
              </p>
              <div className="bars">
                {inference ? (
                  <BarList
                    title={speedUnit === "tokens/s" ? "Decode speed per user (tokens/s)" : "Speed (samples/s)"}
                    better="higher"
                    missing="does not fit"
                    items={figures.map((f) => ({ label: f.count && f.count > 1 ? `${f.count} × ${f.gpuName}` : f.gpuName, value: f.speed, text: f.speed == null ? "—" : `${sig(f.speed)} ${speedUnit}` }))}
                  />
                ) : (
                  <BarList
                    title="Time for the whole run (hours)"
                    better="lower"
                    missing="does not fit"
                    items={figures.map((f) => ({ label: f.count && f.count > 1 ? `${f.count} × ${f.gpuName}` : f.gpuName, value: f.hours, text: hours(f.hours) }))}
                  />
                )}
                <BarList
                  title={inference ? "Rent cost per million output tokens (USD)" : "Rent cost of the run (USD)"}
                  better="lower"
                  missing="no cloud price"
                  items={figures.map((f) => ({ label: f.count && f.count > 1 ? `${f.count} × ${f.gpuName}` : f.gpuName, value: f.costUsd, text: usd(f.costUsd) }))}
                />
              </div>
              <div className="table-wrap">
                <table data-testid="workload-table">
                  <caption className="adv-caption">Fit, speed and cost of the workload on each GPU</caption>
                  <thead>
                    <tr>
                      <th scope="col">Figure</th>
                      {figures.map((f) => (
                        <th key={f.gpu} scope="col" className="num">
                          <Link href={`/gpus/${f.gpu}`}>{f.gpuName}</Link>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    <tr data-row="fit">
                      <th scope="row">Fit</th>
                      {figures.map((f) => (
                        <td key={f.gpu} className="num" data-gpu={f.gpu}>
                          {fitText(f)}
                        </td>
                      ))}
                    </tr>
                    <tr data-row="memory">
                      <th scope="row">Memory per GPU (need / usable)</th>
                      {figures.map((f) => (
                        <td key={f.gpu} className="num">
                          {f.perGpuGB == null ? "—" : `${sig(f.perGpuGB)} / ${sig(f.capacityGB)} GB`}
                        </td>
                      ))}
                    </tr>
                    {inference ? (
                      <tr data-row="speed">
                        <th scope="row">{speedUnit === "tokens/s" ? "Decode speed per user" : "Speed"}</th>
                        {figures.map((f) => (
                          <td key={f.gpu} className="num" data-gpu={f.gpu}>
                            {f.speed == null ? "—" : `${sig(f.speed)} ${speedUnit}`}
                          </td>
                        ))}
                      </tr>
                    ) : (
                      <tr data-row="speed">
                        <th scope="row">Time for the run</th>
                        {figures.map((f) => (
                          <td key={f.gpu} className="num" data-gpu={f.gpu}>
                            {hours(f.hours)}
                          </td>
                        ))}
                      </tr>
                    )}
                    <tr data-row="cost">
                      <th scope="row">{inference ? "Rent, per million output tokens" : "Rent, per run"}</th>
                      {figures.map((f) => (
                        <td key={f.gpu} className="num" data-gpu={f.gpu}>
                          {f.costUsd == null ? (f.count == null ? "—" : "no cloud price") : usd(f.costUsd)}
                        </td>
                      ))}
                    </tr>
                    {figures.some((f) => f.maxContextTokens != null) && (
                      <tr data-row="max-context">
                        <th scope="row">Longest context that fits</th>
                        {figures.map((f) => (
                          <td key={f.gpu} className="num">
                            {maxContextLabel(f.maxContextTokens)}
                          </td>
                        ))}
                      </tr>
                    )}
                  </tbody>
                </table>
              </div>
            </section>
          )}

          <section aria-labelledby="specs-title">
            <h2 id="specs-title">Specifications</h2>
            <CompareChart gpus={gpus} />
            <div className="table-wrap">
              <table data-testid="spec-table">
                <caption className="adv-caption">Every catalog figure; each GPU&apos;s page links the source of each</caption>
                <thead>
                  <tr>
                    <th scope="col">Figure</th>
                    {gpus.map((gpu) => (
                      <th key={gpu.slug} scope="col" className="num">
                        <Link href={`/gpus/${gpu.slug}`}>{gpu.name}</Link>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {FIGURES.map((figure) => (
                    <tr key={figure.key}>
                      <th scope="row">{figure.label}</th>
                      {gpus.map((gpu) => (
                        <td key={gpu.slug} className="num">
                          {formatFigure(gpu[figure.key], figure)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </>
  );
}
