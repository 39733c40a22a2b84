import type { Prisma } from "../../generated/prisma/client";
import { catalogChangedHere, lockCatalogWrites } from "../catalog/queries";

export type Tx = Prisma.TransactionClient;

export interface Actor {
  id: number;
  email: string;
}

/**
 * Every catalog change gets a new CatalogVersion row: loadCatalog's cache key and share snapshots'
 * anchor. Taken under the catalog write lock, held to the end of the transaction, so versions are
 * numbered in commit order and the highest committed id always names the newest catalog.
 */
export async function newCatalogVersion(tx: Tx, reason: string): Promise<number> {
  catalogChangedHere();
  await lockCatalogWrites(tx);
  return (await tx.catalogVersion.create({ data: { reason: reason.slice(0, 500) } })).id;
}

export async function audit(
  tx: Tx,
  entry: { actor: Actor | null; entity: "gpu" | "cloudOffer"; entityKey: string; action: string; before: object | null; after: object | null; catalogVersion: number; revertOf?: number },
): Promise<number> {
  const row = await tx.auditEntry.create({
    data: {
      userId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      entity: entry.entity,
      entityKey: entry.entityKey,
      action: entry.action,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      catalogVersion: entry.catalogVersion,
      revertOf: entry.revertOf ?? null,
    },
  });
  return row.id;
}

/** Interactive transactions long enough for a whole-catalog import on a slow machine. */
export const TX_OPTIONS = { timeout: 60_000, maxWait: 60_000 } as const;
