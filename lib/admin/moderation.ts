import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client";
import { currentCatalogVersion } from "../catalog/queries";
import type { Actor, Tx } from "./catalog-version";
import { EditRuleError, NotFoundError, StaleVersionError } from "./errors";

/**
 * Moderation of community benchmark runs: editors and admins hide a run (it stays stored but leaves
 * every aggregate and list), show it again, or delete it. Each change and its audit entry are
 * written in one transaction; the audit entry keeps the whole row, so a deletion can be reverted
 * (the row comes back with its id) as well as a hide.
 */
export const moderationPatchSchema = z.object({ hidden: z.boolean() }).strict();

export const moderationQuerySchema = z
  .object({
    gpu: z.string().max(100).optional(),
    hidden: z.enum(["true", "false"]).optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

export interface ModeratedRun {
  id: number;
  gpu: string | null;
  renderer: string;
  backend: string;
  matmulGflops: number;
  bandwidthGBps: number | null;
  maxAbsError: number;
  durationMs: number;
  hidden: boolean;
  createdAt: string;
}

/** The stored row as audited: every column, so a deleted run can be put back exactly. */
interface RunRecord {
  id: number;
  gpuId: number | null;
  renderer: string;
  backend: string;
  matmulGflops: number;
  bandwidthGBps: number | null;
  maxAbsError: number;
  durationMs: number;
  clientHash: string;
  hidden: boolean;
  createdAt: string;
}

type RunRow = Omit<RunRecord, "createdAt"> & { createdAt: Date };

function record(row: RunRow): RunRecord {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function listRuns(prisma: PrismaClient, query: z.infer<typeof moderationQuerySchema> = {}): Promise<ModeratedRun[]> {
  const rows = await prisma.benchmarkRun.findMany({
    where: {
      gpu: query.gpu ? { slug: query.gpu } : undefined,
      hidden: query.hidden === undefined ? undefined : query.hidden === "true",
      id: query.before ? { lt: query.before } : undefined,
    },
    orderBy: { id: "desc" },
    take: query.limit ?? 50,
    include: { gpu: { select: { slug: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    gpu: row.gpu?.slug ?? null,
    renderer: row.renderer,
    backend: row.backend,
    matmulGflops: row.matmulGflops,
    bandwidthGBps: row.bandwidthGBps,
    maxAbsError: row.maxAbsError,
    durationMs: row.durationMs,
    hidden: row.hidden,
    createdAt: row.createdAt.toISOString(),
  }));
}

async function auditRun(tx: Tx, actor: Actor, id: number, action: string, before: RunRecord | null, after: RunRecord | null, revertOf?: number): Promise<number> {
  const row = await tx.auditEntry.create({
    data: {
      userId: actor.id,
      actorEmail: actor.email,
      entity: "benchmarkRun",
      entityKey: String(id),
      action,
      before: before ? { ...before } : undefined,
      after: after ? { ...after } : undefined,
      catalogVersion: await currentCatalogVersion(tx as PrismaClient),
      revertOf: revertOf ?? null,
    },
  });
  return row.id;
}

/** Hides or shows a run; a no-op change is not audited. Returns the audit entry id (null when nothing changed). */
export async function setRunHidden(prisma: PrismaClient, actor: Actor, id: number, hidden: boolean, revertOf?: number): Promise<{ auditId: number | null; run: RunRecord }> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.benchmarkRun.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`no benchmark run ${id}`);
    if (row.hidden === hidden) return { auditId: null, run: record(row) };
    const updated = await tx.benchmarkRun.update({ where: { id }, data: { hidden } });
    const auditId = await auditRun(tx, actor, id, revertOf ? "revert" : hidden ? "hide" : "show", record(row), record(updated), revertOf);
    return { auditId, run: record(updated) };
  });
}

export async function deleteRun(prisma: PrismaClient, actor: Actor, id: number): Promise<{ auditId: number }> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.benchmarkRun.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`no benchmark run ${id}`);
    await tx.benchmarkRun.delete({ where: { id } });
    return { auditId: await auditRun(tx, actor, id, "delete", record(row), null) };
  });
}

/**
 * Reverts a moderation entry: a hide/show sets `hidden` back (refused when it changed since), a
 * deletion puts the row back with its id (refused when that id is taken). Audited as "revert".
 */
export async function revertRunEntry(prisma: PrismaClient, actor: Actor, entry: { id: number; entityKey: string; before: unknown; after: unknown }): Promise<{ auditId: number; entity: string; entityKey: string; after: unknown }> {
  const id = Number(entry.entityKey);
  const before = entry.before as RunRecord | null;
  const after = entry.after as RunRecord | null;
  if (!before) throw new EditRuleError([{ path: "id", message: "this entry changed nothing" }]);
  if (after) {
    const current = await prisma.benchmarkRun.findUnique({ where: { id } });
    if (!current) throw new NotFoundError(`benchmark run ${id} no longer exists`);
    if (current.hidden !== after.hidden) throw new StaleVersionError(`cannot revert: benchmark run ${id} was changed again since this entry (hidden)`, record(current));
    const result = await setRunHidden(prisma, actor, id, before.hidden, entry.id);
    return { auditId: result.auditId!, entity: "benchmarkRun", entityKey: String(id), after: result.run };
  }
  return prisma.$transaction(async (tx) => {
    if (await tx.benchmarkRun.findUnique({ where: { id }, select: { id: true } })) {
      throw new StaleVersionError(`cannot revert: benchmark run ${id} exists again`, null);
    }
    const gpuExists = before.gpuId === null || (await tx.gpu.findUnique({ where: { id: before.gpuId }, select: { id: true } })) !== null;
    const restored = await tx.benchmarkRun.create({ data: { ...before, gpuId: gpuExists ? before.gpuId : null, createdAt: new Date(before.createdAt) } });
    const auditId = await auditRun(tx, actor, id, "revert", null, record(restored), entry.id);
    return { auditId, entity: "benchmarkRun", entityKey: String(id), after: record(restored) };
  });
}
