import type { PrismaClient } from "../../generated/prisma/client";
import type { Role } from "../auth/password";
import { TX_OPTIONS, type Actor } from "./catalog-version";
import { EditRuleError, isRecordNotFound, NotFoundError, StaleVersionError } from "./errors";
import { revertRunEntry } from "./moderation";
import { validateGpuRecord, writeGpu } from "./gpus";
import { validateOfferRecord, writeOffer } from "./offers";
import { diffRecords, gpuRecord, offerRecord, type FieldChange, type GpuRecord, type OfferRecord } from "./records";

/** The audit log: who changed what, when, the changed fields, and one-click revert. */
export interface AuditView {
  id: number;
  createdAt: string;
  user: string | null;
  entity: string;
  entityKey: string;
  action: string;
  catalogVersion: number;
  revertOf: number | null;
  /** A creation: `changes` lists every field of the new entry. */
  created: boolean;
  changes: FieldChange[];
  revertible: boolean;
}

const REVERTIBLE_ENTITIES = new Set(["gpu", "cloudOffer", "benchmarkRun"]);

/** Catalog entries revert their `after`; a moderation entry also reverts a deletion (`after` null). */
function isRevertible(entry: { entity: string; before: unknown; after: unknown }): boolean {
  if (entry.entity === "benchmarkRun") return entry.before !== null;
  return REVERTIBLE_ENTITIES.has(entry.entity) && entry.after !== null;
}

/** Entities only admins may read: user-account entries name people's emails and roles. */
export const ADMIN_ONLY_ENTITIES = ["user"];

/** `role` is the reader's: editors never see ADMIN_ONLY_ENTITIES entries, whatever they filter on. */
export async function listAudit(
  prisma: PrismaClient,
  options: { entity?: string; entityKey?: string; before?: number; limit?: number; role?: Role } = {},
): Promise<AuditView[]> {
  const hidden = options.role === "admin" ? [] : ADMIN_ONLY_ENTITIES;
  const rows = await prisma.auditEntry.findMany({
    where: {
      AND: [{ entity: options.entity }, { entity: { notIn: hidden } }],
      entityKey: options.entityKey,
      id: options.before ? { lt: options.before } : undefined,
    },
    orderBy: { id: "desc" },
    take: Math.min(options.limit ?? 50, 200),
    include: { user: { select: { email: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    // The email written with the entry outlives the account; rows from before it fall back to the join.
    user: row.actorEmail ?? row.user?.email ?? (row.userId === null ? "system" : null),
    entity: row.entity,
    entityKey: row.entityKey,
    action: row.action,
    catalogVersion: row.catalogVersion,
    revertOf: row.revertOf,
    created: row.before === null,
    changes: diffRecords(row.before as Record<string, unknown> | null, row.after as Record<string, unknown> | null),
    revertible: isRevertible(row),
  }));
}

/**
 * Reverts one audit entry: its changed fields go back to their `before` values (a creation is
 * reverted by retiring), written on top of the current version — but only when those fields
 * still hold the entry's `after` values; if anyone changed them since, the revert is refused
 * (StaleVersionError) rather than overwriting their work. The revert is itself audited.
 */
export async function revertEntry(prisma: PrismaClient, actor: Actor, entryId: number): Promise<{ auditId: number; entity: string; entityKey: string; after: unknown }> {
  const entry = await prisma.auditEntry.findUnique({ where: { id: entryId } });
  if (!entry) throw new NotFoundError(`no audit entry ${entryId}`);
  if (!isRevertible(entry)) {
    throw new EditRuleError([{ path: "id", message: "only catalog changes (GPUs and cloud offers) and benchmark-run moderation can be reverted" }]);
  }
  if (entry.entity === "benchmarkRun") return revertRunEntry(prisma, actor, entry);
  const after = entry.after as Record<string, unknown>;
  const target = (entry.before as Record<string, unknown> | null) ?? { ...after, retired: true };
  const fields = diffRecords(after, target).map((change) => change.field);
  if (fields.length === 0) throw new EditRuleError([{ path: "id", message: "this entry changed nothing" }]);

  const refuse = (current: Record<string, unknown>, what: string) => {
    const moved = fields.filter((field) => diffRecords({ v: current[field] }, { v: after[field] }).length > 0);
    if (moved.length > 0) {
      throw new StaleVersionError(`cannot revert: ${what} was changed again since this entry (${moved.join(", ")}); edit it directly instead`, current);
    }
  };
  const overlay = <T extends Record<string, unknown>>(current: T): T => ({ ...current, ...Object.fromEntries(fields.map((field) => [field, target[field] ?? null])) });

  try {
    return await prisma.$transaction(async (tx) => {
      if (entry.entity === "gpu") {
        const row = await tx.gpu.findUnique({ where: { slug: entry.entityKey } });
        if (!row) throw new NotFoundError(`GPU "${entry.entityKey}" no longer exists`);
        const current = gpuRecord(row);
        refuse(current, `GPU "${entry.entityKey}"`);
        const next = validateGpuRecord(overlay(current as GpuRecord & Record<string, unknown>));
        const written = await writeGpu(tx, { actor, slug: row.slug, baseVersion: row.version, before: current, next, action: "revert", revertOf: entry.id });
        const auditId = (await tx.auditEntry.findFirstOrThrow({ where: { revertOf: entry.id }, orderBy: { id: "desc" }, select: { id: true } })).id;
        return { auditId, entity: "gpu", entityKey: row.slug, after: written };
      }
      const id = Number(entry.entityKey);
      const row = await tx.cloudOffer.findUnique({ where: { id }, include: { gpu: { select: { slug: true } } } });
      if (!row) throw new NotFoundError(`cloud offer ${id} no longer exists`);
      const current = offerRecord(row);
      refuse(current, `cloud offer ${id}`);
      const next = validateOfferRecord(overlay(current as OfferRecord & Record<string, unknown>));
      const written = await writeOffer(tx, { actor, id, baseVersion: row.version, before: current, next, action: "revert", revertOf: entry.id });
      const auditId = (await tx.auditEntry.findFirstOrThrow({ where: { revertOf: entry.id }, orderBy: { id: "desc" }, select: { id: true } })).id;
      return { auditId, entity: "cloudOffer", entityKey: String(id), after: written };
    }, TX_OPTIONS);
  } catch (error) {
    if (isRecordNotFound(error)) throw new StaleVersionError("cannot revert: the row changed while reverting; try again", null);
    throw error;
  }
}
