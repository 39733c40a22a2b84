import type { CloudOffer, Gpu, Prisma } from "../../generated/prisma/client";
import { cloudOfferSeedSchema, gpuFieldsSchema, type CloudOfferSeed, type GpuSeed } from "../catalog/schema";

/**
 * Catalog rows as plain records: what the audit log stores as before/after, what the editor and
 * the import preview compare, and what a revert writes back. Every key is present (null when
 * unset), in the seed files' field order, plus `retired`.
 */
type Filled<T> = { [K in keyof T]-?: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K] };

export type GpuRecord = Filled<GpuSeed> & { retired: boolean };
export type OfferRecord = Filled<CloudOfferSeed> & { retired: boolean };
export type CatalogRecord = GpuRecord | OfferRecord;

export const GPU_KEYS = Object.keys(gpuFieldsSchema.shape) as (keyof GpuSeed)[];
export const OFFER_KEYS = Object.keys(cloudOfferSeedSchema.shape) as (keyof CloudOfferSeed)[];

export function gpuRecord(row: Gpu): GpuRecord {
  const record = Object.fromEntries(GPU_KEYS.map((key) => [key, (row as unknown as Record<string, unknown>)[key] ?? null])) as GpuRecord;
  record.sources = sortedSources(row.sources as Record<string, string>);
  record.retired = row.retired;
  return record;
}

export function offerRecord(row: CloudOffer & { gpu: { slug: string } }): OfferRecord {
  return {
    provider: row.provider,
    instanceType: row.instanceType,
    gpu: row.gpu.slug,
    gpuCount: row.gpuCount,
    priceUsdPerHour: row.priceUsdPerHour,
    spotPriceUsdPerHour: row.spotPriceUsdPerHour,
    region: row.region,
    observedAt: row.observedAt.toISOString().slice(0, 10),
    sourceUrl: row.sourceUrl,
    notes: row.notes,
    retired: row.retired,
  };
}

/** A validated seed entry as a record (absent optional fields become null). */
export function gpuRecordFromSeed(seed: GpuSeed, retired = false): GpuRecord {
  const record = Object.fromEntries(GPU_KEYS.map((key) => [key, seed[key] ?? null])) as unknown as GpuRecord;
  record.sources = sortedSources(seed.sources);
  record.retired = retired;
  return record;
}

export function offerRecordFromSeed(seed: CloudOfferSeed, retired = false): OfferRecord {
  const record = Object.fromEntries(OFFER_KEYS.map((key) => [key, seed[key] ?? null])) as unknown as OfferRecord;
  record.retired = retired;
  return record;
}

/** The seed-file shape: nulls and `retired` left out. */
export function recordToSeed<T extends CatalogRecord>(record: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key, value]) => key !== "retired" && value !== null));
}

export function sortedSources(sources: Record<string, string> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(sources ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function comparable(value: unknown): string {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return JSON.stringify(sortedSources(value as Record<string, string>));
  }
  return JSON.stringify(value ?? null);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return comparable(a) === comparable(b);
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** The fields whose values differ, in the records' key order. */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys
    .filter((field) => !sameValue(before?.[field], after?.[field]))
    .map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }));
}

export function gpuWriteData(record: GpuRecord): Omit<Prisma.GpuCreateInput, "version"> {
  const { sources, ...rest } = record;
  return { ...rest, sources };
}

export function offerWriteData(record: OfferRecord, gpuId: number): Prisma.CloudOfferUncheckedCreateInput {
  const { gpu: _slug, observedAt, ...rest } = record;
  void _slug;
  return { ...rest, gpuId, observedAt: new Date(`${observedAt}T00:00:00Z`) };
}

export function offerKey(record: Pick<OfferRecord, "provider" | "instanceType" | "region">): string {
  return `${record.provider} / ${record.instanceType} / ${record.region}`;
}
