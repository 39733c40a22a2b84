import type { Calibration } from "../model/estimate";
import type { Recommendation } from "../model/recommend";
import { loadCatalog } from "../catalog/queries";
import { getPrisma } from "../db";
import { computeBody, loadSnapshot } from "../share/snapshot";
import { parseAdvisorQuery } from "./query";
import { pickIndexOf, pickWorking, type PickWorking } from "./working";

/**
 * Where the folded working of a results or share page comes from: the results page's computation
 * for a query (computeBody, cached per catalog version and request) or a stored share, with
 * today's catalog source links. Each answer is the data, or why there is none as a status and a
 * sentence, for a page (404) or a JSON error.
 */
export interface WorkingSource {
  recommendation: Recommendation;
  /** The catalog version the source links are from (a share's figures keep their own). */
  catalogVersion: number;
  sources: Record<string, Record<string, string>>;
  calibrations: Record<string, Calibration>;
  trainingTokens?: number;
}

type Failure = { ok: false; status: 400 | 404; message: string };
export type SourceAnswer = ({ ok: true } & WorkingSource) | Failure;
export type WorkingAnswer = { ok: true; working: PickWorking } | Failure;

async function catalogSources() {
  const prisma = await getPrisma();
  const catalog = await loadCatalog(prisma);
  return { prisma, version: catalog.version, sources: Object.fromEntries(catalog.gpus.map((g) => [g.slug, g.sources])) };
}

/** The results for an advisor query (the results page's address). */
export async function resultsSource(params: URLSearchParams): Promise<SourceAnswer> {
  const parsed = parseAdvisorQuery(params);
  if (!parsed.ok) return { ok: false, status: 400, message: `invalid query: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}` };
  const { prisma, sources } = await catalogSources();
  const { recommendation, catalogVersion } = await computeBody(prisma, parsed.request);
  const workload = parsed.request.workload;
  return { ok: true, recommendation, catalogVersion, sources, calibrations: parsed.calibrations, trainingTokens: workload.task === "inference" ? undefined : workload.trainingTokens };
}

/** A stored share: its figures are the snapshot's; the source links today's catalog's, as on the share page. */
export async function shareSource(id: string): Promise<SourceAnswer> {
  const { prisma, version, sources } = await catalogSources();
  const snapshot = await loadSnapshot(prisma, id);
  if (!snapshot) return { ok: false, status: 404, message: "no shared recommendation with that id" };
  const workload = snapshot.body.input.workload;
  return { ok: true, recommendation: snapshot.recommendation, catalogVersion: version, sources, calibrations: {}, trainingTokens: workload.task === "inference" ? undefined : workload.trainingTokens };
}

/** The working of the pick at index `n` (as written in an address) of a source's results. */
export function workingAt(source: WorkingSource, n: string): PickWorking | null {
  const index = pickIndexOf(n);
  if (index == null) return null;
  const gpu = source.recommendation.results[index]?.estimate.gpu;
  return pickWorking(source.recommendation, index, source.catalogVersion, source.sources, {
    calibration: gpu ? source.calibrations[gpu] : undefined,
    trainingTokens: source.trainingTokens,
  });
}

/** The answer of a `/picks/{n}` endpoint: the working, or 400/404 with a sentence. */
export async function workingAnswer(source: Promise<SourceAnswer>, n: string): Promise<WorkingAnswer> {
  const answer = await source;
  if (!answer.ok) return answer;
  const working = workingAt(answer, n);
  return working ? { ok: true, working } : { ok: false, status: 404, message: `no pick at index ${n.slice(0, 12)}` };
}
