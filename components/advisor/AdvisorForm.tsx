"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { formatParameters } from "@/lib/advisor/format";
import { listOf, paramsFromValues, valuesFromParams, type FormValues } from "@/lib/advisor/form";
import { memoryPreview } from "@/lib/advisor/preview";
import { errorsByField, parseAdvisorQuery, type QueryError } from "@/lib/advisor/query";
import type { CatalogGpu } from "@/lib/catalog/types";
import { DEFAULT_OFFLOAD_OPTIONS } from "@/lib/model/offload";
import { DEFAULT_HORIZONS, DEFAULT_READING_TOKENS_PER_SECOND, DEFAULT_TRAINING_HOURS } from "@/lib/model/recommend";
import { PRESETS } from "@/lib/workload/presets";
import { HubModelPicker } from "./HubModelPicker";
import { MemoryPreviewPanel } from "./MemoryPreviewPanel";

const PRECISION_OPTIONS: [string, string][] = [
  ["", "Automatic (16-bit; 4-bit base for QLoRA)"],
  ["bf16", "BF16: 16-bit, full quality"],
  ["fp16", "FP16: 16-bit, full quality"],
  ["fp8", "FP8: 8-bit (H100, Ada and newer)"],
  ["int8", "INT8: 8-bit weights"],
  ["int4", "INT4: 4-bit weights (AWQ/GPTQ)"],
  ["q8_0", "GGUF Q8_0: 8-bit, llama.cpp"],
  ["q6_k", "GGUF Q6_K: 6-bit, llama.cpp"],
  ["q5_k_m", "GGUF Q5_K_M: 5-bit, llama.cpp"],
  ["q4_k_m", "GGUF Q4_K_M: 4-bit, llama.cpp (popular for chat)"],
  ["q4_0", "GGUF Q4_0: 4-bit, llama.cpp"],
  ["mxfp4", "MXFP4: 4-bit float (gpt-oss; full speed on Blackwell, MI355X)"],
  ["nvfp4", "NVFP4: 4-bit float (full speed on Blackwell)"],
  ["fp32", "FP32: 32-bit (rarely needed)"],
];
const VENDOR_OPTIONS: [string, string][] = [["nvidia", "NVIDIA"], ["amd", "AMD"], ["apple", "Apple"], ["intel", "Intel"]];
const FORM_FACTOR_OPTIONS: [string, string][] = [
  ["laptop", "Laptop"],
  ["desktop", "Desktop PC"],
  ["workstation", "Workstation"],
  ["server", "Server"],
  ["cloud", "Cloud"],
];
const KIND_LABELS: Record<string, string> = {
  llm: "Language models",
  encoder: "Encoders",
  "encoder-decoder": "Encoder-decoders",
  vision: "Vision models",
  diffusion: "Image generation",
};

function matches(text: string, filter: string): boolean {
  const hay = text.toLowerCase();
  return filter.toLowerCase().split(/\s+/).filter(Boolean).every((word) => hay.includes(word));
}

const presetLabel = (p: (typeof PRESETS)[number]) => `${p.name} · ${formatParameters(p.parameters)} parameters`;

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean; name: string }) => ReactNode;
}

