"use client";

import { useState, type KeyboardEvent } from "react";
import { HfConfigError, parseHfConfig } from "@/lib/workload/hf-config";
import { customModelSchema, type CustomModel } from "@/lib/workload/schema";

/**
 * Any Hugging Face model as the questionnaire's custom model: looked up by id or URL through
 * GET /api/v1/models/hub (the server fetches and caches its config.json), or read from a pasted
 * config.json in the browser. Both fill the same custom-model fields the URL carries, so the rest
 * of the questionnaire, the API and share links see one workload schema.
 */
export function HubModelPicker({ onModel }: { onModel: (fields: Record<string, string>) => void }) {
  const [reference, setReference] = useState("");
  const [pasted, setPasted] = useState("");
  const [status, setStatus] = useState<{ kind: "idle" | "busy" | "ok" | "error"; text: string }>({ kind: "idle", text: "" });

  const apply = (model: CustomModel, from: string) => {
    onModel(fieldsOf(model));
    setStatus({ kind: "ok", text: `Loaded ${model.name ?? "the model"} (${formatBillions(model.parameters)}B parameters) ${from}; its architecture fills the custom model below.` });
  };

  const lookUp = async () => {
    if (!reference.trim()) return setStatus({ kind: "error", text: "Enter a model id such as Qwen/Qwen3-8B, or its huggingface.co address." });
    setStatus({ kind: "busy", text: "Reading config.json from the Hugging Face Hub…" });
    try {
      const response = await fetch(`/api/v1/models/hub?id=${encodeURIComponent(reference.trim())}`, { headers: { accept: "application/json" } });
      const body = (await response.json().catch(() => ({}))) as { error?: string; model?: CustomModel; source?: string };
      if (!response.ok || !body.model) return setStatus({ kind: "error", text: body.error ?? `The lookup failed (${response.status}); paste the config.json instead.` });
      apply(body.model, body.source === "cache" ? "from the Hub (cached copy)" : "from the Hugging Face Hub");
    } catch {
      setStatus({ kind: "error", text: "This server could not be reached; paste the model's config.json instead." });
    }
  };

  const readPasted = () => {
    let raw: unknown;
    try {
      raw = JSON.parse(pasted);
    } catch {
      return setStatus({ kind: "error", text: "That is not valid JSON: paste the whole config.json file." });
    }
    try {
      const model = customModelSchema.safeParse(parseHfConfig(raw));
      if (!model.success) return setStatus({ kind: "error", text: `config.json: ${model.error.issues[0]?.path.join(".")}: ${model.error.issues[0]?.message}` });
      apply(model.data, "from the pasted config.json");
    } catch (error) {
      setStatus({ kind: "error", text: error instanceof HfConfigError ? error.message : "This config.json could not be read." });
    }
  };

  const onEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    void lookUp();
  };

  return (
    <details className="adv-details" open={status.kind !== "idle" ? true : undefined}>
      <summary>Any Hugging Face model (by id, address or config.json)</summary>
      <div className="adv-row">
        <div className="adv-field">
          <label htmlFor="f-hfRef">Hugging Face model id or address</label>
          <input
            id="f-hfRef"
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. Qwen/Qwen3-8B"
            aria-describedby="f-hfRef-hint"
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            onKeyDown={onEnter}
          />
          <span className="adv-hint" id="f-hfRef-hint">
            The server reads the model&apos;s config.json from the Hub. Gated models (Llama, some Gemma) need the pasted file.
          </span>
        </div>
        <div className="adv-field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="button" className="secondary" onClick={() => void lookUp()} disabled={status.kind === "busy"}>
            Look up
          </button>
        </div>
      </div>
      <div className="adv-row">
        <div className="adv-field">
          <label htmlFor="f-hfConfig">…or paste its config.json</label>
          <textarea id="f-hfConfig" rows={4} spellCheck={false} value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder='{"model_type": "llama", "hidden_size": 4096, …}' />
        </div>
        <div className="adv-field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="button" className="secondary" onClick={readPasted} disabled={!pasted.trim()}>
            Use this config
          </button>
        </div>
      </div>
      <p className={status.kind === "error" ? "adv-error" : "adv-hint"} role="status" aria-live="polite" id="f-hfStatus">
        {status.text}
      </p>
    </details>
  );
}

const formatBillions = (count: number) => (count / 1e9).toPrecision(count < 1e10 ? 3 : 4);

/** A custom model as the questionnaire's URL fields (lib/advisor/query.ts QUERY_FIELDS), every architecture field replaced. */
export function fieldsOf(model: CustomModel): Record<string, string> {
  const text = (value: number | undefined) => (value === undefined ? "" : String(value));
  const billions = (value: number | undefined) => (value === undefined ? "" : String(Number((value / 1e9).toPrecision(8))));
  return {
    model: "custom",
    modelName: model.name ?? "",
    paramsB: billions(model.parameters),
    activeParamsB: billions(model.activeParameters),
    expertParamsB: billions(model.expertParameters),
    layers: text(model.layers),
    hiddenSize: text(model.hiddenSize),
    attentionHeads: text(model.attentionHeads),
    kvHeads: text(model.kvHeads),
    headDim: text(model.headDim),
    vocabSize: text(model.vocabSize),
    intermediateSize: text(model.intermediateSize),
    experts: text(model.experts),
    expertsPerToken: text(model.expertsPerToken),
    kvLoraRank: text(model.kvLoraRank),
    qkRopeHeadDim: text(model.qkRopeHeadDim),
    slidingWindow: text(model.slidingWindow),
    slidingWindowLayers: text(model.slidingWindowLayers),
    tiedEmbeddings: model.tiedEmbeddings ? "true" : "",
  };
}
