import { FIGURES } from "../catalog/fields";
import { FORM_FACTORS, SEGMENTS, SOURCED_FIGURES, VENDORS } from "../catalog/schema";

/** The GPU and cloud-offer edit forms' fields, in the seed files' order (labels from lib/catalog/fields). */
export interface FormField {
  key: string;
  label: string;
  kind: "text" | "number" | "integer" | "select" | "textarea" | "date" | "url";
  options?: readonly string[];
  required: boolean;
  /** Has a source URL in `sources` (GPUs). */
  sourced: boolean;
  unit?: string;
}

const figureMeta = new Map(FIGURES.map((figure) => [figure.key as string, figure]));
const INTEGER_FIGURES = new Set(["releaseYear", "shaderCores", "tensorCores"]);
const TEXT_FIGURES = new Set(["memoryType", "interconnect"]);
const REQUIRED_FIGURES = new Set(["memoryGB", "memoryBandwidthGBps"]);

export const GPU_FORM_FIELDS: FormField[] = [
  { key: "slug", label: "Slug (URL name)", kind: "text", required: true, sourced: false },
  { key: "name", label: "Name", kind: "text", required: true, sourced: false },
  { key: "vendor", label: "Vendor", kind: "select", options: VENDORS, required: true, sourced: false },
  { key: "segment", label: "Segment", kind: "select", options: SEGMENTS, required: true, sourced: false },
  { key: "architecture", label: "Architecture", kind: "text", required: true, sourced: false },
  { key: "formFactor", label: "Form factor", kind: "select", options: FORM_FACTORS, required: true, sourced: false },
  ...SOURCED_FIGURES.map(
    (key): FormField => ({
      key,
      label: figureMeta.get(key)?.label ?? key,
      unit: figureMeta.get(key)?.unit,
      kind: TEXT_FIGURES.has(key) ? "text" : INTEGER_FIGURES.has(key) ? "integer" : "number",
      required: REQUIRED_FIGURES.has(key),
      sourced: true,
    }),
  ),
  { key: "notes", label: "Notes", kind: "textarea", required: false, sourced: false },
];

export const OFFER_FORM_FIELDS: FormField[] = [
  { key: "provider", label: "Provider", kind: "text", required: true, sourced: false },
  { key: "instanceType", label: "Instance type", kind: "text", required: true, sourced: false },
  { key: "region", label: "Region", kind: "text", required: true, sourced: false },
  { key: "gpu", label: "GPU (slug)", kind: "text", required: true, sourced: false },
  { key: "gpuCount", label: "GPUs per instance", kind: "integer", required: true, sourced: false },
  { key: "priceUsdPerHour", label: "On-demand price", unit: "USD/h", kind: "number", required: true, sourced: false },
  { key: "spotPriceUsdPerHour", label: "Spot price", unit: "USD/h", kind: "number", required: false, sourced: false },
  { key: "observedAt", label: "Price observed on", kind: "date", required: true, sourced: false },
  { key: "sourceUrl", label: "Source URL", kind: "url", required: true, sourced: false },
  { key: "notes", label: "Notes", kind: "textarea", required: false, sourced: false },
];

/** A form's text value as the API's JSON value: "" is null, numbers parsed (NaN left for the server to name). */
export function fieldValue(field: FormField, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (field.kind === "number" || field.kind === "integer") return Number(trimmed);
  return field.kind === "textarea" ? text : trimmed;
}

export function fieldText(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}
