import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client";
import { loadCatalog } from "../catalog/queries";
import type { RecommendationRequest } from "../api/schemas";
import { recommend, type Recommendation } from "../model/recommend";

/**
 * Share snapshots: immutable records of a recommendation as shown (inputs, catalog version and
 * the full results), addressed by an unguessable id.
 */
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const SHARE_ID_LENGTH = 12;
export const shareIdPattern = /^[0-9A-Za-z]{12}$/;

/** 12 characters from a 62-letter alphabet: 71 bits of randomness (rejection sampling, no modulo bias). */
export function newShareId(): string {
  let id = "";
  while (id.length < SHARE_ID_LENGTH) {
    for (const byte of randomBytes(16)) {
      if (byte < 248 && id.length < SHARE_ID_LENGTH) id += ALPHABET[byte % 62];
    }
  }
  return id;
}

export interface Snapshot {
  id: string;
  createdAt: string;
  catalogVersion: number;
  /** The request with every default applied, so recomputing it later means the same thing. */
  input: RecommendationRequest;
  result: Recommendation;
}

export async function computeRecommendation(prisma: PrismaClient, request: RecommendationRequest) {
  const catalog = await loadCatalog(prisma);
  const result = recommend(catalog, request.workload, request.constraints, request.objective, { calibrations: request.calibrations });
  return { catalogVersion: catalog.version, result };
}

/**
 * Rounds every fraction to 15 significant digits: a jsonb round trip can change the 17th digit
 * of a double, and a snapshot must read back exactly as it was first returned.
 */
function storable<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(15)) : v))) as T;
}

/** Computes and stores a recommendation; returns the stored snapshot. */
export async function createSnapshot(prisma: PrismaClient, request: RecommendationRequest): Promise<Snapshot> {
  const computed = await computeRecommendation(prisma, request);
  const catalogVersion = computed.catalogVersion;
  // recommend() already keeps the working (math, reasons, assumptions) of the picks only, which is
  // all a share page shows.
  const result = storable(computed.result);
  const id = newShareId();
  // One JSON text parameter cast to jsonb: Prisma's per-field argument encoding of a large
  // document costs more than the insert itself.
  const rows = await prisma.$queryRaw<{ createdAt: Date }[]>`
    INSERT INTO "Recommendation" ("id", "catalogVersion", "input", "results")
    VALUES (${id}, ${catalogVersion}, ${JSON.stringify(request)}::jsonb, ${JSON.stringify(result)}::jsonb)
    RETURNING "createdAt"`;
  return { id, createdAt: new Date(rows[0].createdAt).toISOString(), catalogVersion, input: request, result };
}

export async function loadSnapshot(prisma: PrismaClient, id: string): Promise<Snapshot | null> {
  if (!shareIdPattern.test(id)) return null;
  const row = await prisma.recommendation.findUnique({ where: { id } });
  if (!row) return null;
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    catalogVersion: row.catalogVersion,
    input: row.input as unknown as RecommendationRequest,
    result: row.results as unknown as Recommendation,
  };
}
