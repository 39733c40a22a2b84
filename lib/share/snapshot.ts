import { randomBytes } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import type { PrismaClient } from "../../generated/prisma/client";
import { directQuery } from "../direct-sql";
import { loadCatalog } from "../catalog/queries";
import type { RecommendationRequest } from "../api/schemas";
import { recommend, type Recommendation } from "../model/recommend";
import { recommendationOf, toShareBody, type ShareBody, type ShareDocument } from "./document";

/**
 * Share snapshots: immutable records of a recommendation as shown, addressed by an unguessable id.
 * A snapshot is the share document's body (lib/share/document.ts) as JSON text, gzipped (7–15 KB
 * for 90–250 configurations), so it reads back byte for byte as the POST first answered it.
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

/** A computed (or stored) document body, with its JSON text and what the pages draw from it. */
export interface ComputedBody {
  catalogVersion: number;
  body: ShareBody;
  /** JSON.stringify(body): the exact text the API answers and the store keeps. */
  text: string;
  /** The Recommendation the results components draw (recommendationOf(body)). */
  recommendation: Recommendation;
}

export interface Snapshot extends ComputedBody {
  id: string;
  createdAt: string;
}

/** A small least-recently-used map. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly size: number) {}
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value as K);
  }
}

function bodyOf(body: ShareBody): ComputedBody {
  return { catalogVersion: body.catalogVersion, body, text: JSON.stringify(body), recommendation: recommendationOf(body) };
}

/**
 * Results by (catalog version, request): the same question on the same catalog gives the same
 * answer, so the results page and share creation compute it once. A catalog edit moves the version
 * (the change feed, lib/catalog/feed.ts), so nothing stale is served; old versions age out.
 */
const computed = new Lru<string, ComputedBody>(32);

/** The document body for a request on today's catalog (cached per catalog version and request). */
export async function computeBody(prisma: PrismaClient, request: RecommendationRequest): Promise<ComputedBody> {
  const catalog = await loadCatalog(prisma);
  const key = `${catalog.version}\n${JSON.stringify(request)}`;
  const hit = computed.get(key);
  if (hit) return hit;
  const result = recommend(catalog, request.workload, request.constraints, request.objective, { calibrations: request.calibrations });
  const entry = bodyOf(toShareBody(result, request, catalog.version));
  computed.set(key, entry);
  return entry;
}

/** The body's fields as UTF-8 (the document's text after its head), encoded once per body. */
const encodedTails = new WeakMap<ShareBody, Buffer>();

/**
 * The full document as the API answers it, UTF-8: id, URL and creation time, then the body's
 * fields (its stored text after the opening brace). The body's part (90–180 KB) is encoded once
 * per body, not per answer as a string body would be (and scanned for lone surrogates by the
 * Response constructor) each time.
 */
export function documentBytes(snapshot: Pick<Snapshot, "id" | "createdAt" | "text" | "body">, url: string): Uint8Array<ArrayBuffer> {
  let tail = encodedTails.get(snapshot.body);
  if (tail === undefined) encodedTails.set(snapshot.body, (tail = Buffer.from(snapshot.text.slice(1), "utf8")));
  const head = JSON.stringify({ id: snapshot.id, url, createdAt: snapshot.createdAt });
  // Buffer.concat allocates a fresh, unshared ArrayBuffer.
  return Buffer.concat([Buffer.from(`${head.slice(0, -1)},`, "utf8"), tail]) as Uint8Array<ArrayBuffer>;
}

export function documentOf(snapshot: Snapshot, url: string): ShareDocument {
  return { id: snapshot.id, url, createdAt: snapshot.createdAt, ...snapshot.body };
}

/**
 * What the store keeps of a body: its text gzipped, as base64 (how bytea travels through both driver
 * adapters). Made once per computed body: sharing the same question again (the results page's Share
 * button after a view, a popular preset) costs no second compression (~2 ms for 90 KB).
 */
const packed = new WeakMap<ComputedBody, string>();

function packedText(entry: ComputedBody): string {
  let value = packed.get(entry);
  if (value === undefined) packed.set(entry, (value = gzipSync(entry.text).toString("base64")));
  return value;
}

/** Snapshots are immutable: each one read is kept (parsed) for the next reader of the same link. */
const stored = new Lru<string, Snapshot>(64);

/** Computes (or reuses) and stores a recommendation; returns the stored snapshot. */
export async function createSnapshot(prisma: PrismaClient, request: RecommendationRequest): Promise<Snapshot> {
  const entry = await computeBody(prisma, request);
  const id = newShareId();
  // bytea travels as base64 text both ways: the PGlite and pg drivers agree on text (and PGlite
  // passes a binary parameter as hex, ~5× slower). Straight to the driver: docs/performance.md.
  const rows = await directQuery(prisma)<{ createdAt: Date }>(
    `INSERT INTO "Recommendation" ("id", "catalogVersion", "input", "document")
    VALUES ($1, $2, $3::jsonb, decode($4, 'base64'))
    RETURNING "createdAt"`,
    [id, entry.catalogVersion, JSON.stringify(request), packedText(entry)],
  );
  const snapshot: Snapshot = { id, createdAt: new Date(rows[0].createdAt).toISOString(), ...entry };
  stored.set(id, snapshot);
  return snapshot;
}

export async function loadSnapshot(prisma: PrismaClient, id: string): Promise<Snapshot | null> {
  if (!shareIdPattern.test(id)) return null;
  const hit = stored.get(id);
  if (hit) return hit;
  const rows = await prisma.$queryRaw<{ catalogVersion: number; createdAt: Date; input: unknown; results: unknown; document: string | null }[]>`
    SELECT "catalogVersion", "createdAt", "input", "results", encode("document", 'base64') AS "document" FROM "Recommendation" WHERE "id" = ${id}`;
  const row = rows[0];
  if (!row) return null;
  let entry: ComputedBody;
  if (row.document) {
    const text = gunzipSync(Buffer.from(row.document, "base64")).toString("utf8");
    const body = JSON.parse(text) as ShareBody;
    entry = { catalogVersion: body.catalogVersion, body, text, recommendation: recommendationOf(body) };
  } else {
    // Snapshots from before migration 0006 kept the whole Recommendation as jsonb: shown as the
    // same document (their figures unchanged).
    entry = bodyOf(toShareBody(row.results as Recommendation, row.input as RecommendationRequest, row.catalogVersion));
  }
  const snapshot: Snapshot = { id, createdAt: new Date(row.createdAt).toISOString(), ...entry };
  stored.set(id, snapshot);
  return snapshot;
}
