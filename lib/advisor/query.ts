import { recommendationRequestSchema, type RecommendationRequest, type RecommendationRequestInput } from "../api/schemas";
import type { Calibration } from "../model/estimate";
import { constraintsSchema } from "../model/recommend";
import { PRESET_IDS } from "../workload/presets";
import { workloadSchema, type CustomModel } from "../workload/schema";
import { fieldIssues } from "../validation";

/**
 * The advisor's state as a URL query: one flat, readable parameter per field, so the
 * questionnaire, its results and a pasted link all mean the same request.
 *
 *   ?task=inference&model=llama-3.1-8b&precision=q4_k_m&mode=buy&budgetUsd=2000
 *
 * A custom model is `model=custom` with `paramsB` (billions of parameters) and optional
 * architecture fields. `my=<slug>,<bandwidthRatio>,<computeRatio>` carries a calibration from
 * the visitor's own benchmark. Unknown parameters are ignored; bad values become errors that name
 * the parameter.
 */

export interface QueryError {
  /** The query parameter (and form field) at fault. */
  field: string;
  message: string;
}

export type ParsedQuery =
  | { ok: true; request: RecommendationRequest; calibrations: Record<string, Calibration> }
  | { ok: false; errors: QueryError[] };

type Kind = "number" | "billions" | "boolean" | "list" | "string" | "zero-stage";

interface Field {
  /** Where the value goes in the request. */
  path: readonly string[];
  kind: Kind;
}

const W = (key: string, kind: Kind): Field => ({ path: ["workload", key], kind });
const M = (key: string, kind: Kind): Field => ({ path: ["workload", "model", key], kind });
const C = (key: string, kind: Kind): Field => ({ path: ["constraints", key], kind });

/** Query parameter → request field. Model architecture fields apply only with model=custom. */
export const QUERY_FIELDS = {
  task: W("task", "string"),
  model: W("model", "string"),
  modelName: M("name", "string"),
  paramsB: M("parameters", "billions"),
  activeParamsB: M("activeParameters", "billions"),
  layers: M("layers", "number"),
  hiddenSize: M("hiddenSize", "number"),
  attentionHeads: M("attentionHeads", "number"),
  kvHeads: M("kvHeads", "number"),
  headDim: M("headDim", "number"),
  vocabSize: M("vocabSize", "number"),
  intermediateSize: M("intermediateSize", "number"),
  experts: M("experts", "number"),
  expertsPerToken: M("expertsPerToken", "number"),
  kvLoraRank: M("kvLoraRank", "number"),
  qkRopeHeadDim: M("qkRopeHeadDim", "number"),
  slidingWindow: M("slidingWindow", "number"),
  slidingWindowLayers: M("slidingWindowLayers", "number"),
  tiedEmbeddings: M("tiedEmbeddings", "boolean"),
  expertParamsB: M("expertParameters", "billions"),
  precision: W("precision", "string"),
  batchSize: W("batchSize", "number"),
  promptTokens: W("promptTokens", "number"),
  outputTokens: W("outputTokens", "number"),
  sequenceLength: W("sequenceLength", "number"),
  trainingTokens: W("trainingTokens", "number"),
  method: W("method", "string"),
  optimizer: W("optimizer", "string"),
  gradientCheckpointing: W("gradientCheckpointing", "boolean"),
  engine: W("engine", "string"),
  loraRank: W("loraRank", "number"),
  zeroStage: W("zeroStage", "zero-stage"),
  parallelism: W("parallelism", "string"),
  backend: W("backend", "string"),
  memoryFormat: W("memoryFormat", "string"),
  mode: C("mode", "string"),
  budgetUsd: C("budgetUsd", "number"),
  budgetUsdPerHour: C("budgetUsdPerHour", "number"),
  vendors: C("vendors", "list"),
  formFactors: C("formFactors", "list"),
  maxGpus: C("maxGpus", "number"),
  electricityUsdPerKWh: C("electricityUsdPerKWh", "number"),
  targetTokensPerSecond: C("targetTokensPerSecond", "number"),
  maxHours: C("maxHours", "number"),
  usageHoursPerWeek: C("usageHoursPerWeek", "number"),
  horizonMonths: C("horizonMonths", "number"),
  systemMemoryBandwidthGBps: C("systemMemoryBandwidthGBps", "number"),
  systemMemoryGB: C("systemMemoryGB", "number"),
  objective: { path: ["objective"], kind: "string" },
} as const satisfies Record<string, Field>;

export type QueryField = keyof typeof QUERY_FIELDS | "my";
const FIELD_NAMES = Object.keys(QUERY_FIELDS) as (keyof typeof QUERY_FIELDS)[];
const BY_PATH = new Map(FIELD_NAMES.map((name) => [QUERY_FIELDS[name].path.join("."), name]));
export const CUSTOM_MODEL = "custom";