/** A labelled field with its hint and its error, both tied to the input by aria-describedby. */
function Field({ name, label, hint, error, children }: FieldProps) {
  const id = `f-${name}`;
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="adv-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, "aria-describedby": described, "aria-invalid": error ? true : undefined })}
      {hint && (
        <span className="adv-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="adv-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** The four-step questionnaire: its whole state lives in the URL query. */
export function AdvisorForm({ gpus, initialQuery, serverErrors = [] }: { gpus: CatalogGpu[]; initialQuery: string; serverErrors?: QueryError[] }) {
  const router = useRouter();
  const [values, setValues] = useState<FormValues>(() => valuesFromParams(new URLSearchParams(initialQuery)));
  const [modelFilter, setModelFilter] = useState("");
  const [submitted, setSubmitted] = useState(serverErrors.length > 0);
  const formId = useId();
  const errorSummary = useRef<HTMLDivElement>(null);

  const params = useMemo(() => paramsFromValues(values), [values]);
  const query = params.toString();
  const parsed = useMemo(() => parseAdvisorQuery(params), [params]);
  const errors = parsed.ok ? {} : errorsByField(parsed.errors);
  const [debounced, setDebounced] = useState(parsed);

  // The URL follows the form (debounced); history.replaceState keeps one entry and, in the App
  // Router, updates useSearchParams without a server round trip.
  useEffect(() => {
    const timer = setTimeout(() => {
      const next = `${window.location.pathname}${query ? `?${query}` : ""}`;
      if (next !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", next);
      setDebounced(parsed);
    }, 250);
    return () => clearTimeout(timer);
  }, [query, parsed]);

  const preview = useMemo(
    () => (debounced.ok ? memoryPreview(gpus, debounced.request.workload, debounced.request.constraints.vendors ?? []) : null),
    [debounced, gpus],
  );

  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const toggle = (name: string, item: string, on: boolean) =>
    setValues((v) => {
      const list = new Set(listOf(v[name]));
      if (on) list.add(item);
      else list.delete(item);
      return { ...v, [name]: [...list].join(",") };
    });

  const task = values.task || "inference";
  const training = task !== "inference";
  const mode = values.mode || "any";
  const custom = values.model === "custom";
  // Vision and image-generation models train on images, not token sequences.
  const presetKind = PRESETS.find((p) => p.id === values.model)?.kind;
  const images = presetKind === "vision" || presetKind === "diffusion";

  const visiblePresets = PRESETS.filter((p) => p.id === values.model || matches(`${p.name} ${p.id} ${formatParameters(p.parameters)}`, modelFilter));
  const onFilter = (text: string) => {
    setModelFilter(text);
    const first = PRESETS.find((p) => matches(`${p.name} ${p.id} ${formatParameters(p.parameters)}`, text));
    const current = PRESETS.find((p) => p.id === values.model);
    if (text.trim() && first && (!current || !matches(`${current.name} ${current.id} ${formatParameters(current.parameters)}`, text))) set("model", first.id);
  };
  const filterCount = PRESETS.filter((p) => matches(`${p.name} ${p.id} ${formatParameters(p.parameters)}`, modelFilter)).length;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!parsed.ok) {
      const first = parsed.errors[0];
      const input = first ? document.getElementById(`f-${first.field}`) : null;
      (input ?? errorSummary.current)?.focus();
      return;
    }
    router.push(`/advisor/results?${query}`);
  };

  const shownErrors: Record<string, string> = { ...errorsByField(serverErrors.filter((e) => !parsed.ok && errors[e.field])), ...errors };
  const errorList = parsed.ok ? [] : parsed.errors;

  const text = (name: string, label: string, hint?: string, extra: Record<string, string | number> = {}) => (
    <Field name={name} label={label} hint={hint} error={shownErrors[name]}>
      {(props) => <input type="text" inputMode="decimal" autoComplete="off" {...props} {...extra} value={values[name] ?? ""} onChange={(e) => set(name, e.target.value)} />}
    </Field>
  );
  const select = (name: string, label: string, options: [string, string][], hint?: string) => (
    <Field name={name} label={label} hint={hint} error={shownErrors[name]}>
      {(props) => (
        <select {...props} value={values[name] ?? ""} onChange={(e) => set(name, e.target.value)}>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const radios = (name: string, legend: string, options: [string, string][], current: string) => (
    <fieldset className="adv-choices" aria-describedby={shownErrors[name] ? `f-${name}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map(([value, label]) => (
        <label key={value} className="adv-choice">
          <input type="radio" name={name} value={value} id={value === current ? `f-${name}` : undefined} checked={current === value} onChange={() => set(name, value)} /> {label}
        </label>
      ))}
      {shownErrors[name] && (
        <span className="adv-error" id={`f-${name}-error`}>
          {shownErrors[name]}
        </span>
      )}
    </fieldset>
  );
  const checks = (name: string, legend: string, options: [string, string][], hint: string) => (
    <fieldset className="adv-choices" aria-describedby={`f-${name}-hint${shownErrors[name] ? ` f-${name}-error` : ""}`}>
      <legend>{legend}</legend>
      {options.map(([value, label], i) => (
        <label key={value} className="adv-choice">
          <input
            type="checkbox"
            name={name}
            value={value}
            id={i === 0 ? `f-${name}` : undefined}
            checked={listOf(values[name]).includes(value)}
            onChange={(e) => toggle(name, value, e.target.checked)}
          />{" "}
          {label}
        </label>
      ))}
      <span className="adv-hint" id={`f-${name}-hint`}>
        {hint}
      </span>
      {shownErrors[name] && (
        <span className="adv-error" id={`f-${name}-error`}>
          {shownErrors[name]}
        </span>
      )}
    </fieldset>
  );

  return (
    <div className="adv-layout">
      <form className="adv-form" method="get" action="/advisor/results" onSubmit={onSubmit} aria-labelledby={`${formId}-title`} noValidate>
        <h2 id={`${formId}-title`} className="sr-only">
          Questionnaire
        </h2>
        {submitted && errorList.length > 0 && (
          <div className="notice" role="alert" tabIndex={-1} ref={errorSummary}>
            <strong>Please fix {errorList.length === 1 ? "this answer" : `these ${errorList.length} answers`}:</strong>
            <ul>
              {errorList.map((e) => (
                <li key={`${e.field}-${e.message}`}>
                  <a href={`#f-${e.field}`}>{e.field}</a>: {e.message}
                </li>
              ))}
            </ul>
          </div>
        )}

        <fieldset className="adv-step">
          <legend>1. What do you want to do?</legend>
          {radios(
            "task",
            "Task",
            [
              ["inference", "Run a model (chat, inference)"],
              ["finetune", "Fine-tune an existing model"],
              ["training", "Train a model from scratch"],
            ],
            task,
          )}
          {task === "finetune" &&
            radios(
              "method",
              "Fine-tuning method",
              [
                ["lora", "LoRA: small adapters, 16-bit base (default)"],
                ["qlora", "QLoRA: adapters on a 4-bit base, least memory"],
                ["full", "Full fine-tune: every weight, most memory"],
              ],
              values.method || "lora",
            )}
        </fieldset>

        <fieldset className="adv-step">
          <legend>2. Which model?</legend>
          <div className="adv-row">
            <Field name="modelFilter" label="Search models" hint={`${filterCount} of ${PRESETS.length} presets match; the first match is chosen.`}>
              {(props) => <input type="search" {...props} name={undefined} autoComplete="off" placeholder="e.g. llama 8b" value={modelFilter} onChange={(e) => onFilter(e.target.value)} />}
            </Field>
            <Field name="model" label="Model" error={shownErrors.model}>
              {(props) => (
                <select {...props} value={values.model} onChange={(e) => set("model", e.target.value)}>
                  {Object.entries(KIND_LABELS).map(([kind, label]) => {
                    const group = visiblePresets.filter((p) => p.kind === kind);
                    return group.length === 0 ? null : (
                      <optgroup key={kind} label={label}>
                        {group.map((p) => (
                          <option key={p.id} value={p.id}>
                            {presetLabel(p)}
                          </option>
                        ))}
                      </optgroup>
                    );
                  })}
                  <option value="custom">Custom model (enter its size)</option>
                </select>
              )}
            </Field>
          </div>
          <HubModelPicker onModel={(fields) => setValues((v) => ({ ...v, ...fields }))} />
          {custom && (
            <div className="adv-row">
              {text("paramsB", "Parameters (billions)", "e.g. 7 for a 7B model; the architecture is derived if you leave the rest empty.")}
              {text("modelName", "Name (optional)")}
              <details className="adv-details">
                <summary>Architecture (optional, from the model&apos;s config.json)</summary>
                <div className="adv-row">
                  {text("layers", "Layers (num_hidden_layers)")}
                  {text("hiddenSize", "Hidden size")}
                  {text("attentionHeads", "Attention heads")}
                  {text("kvHeads", "KV heads (GQA)")}
                  {text("vocabSize", "Vocabulary size")}
                  {text("intermediateSize", "MLP intermediate size")}
                  {text("activeParamsB", "Active parameters per token (billions, MoE)")}
                  {text("experts", "Experts (MoE)")}
                  {text("expertsPerToken", "Experts per token (MoE)")}
                </div>
              </details>
            </div>
          )}
        </fieldset>

        <fieldset className="adv-step">
          <legend>3. How will you run it?</legend>
          <div className="adv-row">
            {select("precision", "Precision / quantization", PRECISION_OPTIONS, "Fewer bits: less memory and faster decoding, slightly lower quality.")}
            {!training && text("promptTokens", "Prompt length (tokens)", "About ¾ of a word per token.")}
            {!training && text("outputTokens", "Answer length (tokens)")}
            {!training && text("batchSize", "Concurrent users (batch size)", "1 for a personal chat.")}
            {!training &&
              text(
                "targetTokensPerSecond",
                "Wanted speed per user (tokens/s)",
                `Empty: ${DEFAULT_READING_TOKENS_PER_SECOND} tokens/s, about twice the speed people read (≈ 5 tokens/s).`,
                { placeholder: String(DEFAULT_READING_TOKENS_PER_SECOND) },
              )}
            {training && !images && text("sequenceLength", "Sequence length (tokens)")}
            {training && text("batchSize", images ? "Batch size (images per step)" : "Batch size (sequences per step)")}
            {training &&
              (images
                ? text("trainingTokens", "Dataset size × epochs (images)", "e.g. 1.15e8 for ImageNet-1k (1.28 million images) × 90 epochs.")
                : text("trainingTokens", "Dataset size × epochs (tokens)", "e.g. 1e9 for a billion tokens."))}
            {training && text("maxHours", "Time budget (hours)", `Empty: one week (${DEFAULT_TRAINING_HOURS} h).`, { placeholder: String(DEFAULT_TRAINING_HOURS) })}
          </div>
        </fieldset>

        <fieldset className="adv-step">
          <legend>4. Constraints and goal</legend>
          {radios(
            "mode",
            "Buy or rent?",
            [
              ["buy", "Buy the hardware"],
              ["rent", "Rent in the cloud"],
              ["any", "Either"],
            ],
            mode,
          )}
          {training ? (
            <p className="muted" id="adv-horizon">
              Costs are for the run: renting is the run&rsquo;s hours × the hourly price; buying is the price plus the run&rsquo;s electricity.
            </p>
          ) : (
            <fieldset className="adv-choices adv-horizon" id="adv-horizon">
              <legend>How much will you use it? About __ hours a week for __ months</legend>
              <div className="adv-row">
                {text("usageHoursPerWeek", "Hours a week", "168 is around the clock.", {
                  placeholder: String((Number(values.batchSize) > 1 ? DEFAULT_HORIZONS.serving : DEFAULT_HORIZONS.personal).hoursPerWeek),
                })}
                {text("horizonMonths", "Months", "Buying and renting are compared over this time.", {
                  placeholder: String((Number(values.batchSize) > 1 ? DEFAULT_HORIZONS.serving : DEFAULT_HORIZONS.personal).months),
                })}
              </div>
            </fieldset>
          )}
          <div className="adv-row">
            {mode !== "rent" && text("budgetUsd", "Budget to buy (USD, all GPUs, optional)")}
            {mode !== "buy" && text("budgetUsdPerHour", "Budget to rent (USD per hour, optional)")}
            {text("electricityUsdPerKWh", "Electricity price (USD per kWh)")}
            {select("maxGpus", "Most GPUs in one machine", [["1", "1"], ["2", "2"], ["4", "4"], ["8", "8"]])}
          </div>
          {checks("vendors", "Vendors", VENDOR_OPTIONS, "None ticked: all vendors.")}
          {checks("formFactors", "Form factor", FORM_FACTOR_OPTIONS, "None ticked: any.")}
          {radios(
            "objective",
            "What matters most?",
            [
              ["value", "Best value (speed per dollar of total cost)"],
              ["cheapest", "Lowest cost"],
              ["fastest", "Fastest"],
              ["energy", "Least energy"],
            ],
            values.objective || "value",
          )}
        </fieldset>

        <details className="adv-details adv-step">
          <summary>Advanced (for experts)</summary>
          <div className="adv-row">
            {select("engine", "Engine", [
              ["", "Automatic per GPU"],
              ["llama.cpp", "llama.cpp"],
              ["vllm", "vLLM"],
              ["tensorrt-llm", "TensorRT-LLM"],
              ["pytorch", "PyTorch"],
              ["mlx", "MLX (Apple)"],
            ])}
            {!training &&
              select("backend", "llama.cpp backend", [
                ["", "Automatic: the GPU vendor's own (CUDA, ROCm, Metal, SYCL)"],
                ["vulkan", "Vulkan (any GPU but Apple's)"],
                ["cuda", "CUDA (NVIDIA)"],
                ["rocm", "ROCm / HIP (AMD)"],
                ["metal", "Metal (Apple)"],
                ["sycl", "SYCL (Intel)"],
              ])}
            {select("optimizer", "Optimizer", [
              ["adamw", "AdamW"],
              ["adamw-8bit", "AdamW 8-bit"],
              ["sgd", "SGD with momentum"],
            ])}
            {select("parallelism", "Multi-GPU inference split", [
              ["", "Automatic"],
              ["tensor", "Tensor parallel"],
              ["pipeline", "Pipeline (layer split)"],
            ])}
            {text("loraRank", "LoRA rank")}
            {!training &&
              text("systemMemoryBandwidthGBps", "System memory bandwidth (GB/s), for CPU offload", "Default: dual-channel DDR5-4800.", {
                placeholder: String(DEFAULT_OFFLOAD_OPTIONS.systemMemoryBandwidthGBps),
              })}
            {!training && text("systemMemoryGB", "System memory (GB), for CPU offload", undefined, { placeholder: String(DEFAULT_OFFLOAD_OPTIONS.systemMemoryGB) })}
            {select("zeroStage", "ZeRO / FSDP stage", [
              ["", "Automatic"],
              ["0", "0: plain data parallel"],
              ["1", "1: shard optimizer"],
              ["2", "2: + gradients"],
              ["3", "3: + weights (FSDP)"],
            ])}
            {select("gradientCheckpointing", "Gradient checkpointing (less memory, ~⅓ more compute)", [
              ["", "Automatic: on for LoRA/QLoRA (as their recipes do), off for full training"],
              ["true", "On"],
              ["false", "Off"],
            ])}
            {training &&
              presetKind === "vision" &&
              select("memoryFormat", "Convolution layout", [
                ["", "Automatic: PyTorch's default NCHW"],
                ["nhwc", "channels_last (NHWC)"],
                ["nchw", "NCHW"],
              ])}
          </div>
        </details>

        {(values.my ?? "")
          .split(";")
          .filter(Boolean)
          .map((my) => (
            <input key={my} type="hidden" name="my" value={my} />
          ))}
        <p className="adv-submit">
          <button type="submit">Show recommendations</button>
          <span className="muted"> The address bar keeps your answers: bookmark or share it.</span>
        </p>
      </form>
      <MemoryPreviewPanel preview={preview} valid={debounced.ok} />
    </div>
  );
}
