import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client";
import { cloudOfferSeedSchema, type CloudOfferSeed } from "../catalog/schema";
import { lockCatalogWrites } from "../catalog/queries";
import { audit, newCatalogVersion, TX_OPTIONS, type Actor, type Tx } from "./catalog-version";
import { DuplicateError, EditRuleError, isRecordNotFound, isUniqueViolation, NotFoundError, StaleVersionError } from "./errors";
import { versionSchema } from "./gpus";
import { diffRecords, offerKey, offerRecord, offerRecordFromSeed, offerWriteData, type OfferRecord } from "./records";

/** Cloud-offer edits: the same versioned, audited, catalog-versioned writes as GPUs. */
export interface AdminOffer extends OfferRecord {
  id: number;
  version: number;
  updatedAt: string;
}

export const offerPatchSchema = cloudOfferSeedSchema.partial().extend({ version: versionSchema, retired: z.boolean().optional() }).strict();
export type OfferPatch = z.infer<typeof offerPatchSchema>;

/** A price, count or date is a figure: changing one needs the source URL given (or confirmed) in the same request. */
const OFFER_FIGURES = ["gpu", "gpuCount", "priceUsdPerHour", "spotPriceUsdPerHour", "observedAt"] as const;

const include = { gpu: { select: { slug: true } } } as const;

function toAdminOffer(row: Parameters<typeof offerRecord>[0]): AdminOffer {
  return { ...offerRecord(row), id: row.id, version: row.version, updatedAt: row.updatedAt.toISOString() };
}

