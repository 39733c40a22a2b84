import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client";
import { lockCatalogWrites, toCatalogGpu } from "../catalog/queries";
import { gpuFieldsSchema, gpuSeedSchema, SOURCED_FIGURES, slugSchema, sourceUrlSchema, type GpuSeed } from "../catalog/schema";
import type { CatalogGpu } from "../catalog/types";
import { audit, newCatalogVersion, TX_OPTIONS, type Actor, type Tx } from "./catalog-version";
import { DuplicateError, EditRuleError, isRecordNotFound, isUniqueViolation, NotFoundError, StaleVersionError } from "./errors";
import { diffRecords, gpuRecord, gpuRecordFromSeed, gpuWriteData, type GpuRecord } from "./records";

/**
 * GPU edits. Every write names the version it was based on and lands only if the row still has
 * it (UPDATE … WHERE slug AND version), together with its audit entry and a new catalog version,
 * in one transaction: two editors can never overwrite each other silently.
 */
export const versionSchema = z.number().int().positive();

/** PATCH body: any subset of the fields, the version it was based on, and sources to add (null removes one). */
export const gpuPatchSchema = gpuFieldsSchema
  .omit({ sources: true })
  .partial()
  .extend({
    version: versionSchema,
    slug: slugSchema.optional(),
    retired: z.boolean().optional(),
    sources: z.record(z.string(), sourceUrlSchema.nullable()).optional(),
  })
  .strict();
export type GpuPatch = z.infer<typeof gpuPatchSchema>;

/** The seed schema issues, as API issues. */
function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", message: issue.message }));
}

/** Validates a whole record with the seed files' schema; returns it normalised (trimmed strings). */
export function validateGpuRecord(record: GpuRecord): GpuRecord {
  const { retired, ...fields } = record;
  const parsed = gpuSeedSchema.safeParse(fields);
  if (!parsed.success) throw new EditRuleError(issuesOf(parsed.error));
  return gpuRecordFromSeed(parsed.data, retired);
}

/** The figures whose value changes but whose source the request did not give (or confirm). */
export function unsourcedChanges(before: GpuRecord, after: GpuRecord, givenSources: Record<string, unknown>): { path: string; message: string }[] {
  return SOURCED_FIGURES.filter((field) => after[field] != null && diffRecords({ v: before[field] }, { v: after[field] }).length > 0 && typeof givenSources[field] !== "string").map((field) => ({
    path: `sources.${field}`,
    message: `${field} changed: give (or confirm) its source URL in sources.${field}`,
  }));
}

export function applyGpuPatch(before: GpuRecord, patch: GpuPatch): GpuRecord {
  const { version: _version, sources: sourcePatch, ...fields } = patch;
  void _version;
  if (fields.slug !== undefined && fields.slug !== before.slug) {
    throw new EditRuleError([{ path: "slug", message: "a GPU's slug cannot change (share links and offers refer to it)" }]);
  }
  const next = { ...before, ...fields, sources: { ...before.sources } } as GpuRecord;
  for (const [field, url] of Object.entries(sourcePatch ?? {})) {
    if (url === null) delete next.sources[field];
    else next.sources[field] = url;
  }
  // A figure removed takes its source with it.
  for (const field of SOURCED_FIGURES) if (next[field] == null) delete next.sources[field];
  const validated = validateGpuRecord(next);
  const missing = unsourcedChanges(before, validated, sourcePatch ?? {});
  if (missing.length > 0) throw new EditRuleError(missing);
  return validated;
}

async function currentGpu(prisma: PrismaClient | Tx, slug: string): Promise<CatalogGpu | null> {
  const row = await prisma.gpu.findUnique({ where: { slug } });
  return row ? toCatalogGpu(row) : null;
}

