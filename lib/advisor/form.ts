import { defaultValue, QUERY_FIELDS } from "./query";

/**
 * The questionnaire's state: the text of every field, exactly as typed (so "1." or an emptied
 * box survive while typing). The URL holds the same values minus the defaults.
 */
export type FormValues = Record<string, string>;

export const DEFAULT_MODEL = "llama-3.1-8b";
const NAMES = Object.keys(QUERY_FIELDS) as (keyof typeof QUERY_FIELDS)[];

/** URL → form: each field's value in the URL, or its default. */
export function valuesFromParams(params: URLSearchParams): FormValues {
  const values: FormValues = {};
  for (const name of NAMES) {
    const given = params.getAll(name).join(",");
    values[name] = given !== "" ? given : defaultValue(name);
  }
  if (!values.model) values.model = DEFAULT_MODEL;
  values.my = params.getAll("my").join(";");
  return values;
}

/** Form → URL: every non-empty value that differs from its default; model always. */
export function paramsFromValues(values: FormValues): URLSearchParams {
  const params = new URLSearchParams();
  const custom = values.model === "custom";
  for (const name of NAMES) {
    const value = (values[name] ?? "").trim();
    if (!value) continue;
    if (name !== "model" && value === defaultValue(name)) continue;
    if (QUERY_FIELDS[name].path[2] !== undefined && !custom) continue;
    params.set(name, value);
  }
  for (const my of (values.my ?? "").split(";")) if (my.trim()) params.append("my", my.trim());
  return params;
}

/** A list field ("nvidia,amd") as a set of its entries. */
export function listOf(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}