/** Defaults of every field, so the serializer can leave them out of the URL. */
const DEFAULT_WORKLOAD = workloadSchema.parse({ model: PRESET_IDS[0] });
const DEFAULT_CONSTRAINTS = constraintsSchema.parse({});
const DEFAULT_OBJECTIVE = recommendationRequestSchema.parse({ workload: { model: PRESET_IDS[0] } }).objective;

/** The value a field takes when the URL leaves it out, as the form shows it ("" when none). */
export function defaultValue(field: keyof typeof QUERY_FIELDS): string {
  const [scope, key] = QUERY_FIELDS[field].path;
  if (field === "model" || QUERY_FIELDS[field].path.length > 2) return "";
  const source = (scope === "workload" ? DEFAULT_WORKLOAD : scope === "constraints" ? DEFAULT_CONSTRAINTS : { objective: DEFAULT_OBJECTIVE }) as Record<string, unknown>;
  const value = source[key ?? scope];
  return value === undefined || value === false ? "" : Array.isArray(value) ? value.join(",") : String(value);
}

/** "1e9", "2000", "0.5" → number; anything else (including "") → null. */
function toNumber(text: string): number | null {
  const trimmed = text.trim().replace(/_/g, "");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** Rewrites zod's default messages into plain words ("Too small: expected number to be >=1" → "must be at least 1"). */
export function inWords(message: string): string {
  return message
    .replace(/^Too small: expected (?:number|bigint) to be >=\s*(.+)$/, "must be at least $1")
    .replace(/^Too small: expected (?:number|bigint) to be >\s*(.+)$/, "must be more than $1")
    .replace(/^Too big: expected (?:number|bigint) to be <=\s*(.+)$/, "must be at most $1")
    .replace(/^Too big: expected (?:number|bigint) to be <\s*(.+)$/, "must be less than $1")
    .replace(/^Too small: expected string to have >=(\d+) characters?$/, "must not be empty")
    .replace(/^Too big: expected string to have <=(\d+) characters$/, "must be at most $1 characters")
    .replace(/^Too big: expected array to have <=(\d+) items?$/, "has too many entries")
    .replace(/^Invalid input: expected int, received number$/, "must be a whole number")
    .replace(/^Invalid option: expected one of (.+)$/, (_m, options: string) => `must be one of: ${options.replace(/"/g, "").split("|").join(", ")}`)
    .replace(/^Invalid input: expected number, received .+$/, "must be a number")
    .replace(/^Invalid input: expected (\w+), received .+$/, "must be a $1");
}

function parseCalibration(text: string): { slug: string; calibration: Calibration } | string {
  const [slug, bandwidth, compute, ...rest] = text.split(",").map((s) => s.trim());
  if (!slug || rest.length > 0 || !/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/.test(slug)) return "must be <gpu slug>,<bandwidth ratio>,<compute ratio>";
  const calibration: Calibration = {};
  for (const [key, raw] of [["bandwidthRatio", bandwidth], ["computeRatio", compute]] as const) {
    if (raw === undefined || raw === "") continue;
    const value = toNumber(raw);
    if (value == null || value <= 0 || value > 10) return `${key === "bandwidthRatio" ? "the bandwidth" : "the compute"} ratio must be a number above 0 and at most 10`;
    calibration[key] = value;
  }
  if (calibration.bandwidthRatio === undefined && calibration.computeRatio === undefined) return "needs a bandwidth or compute ratio after the GPU slug";
  return { slug, calibration };
}

/** Reads the advisor query: a full, defaulted request, or every problem named by its parameter. */
export function parseAdvisorQuery(params: URLSearchParams): ParsedQuery {
  const errors: QueryError[] = [];
  const raw: Record<string, unknown> = { workload: {}, constraints: {} };
  const model = params.get("model")?.trim() ?? "";
  const custom = model === CUSTOM_MODEL;
  if (!model) errors.push({ field: "model", message: "choose a model (a preset, or custom with a parameter count)" });
  for (const name of FIELD_NAMES) {
    const field: Field = QUERY_FIELDS[name];
    const values = params.getAll(name).map((v) => v.trim());
    const text = values.join(",");
    if (values.length === 0 || text === "") continue;
    if (name === "model") {
      if (!custom) setPath(raw, field.path, text);
      continue;
    }
    if (field.path[1] === "model" && !custom) continue;
    switch (field.kind) {
      case "string":
        setPath(raw, field.path, text);
        break;
      case "number":
      case "billions": {
        const value = toNumber(text);
        if (value == null) errors.push({ field: name, message: `must be a number (got "${text.slice(0, 40)}")` });
        else setPath(raw, field.path, field.kind === "billions" ? Math.round(value * 1e9) : value);
        break;
      }
      case "zero-stage": {
        const value = toNumber(text);
        if (value == null || ![0, 1, 2, 3].includes(value)) errors.push({ field: name, message: "must be 0, 1, 2 or 3" });
        else setPath(raw, field.path, value);
        break;
      }
      case "boolean":
        if (/^(1|true|on|yes)$/i.test(text)) setPath(raw, field.path, true);
        else if (/^(0|false|off|no)$/i.test(text)) setPath(raw, field.path, false);
        else errors.push({ field: name, message: 'must be "true" or "false"' });
        break;
      case "list":
        setPath(
          raw,
          field.path,
          text.split(",").map((s) => s.trim()).filter(Boolean),
        );
        break;
    }
  }
  if (custom && !params.get("paramsB")?.trim()) {
    errors.push({ field: "paramsB", message: "a custom model needs its parameter count (in billions)" });
  }
  const calibrations: Record<string, Calibration> = {};
  for (const text of params.getAll("my")) {
    if (!text.trim()) continue;
    const parsed = parseCalibration(text);
    if (typeof parsed === "string") errors.push({ field: "my", message: parsed });
    else calibrations[parsed.slug] = parsed.calibration;
  }
  if (Object.keys(calibrations).length > 0) raw.calibrations = calibrations;
  const result = recommendationRequestSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of fieldIssues(result.error)) {
      const field = fieldForPath(issue.path);
      // Number parse errors were reported above; a missing field then also fails the schema.
      if (errors.some((e) => e.field === field || (field === "model" && e.field === "paramsB"))) continue;
      const message = issue.message.startsWith("unknown model preset") ? "is not a model we know: pick one from the list, or Custom" : inWords(issue.message);
      errors.push({ field, message });
    }
  }
  if (errors.length > 0 || !result.success) return { ok: false, errors };
  return { ok: true, request: result.data, calibrations };
}