/** Writes `next` over the row at `baseVersion` (P2025 when it moved on), with audit and catalog version. */
export async function writeGpu(
  tx: Tx,
  options: { actor: Actor | null; slug: string; baseVersion: number; before: GpuRecord; next: GpuRecord; action: string; catalogVersion?: number; revertOf?: number },
): Promise<CatalogGpu> {
  // Catalog lock first (every catalog writer takes it before touching rows: no lock-order
  // deadlocks), then the guarded update: an editor who lost the race fails here, before taking a
  // catalog version number.
  await lockCatalogWrites(tx);
  const row = await tx.gpu.update({
    where: { slug: options.slug, version: options.baseVersion },
    data: { ...gpuWriteData(options.next), version: { increment: 1 } },
  });
  const catalogVersion = options.catalogVersion ?? (await newCatalogVersion(tx, `gpu ${options.slug}: ${options.action} by ${options.actor?.email ?? "system"}`));
  await audit(tx, { actor: options.actor, entity: "gpu", entityKey: options.slug, action: options.action, before: options.before, after: gpuRecord(row), catalogVersion, revertOf: options.revertOf });
  return toCatalogGpu(row);
}

export async function insertGpu(tx: Tx, options: { actor: Actor | null; record: GpuRecord; action: string; catalogVersion?: number }): Promise<CatalogGpu> {
  const slug = options.record.slug;
  const catalogVersion = options.catalogVersion ?? (await newCatalogVersion(tx, `gpu ${slug}: ${options.action} by ${options.actor?.email ?? "system"}`));
  const row = await tx.gpu.create({ data: gpuWriteData(options.record) });
  await audit(tx, { actor: options.actor, entity: "gpu", entityKey: slug, action: options.action, before: null, after: gpuRecord(row), catalogVersion });
  return toCatalogGpu(row);
}

/**
 * Runs a versioned write; a version clash (checked up front, or P2025 from the guarded UPDATE
 * when another editor won the race) becomes a StaleVersionError carrying the row as it is now.
 */
async function versioned<T>(prisma: PrismaClient, slug: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(fn, TX_OPTIONS);
  } catch (error) {
    if (isRecordNotFound(error) || (error instanceof StaleVersionError && error.current === null)) {
      const current = await currentGpu(prisma, slug);
      if (!current) throw new NotFoundError(`no GPU with slug "${slug}"`);
      throw new StaleVersionError(`GPU "${slug}" was changed by someone else (now version ${current.version}): review their values and re-apply yours`, current);
    }
    throw error;
  }
}

export async function updateGpu(prisma: PrismaClient, actor: Actor, slug: string, patch: GpuPatch): Promise<CatalogGpu> {
  return versioned(prisma, slug, async (tx) => {
    const row = await tx.gpu.findUnique({ where: { slug } });
    if (!row) throw new NotFoundError(`no GPU with slug "${slug}"`);
    if (row.version !== patch.version) throw new StaleVersionError("stale", null);
    const before = gpuRecord(row);
    const next = applyGpuPatch(before, patch);
    if (diffRecords(before, next).length === 0) return toCatalogGpu(row);
    const action = before.retired !== next.retired ? (next.retired ? "retire" : "unretire") : "update";
    return writeGpu(tx, { actor, slug, baseVersion: patch.version, before, next, action });
  });
}

export async function createGpu(prisma: PrismaClient, actor: Actor, seed: GpuSeed): Promise<CatalogGpu> {
  const record = validateGpuRecord(gpuRecordFromSeed(seed));
  try {
    return await prisma.$transaction((tx) => insertGpu(tx, { actor, record, action: "create" }), TX_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateError(`a GPU with slug "${record.slug}" already exists`);
    throw error;
  }
}

/** Retired GPUs leave /gpus and new recommendations; old share snapshots keep them. */
export async function retireGpu(prisma: PrismaClient, actor: Actor, slug: string, version?: number): Promise<CatalogGpu> {
  return versioned(prisma, slug, async (tx) => {
    const row = await tx.gpu.findUnique({ where: { slug } });
    if (!row) throw new NotFoundError(`no GPU with slug "${slug}"`);
    if (version !== undefined && row.version !== version) throw new StaleVersionError("stale", null);
    if (row.retired) return toCatalogGpu(row);
    const before = gpuRecord(row);
    return writeGpu(tx, { actor, slug, baseVersion: row.version, before, next: { ...before, retired: true }, action: "retire" });
  });
}

export { currentGpu };
