import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client";
import { currentCatalogVersion } from "../catalog/queries";
import { cloudOfferSeedSchema, gpuFieldsSchema, gpuSeedSchema, SOURCED_FIGURES } from "../catalog/schema";
import { newCatalogVersion, TX_OPTIONS, type Actor, type Tx } from "./catalog-version";
import { CsvError, parseCsv, toCsv } from "./csv";
import { StaleVersionError } from "./errors";
import { insertGpu, writeGpu } from "./gpus";
import { insertOffer, writeOffer } from "./offers";
import {
  diffRecords,
  GPU_KEYS,
  gpuRecord,
  gpuRecordFromSeed,
  OFFER_KEYS,
  offerKey,
  offerRecord,
  offerRecordFromSeed,
  recordToSeed,
  type FieldChange,
  type GpuRecord,
  type OfferRecord,
} from "./records";

/**
 * Catalog import and export. Export writes the seed files' shape (JSON) or one CSV per entity.
 * Import validates every row with the seed files' schemas, previews per row what would change,
 * and applies all rows or none in one transaction, as one new catalog version.
 */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

export const importRequestSchema = z
  .object({
    format: z.enum(["json", "csv"]),
    /** Which entity a CSV file holds; JSON files say it themselves. */
    entity: z.enum(["gpus", "cloud-offers"]).optional(),
    content: z.string().min(1, "the file is empty").max(IMPORT_MAX_BYTES),
    /** false (default): preview only. */
    apply: z.boolean().default(false),
    /** The catalog version the preview was made at: apply refuses (409) if the catalog moved on since. */
    expectedCatalogVersion: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine((r) => r.format === "json" || r.entity !== undefined, { path: ["entity"], message: "a CSV import names its entity: gpus or cloud-offers" });
export type ImportRequest = z.infer<typeof importRequestSchema>;

export interface ImportIssue {
  row: number;
  field: string;
  message: string;
}

export interface ImportRow {
  entity: "gpu" | "cloudOffer";
  /** 1-based position in its list (a CSV file's line is row + 1, after the header). */
  row: number;
  key: string;
  status: "new" | "changed" | "unchanged" | "error";
  changes: FieldChange[];
  errors: ImportIssue[];
}

export interface ImportPreview {
  catalogVersion: number;
  applied: boolean;
  fileErrors: string[];
  rows: ImportRow[];
  summary: { new: number; changed: number; unchanged: number; errors: number };
}

export class ImportRejectedError extends Error {
  constructor(public readonly preview: ImportPreview) {
    super(`import rejected, nothing was changed: ${preview.fileErrors[0] ?? `${preview.summary.errors} rows with errors`}`);
  }
}

export interface ExportedCatalog {
  gpus: Record<string, unknown>[];
  cloudOffers: Record<string, unknown>[];
}

/** The active catalog (retired entries left out) in the seed files' shape. */
export async function exportCatalog(prisma: PrismaClient): Promise<ExportedCatalog> {
  const [gpus, offers] = await Promise.all([
    prisma.gpu.findMany({ where: { retired: false }, orderBy: { slug: "asc" } }),
    prisma.cloudOffer.findMany({
      where: { retired: false, gpu: { retired: false } },
      include: { gpu: { select: { slug: true } } },
      orderBy: [{ provider: "asc" }, { instanceType: "asc" }, { region: "asc" }],
    }),
  ]);
  return { gpus: gpus.map((row) => recordToSeed(gpuRecord(row))), cloudOffers: offers.map((row) => recordToSeed(offerRecord(row))) };
}

const GPU_CSV_COLUMNS = [...GPU_KEYS.filter((key) => key !== "sources"), ...SOURCED_FIGURES.map((figure) => `source.${figure}`)];

export function gpusToCsv(gpus: Record<string, unknown>[]): string {
  return toCsv(
    GPU_CSV_COLUMNS,
    gpus.map((gpu) => GPU_CSV_COLUMNS.map((column) => (column.startsWith("source.") ? (gpu.sources as Record<string, string>)[column.slice(7)] : gpu[column]))),
  );
}

export function offersToCsv(offers: Record<string, unknown>[]): string {
  return toCsv(OFFER_KEYS, offers.map((offer) => OFFER_KEYS.map((key) => offer[key])));
}

/** Whether a field of an object schema holds a number (through optional/nullable wrappers). */
function isNumberField(schema: z.ZodType): boolean {
  let def = (schema as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
  while ((def.type === "optional" || def.type === "nullable") && def.innerType) {
    def = (def.innerType as unknown as { def: typeof def }).def;
  }
  return def.type === "number";
}

const GPU_NUMBER_FIELDS = new Set(GPU_KEYS.filter((key) => isNumberField(gpuFieldsSchema.shape[key] as z.ZodType)));
const OFFER_NUMBER_FIELDS = new Set(OFFER_KEYS.filter((key) => isNumberField(cloudOfferSeedSchema.shape[key] as z.ZodType)));

/** CSV rows as objects: empty cells left out, numeric columns converted, source.<figure> columns gathered. */
function csvObjects(content: string, entity: "gpus" | "cloud-offers", fileErrors: string[]): unknown[] {
  let rows: string[][];
  try {
    rows = parseCsv(content);
  } catch (error) {
    fileErrors.push(error instanceof CsvError ? error.message : "the file is not valid CSV");
    return [];
  }
  const [header, ...data] = rows;
  if (!header) return [];
  const known = new Set<string>(entity === "gpus" ? GPU_CSV_COLUMNS : OFFER_KEYS);
  const unknown = header.filter((column) => !known.has(column));
  if (unknown.length > 0) {
    fileErrors.push(`unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `"${c}"`).join(", ")} (expected: ${[...known].join(", ")})`);
    return [];
  }
  const numeric = entity === "gpus" ? (GPU_NUMBER_FIELDS as Set<string>) : (OFFER_NUMBER_FIELDS as Set<string>);
  return data.map((cells) => {
    const object: Record<string, unknown> = entity === "gpus" ? { sources: {} } : {};
    header.forEach((column, index) => {
      const cell = (cells[index] ?? "").trim();
      if (cell === "") return;
      const value = numeric.has(column) && cell !== "" && Number.isFinite(Number(cell)) ? Number(cell) : cell;
      if (column.startsWith("source.")) (object.sources as Record<string, unknown>)[column.slice(7)] = value;
      else object[column] = value;
    });
    return object;
  });
}

/** Accepts {gpus, cloudOffers} (the export), or one seed file's array (GPUs or offers). */
function jsonObjects(content: string, fileErrors: string[]): { gpus: unknown[]; offers: unknown[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    fileErrors.push(`the file is not valid JSON: ${(error as Error).message}`);
    return { gpus: [], offers: [] };
  }
  if (Array.isArray(parsed)) {
    const first = parsed[0] as Record<string, unknown> | undefined;
    return first && "provider" in first ? { gpus: [], offers: parsed } : { gpus: parsed, offers: [] };
  }
  if (parsed && typeof parsed === "object") {
    const { gpus, cloudOffers, ...rest } = parsed as Record<string, unknown>;
    if (Object.keys(rest).length > 0) fileErrors.push(`unknown top-level key${Object.keys(rest).length > 1 ? "s" : ""}: ${Object.keys(rest).join(", ")} (expected gpus, cloudOffers)`);
    if (gpus !== undefined && !Array.isArray(gpus)) fileErrors.push("gpus: expected an array");
    if (cloudOffers !== undefined && !Array.isArray(cloudOffers)) fileErrors.push("cloudOffers: expected an array");
    return { gpus: Array.isArray(gpus) ? gpus : [], offers: Array.isArray(cloudOffers) ? cloudOffers : [] };
  }
  fileErrors.push("expected a JSON object {gpus, cloudOffers} or an array");
  return { gpus: [], offers: [] };
}

interface Planned {
  preview: ImportPreview;
  gpuWrites: { record: GpuRecord; existing: { version: number; before: GpuRecord } | null }[];
  offerWrites: { record: OfferRecord; existing: { id: number; version: number; before: OfferRecord } | null }[];
}

function issues(error: z.ZodError, row: number): ImportIssue[] {
  return error.issues.map((issue) => ({ row, field: issue.path.map(String).join(".") || "(row)", message: issue.message }));
}

async function plan(db: PrismaClient | Tx, request: ImportRequest): Promise<Planned> {
  const fileErrors: string[] = [];
  let raw: { gpus: unknown[]; offers: unknown[] };
  if (request.format === "json") raw = jsonObjects(request.content, fileErrors);
  else if (request.entity === "gpus") raw = { gpus: csvObjects(request.content, "gpus", fileErrors), offers: [] };
  else raw = { gpus: [], offers: csvObjects(request.content, "cloud-offers", fileErrors) };
  if (fileErrors.length === 0 && raw.gpus.length + raw.offers.length === 0) fileErrors.push("the file holds no GPUs and no cloud offers");

  const [gpuRows, offerRows, catalogVersion] = await Promise.all([
    db.gpu.findMany(),
    db.cloudOffer.findMany({ include: { gpu: { select: { slug: true } } } }),
    currentCatalogVersion(db as PrismaClient),
  ]);
  const gpusBySlug = new Map(gpuRows.map((row) => [row.slug, row]));
  const offersByKey = new Map(offerRows.map((row) => [offerKey(row), row]));
  const rows: ImportRow[] = [];
  const planned: Planned = { preview: { catalogVersion, applied: false, fileErrors, rows, summary: { new: 0, changed: 0, unchanged: 0, errors: 0 } }, gpuWrites: [], offerWrites: [] };

  const seenSlugs = new Map<string, number>();
  raw.gpus.forEach((entry, index) => {
    const row = index + 1;
    const slug = (entry as { slug?: unknown })?.slug;
    const key = typeof slug === "string" ? slug : `#${row}`;
    const parsed = gpuSeedSchema.safeParse(entry);
    const errors = parsed.success ? [] : issues(parsed.error, row);
    if (parsed.success) {
      const first = seenSlugs.get(parsed.data.slug);
      if (first !== undefined) errors.push({ row, field: "slug", message: `duplicate of row ${first}` });
      seenSlugs.set(parsed.data.slug, row);
    }
    if (!parsed.success || errors.length > 0) {
      rows.push({ entity: "gpu", row, key, status: "error", changes: [], errors });
      return;
    }
    const record = gpuRecordFromSeed(parsed.data);
    const existing = gpusBySlug.get(record.slug);
    const before = existing ? gpuRecord(existing) : null;
    const changes = diffRecords(before, record);
    const status = !existing ? "new" : changes.length > 0 ? "changed" : "unchanged";
    rows.push({ entity: "gpu", row, key: record.slug, status, changes: existing ? changes : [], errors: [] });
    if (status !== "unchanged") planned.gpuWrites.push({ record, existing: existing && before ? { version: existing.version, before } : null });
  });

  const seenOffers = new Map<string, number>();
  raw.offers.forEach((entry, index) => {
    const row = index + 1;
    const parsed = cloudOfferSeedSchema.safeParse(entry);
    if (!parsed.success) {
      rows.push({ entity: "cloudOffer", row, key: `#${row}`, status: "error", changes: [], errors: issues(parsed.error, row) });
      return;
    }
    const record = offerRecordFromSeed(parsed.data);
    const key = offerKey(record);
    const errors: ImportIssue[] = [];
    if (!gpusBySlug.has(record.gpu) && !seenSlugs.has(record.gpu)) errors.push({ row, field: "gpu", message: `unknown GPU slug "${record.gpu}"` });
    const first = seenOffers.get(key);
    if (first !== undefined) errors.push({ row, field: "instanceType", message: `duplicate of row ${first} (same provider, instance type and region)` });
    seenOffers.set(key, row);
    if (errors.length > 0) {
      rows.push({ entity: "cloudOffer", row, key, status: "error", changes: [], errors });
      return;
    }
    const existing = offersByKey.get(key);
    const before = existing ? offerRecord(existing) : null;
    const changes = diffRecords(before, record);
    const status = !existing ? "new" : changes.length > 0 ? "changed" : "unchanged";
    rows.push({ entity: "cloudOffer", row, key, status, changes: existing ? changes : [], errors: [] });
    if (status !== "unchanged") planned.offerWrites.push({ record, existing: existing && before ? { id: existing.id, version: existing.version, before } : null });
  });

  for (const row of rows) planned.preview.summary[row.status === "error" ? "errors" : row.status]++;
  return planned;
}

export async function previewImport(prisma: PrismaClient, request: ImportRequest): Promise<ImportPreview> {
  return (await plan(prisma, request)).preview;
}

/** Applies every row or none: any invalid row (ImportRejectedError) or a write error rolls all back. */
export async function applyImport(prisma: PrismaClient, actor: Actor, request: ImportRequest): Promise<ImportPreview> {
  return prisma.$transaction(async (tx) => {
    const { preview, gpuWrites, offerWrites } = await plan(tx, request);
    if (preview.fileErrors.length > 0 || preview.summary.errors > 0) throw new ImportRejectedError(preview);
    if (request.expectedCatalogVersion !== undefined && request.expectedCatalogVersion !== preview.catalogVersion) {
      throw new StaleVersionError(`the catalog changed since the preview (version ${request.expectedCatalogVersion}, now ${preview.catalogVersion}): preview again`, preview);
    }
    if (gpuWrites.length + offerWrites.length === 0) return { ...preview, applied: true };
    const { new: added, changed } = preview.summary;
    const catalogVersion = await newCatalogVersion(tx, `import by ${actor.email}: ${added} new, ${changed} changed`);
    for (const write of gpuWrites) {
      if (write.existing) {
        await writeGpu(tx, { actor, slug: write.record.slug, baseVersion: write.existing.version, before: write.existing.before, next: write.record, action: "import", catalogVersion });
      } else {
        await insertGpu(tx, { actor, record: write.record, action: "import", catalogVersion });
      }
    }
    for (const write of offerWrites) {
      if (write.existing) {
        await writeOffer(tx, { actor, id: write.existing.id, baseVersion: write.existing.version, before: write.existing.before, next: write.record, action: "import", catalogVersion });
      } else {
        await insertOffer(tx, { actor, record: write.record, action: "import", catalogVersion });
      }
    }
    return { ...preview, catalogVersion, applied: true };
  }, TX_OPTIONS);
}