export function validateOfferRecord(record: OfferRecord): OfferRecord {
  const { retired, ...fields } = record;
  const parsed = cloudOfferSeedSchema.safeParse(fields);
  if (!parsed.success) {
    throw new EditRuleError(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", message: issue.message })));
  }
  return offerRecordFromSeed(parsed.data, retired);
}

export function applyOfferPatch(before: OfferRecord, patch: OfferPatch): OfferRecord {
  const { version: _version, ...fields } = patch;
  void _version;
  const next = validateOfferRecord({ ...before, ...fields } as OfferRecord);
  const changedFigures = OFFER_FIGURES.filter((field) => diffRecords({ v: before[field] }, { v: next[field] }).length > 0);
  if (changedFigures.length > 0 && patch.sourceUrl === undefined) {
    throw new EditRuleError([{ path: "sourceUrl", message: `${changedFigures.join(", ")} changed: give (or confirm) the source URL in sourceUrl` }]);
  }
  return next;
}

export async function gpuIdForSlug(tx: Tx | PrismaClient, slug: string): Promise<number> {
  const gpu = await tx.gpu.findUnique({ where: { slug }, select: { id: true } });
  if (!gpu) throw new EditRuleError([{ path: "gpu", message: `unknown GPU slug "${slug}"` }]);
  return gpu.id;
}

export async function currentOffer(prisma: PrismaClient | Tx, id: number): Promise<AdminOffer | null> {
  const row = await prisma.cloudOffer.findUnique({ where: { id }, include });
  return row ? toAdminOffer(row) : null;
}

export async function listOffers(prisma: PrismaClient): Promise<AdminOffer[]> {
  const rows = await prisma.cloudOffer.findMany({ include, orderBy: [{ provider: "asc" }, { instanceType: "asc" }, { region: "asc" }] });
  return rows.map(toAdminOffer);
}

export async function writeOffer(
  tx: Tx,
  options: { actor: Actor | null; id: number; baseVersion: number; before: OfferRecord; next: OfferRecord; action: string; catalogVersion?: number; revertOf?: number },
): Promise<AdminOffer> {
  const gpuId = await gpuIdForSlug(tx, options.next.gpu);
  // Catalog lock first (every catalog writer takes it before touching rows: no lock-order
  // deadlocks), then the guarded update: an editor who lost the race fails here, before taking a
  // catalog version number.
  await lockCatalogWrites(tx);
  const row = await tx.cloudOffer.update({
    where: { id: options.id, version: options.baseVersion },
    data: { ...offerWriteData(options.next, gpuId), version: { increment: 1 } },
    include,
  });
  const catalogVersion = options.catalogVersion ?? (await newCatalogVersion(tx, `offer ${offerKey(options.next)}: ${options.action} by ${options.actor?.email ?? "system"}`));
  await audit(tx, { actor: options.actor, entity: "cloudOffer", entityKey: String(row.id), action: options.action, before: options.before, after: offerRecord(row), catalogVersion, revertOf: options.revertOf });
  return toAdminOffer(row);
}

export async function insertOffer(tx: Tx, options: { actor: Actor | null; record: OfferRecord; action: string; catalogVersion?: number }): Promise<AdminOffer> {
  const gpuId = await gpuIdForSlug(tx, options.record.gpu);
  const catalogVersion = options.catalogVersion ?? (await newCatalogVersion(tx, `offer ${offerKey(options.record)}: ${options.action} by ${options.actor?.email ?? "system"}`));
  const row = await tx.cloudOffer.create({ data: offerWriteData(options.record, gpuId), include });
  await audit(tx, { actor: options.actor, entity: "cloudOffer", entityKey: String(row.id), action: options.action, before: null, after: offerRecord(row), catalogVersion });
  return toAdminOffer(row);
}

function duplicateMessage(record: OfferRecord): string {
  return `an offer for ${offerKey(record)} already exists`;
}

async function versioned<T>(prisma: PrismaClient, id: number, fn: (tx: Tx) => Promise<T>, record?: () => OfferRecord | undefined): Promise<T> {
  try {
    return await prisma.$transaction(fn, TX_OPTIONS);
  } catch (error) {
    if (isRecordNotFound(error) || (error instanceof StaleVersionError && error.current === null)) {
      const current = await currentOffer(prisma, id);
      if (!current) throw new NotFoundError(`no cloud offer with id ${id}`);
      throw new StaleVersionError(`cloud offer ${id} was changed by someone else (now version ${current.version}): review their values and re-apply yours`, current);
    }
    const clashing = record?.();
    if (clashing && isUniqueViolation(error)) throw new DuplicateError(duplicateMessage(clashing));
    throw error;
  }
}

export async function updateOffer(prisma: PrismaClient, actor: Actor, id: number, patch: OfferPatch): Promise<AdminOffer> {
  let next: OfferRecord | undefined;
  return versioned(
    prisma,
    id,
    async (tx) => {
      const row = await tx.cloudOffer.findUnique({ where: { id }, include });
      if (!row) throw new NotFoundError(`no cloud offer with id ${id}`);
      if (row.version !== patch.version) throw new StaleVersionError("stale", null);
      const before = offerRecord(row);
      next = applyOfferPatch(before, patch);
      if (diffRecords(before, next).length === 0) return toAdminOffer(row);
      const action = before.retired !== next.retired ? (next.retired ? "retire" : "unretire") : "update";
      return writeOffer(tx, { actor, id, baseVersion: patch.version, before, next, action });
    },
    () => next,
  );
}

export async function createOffer(prisma: PrismaClient, actor: Actor, seed: CloudOfferSeed): Promise<AdminOffer> {
  const record = validateOfferRecord(offerRecordFromSeed(seed));
  try {
    return await prisma.$transaction((tx) => insertOffer(tx, { actor, record, action: "create" }), TX_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateError(duplicateMessage(record));
    throw error;
  }
}

export async function retireOffer(prisma: PrismaClient, actor: Actor, id: number, version?: number): Promise<AdminOffer> {
  return versioned(prisma, id, async (tx) => {
    const row = await tx.cloudOffer.findUnique({ where: { id }, include });
    if (!row) throw new NotFoundError(`no cloud offer with id ${id}`);
    if (version !== undefined && row.version !== version) throw new StaleVersionError("stale", null);
    if (row.retired) return toAdminOffer(row);
    const before = offerRecord(row);
    return writeOffer(tx, { actor, id, baseVersion: row.version, before, next: { ...before, retired: true }, action: "retire" });
  });
}