/** "workload.model.parameters" → "paramsB"; "constraints.vendors.0" → "vendors". */
function fieldForPath(path: string): string {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const name = BY_PATH.get(parts.slice(0, n).join("."));
    if (name) return name;
  }
  if (parts[0] === "calibrations") return "my";
  return parts[0] === "(root)" ? "model" : parts[parts.length - 1];
}

function formatNumber(value: number, kind: Kind): string {
  return kind === "billions" ? String(value / 1e9) : String(value);
}

/**
 * The query for a request: every value that differs from its default, in a stable order.
 * parseAdvisorQuery(toAdvisorQuery(r)) gives r back (parameter counts rounded to whole numbers).
 */
export function toAdvisorQuery(request: RecommendationRequestInput | RecommendationRequest, calibrations: Record<string, Calibration> = request.calibrations ?? {}): URLSearchParams {
  const params = new URLSearchParams();
  const scopes: Record<string, Record<string, unknown>> = {
    workload: request.workload as Record<string, unknown>,
    constraints: (request.constraints ?? {}) as Record<string, unknown>,
  };
  const defaults: Record<string, Record<string, unknown>> = {
    workload: DEFAULT_WORKLOAD as unknown as Record<string, unknown>,
    constraints: DEFAULT_CONSTRAINTS as unknown as Record<string, unknown>,
  };
  const model = request.workload.model;
  for (const name of FIELD_NAMES) {
    const field: Field = QUERY_FIELDS[name];
    const [scope, key, sub] = field.path;
    let value: unknown;
    let fallback: unknown;
    if (scope === "objective") {
      value = request.objective;
      fallback = DEFAULT_OBJECTIVE;
    } else if (key === "model" && sub === undefined) {
      params.set("model", typeof model === "string" ? model : CUSTOM_MODEL);
      continue;
    } else if (key === "model") {
      if (typeof model === "string" || !("parameters" in model)) continue;
      value = (model as CustomModel)[sub as keyof CustomModel];
    } else {
      value = scopes[scope]?.[key];
      fallback = defaults[scope]?.[key];
    }
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(name, value.join(","));
      continue;
    }
    if (value === fallback) continue;
    params.set(name, typeof value === "number" ? formatNumber(value, field.kind) : String(value));
  }
  for (const [slug, c] of Object.entries(calibrations)) params.append("my", `${slug},${c.bandwidthRatio ?? ""},${c.computeRatio ?? ""}`);
  return params;
}

/** Errors by field, for showing each beside its input. */
export function errorsByField(errors: readonly QueryError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] = out[e.field] ? `${out[e.field]}; ${e.message}` : e.message;
  return out;
}

/** Next's searchParams object → URLSearchParams (repeated keys kept). */
export function searchParamsFrom(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params;
}
