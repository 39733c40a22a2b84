import type { MeasuredRun, PrismaClient } from "../../generated/prisma/client";
import type { Actor } from "../admin/catalog-version";
import { TX_OPTIONS } from "../admin/catalog-version";
import { NotFoundError } from "../admin/errors";
import { currentCatalogVersion } from "../catalog/queries";
import { contentChanged } from "../content-generation";
import type { LedgerMetricName, MeasuredRunView, RunStatus } from "./schema";
import type { ResolvedRun } from "./submit";

/** The ledger in the database: queued submissions, editors' decisions (audited), and the accepted runs. */
export function runView(row: MeasuredRun): MeasuredRunView {
  return {
    id: row.id,
    status: row.status as RunStatus,
    gpu: row.gpuSlug,
    gpuCount: row.gpuCount,
    gpuMatch: row.gpuMatch,
    model: row.model,
    modelLabel: row.modelLabel,
    modelMatch: row.modelMatch,
    precision: row.precision,
    engine: row.engine,
    engineVersion: row.engineVersion,
    metric: row.metric as LedgerMetricName,
    value: row.value,
    promptTokens: row.promptTokens,
    outputTokens: row.outputTokens,
    depthTokens: row.depthTokens,
    concurrency: row.concurrency,
    peakMemoryGB: row.peakMemoryGB,
    estimate: row.estimate,
    ratio: row.estimate ? Number((row.value / row.estimate).toPrecision(3)) : null,
    plausible: row.plausible,
    format: row.format,
    submissions: row.submissions,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Stores resolved runs as queued. A run identical to one already held (same configuration and
 * figure) is not stored twice: its row counts one more submission and keeps its status.
 */
export async function storeRuns(prisma: PrismaClient, runs: readonly ResolvedRun[], clientHash: string): Promise<MeasuredRunView[]> {
  const stored: MeasuredRunView[] = [];
  for (const run of runs) {
    const data = {
      gpuSlug: run.gpu,
      gpuCount: run.gpuCount,
      gpuMatch: run.gpuMatch,
      model: run.model,
      modelLabel: run.modelLabel,
      modelMatch: run.modelMatch,
      precision: run.precision,
      engine: run.engine,
      engineVersion: run.engineVersion,
      metric: run.metric,
      value: run.value,
      promptTokens: run.promptTokens,
      outputTokens: run.outputTokens,
      depthTokens: run.depthTokens,
      concurrency: run.concurrency,
      peakMemoryGB: run.peakMemoryGB,
      estimate: run.estimate,
      plausible: run.plausible,
      format: run.format,
      sourceLine: run.sourceLine,
      clientHash,
      dedupeKey: run.dedupeKey,
    };
    const row = await prisma.measuredRun.upsert({ where: { dedupeKey: run.dedupeKey }, create: data, update: { submissions: { increment: 1 } } });
    stored.push(runView(row));
  }
  return stored;
}

export async function listRuns(prisma: PrismaClient, filter: { status?: RunStatus; gpu?: string; model?: string; limit?: number } = {}): Promise<MeasuredRunView[]> {
  const rows = await prisma.measuredRun.findMany({
    where: { status: filter.status, gpuSlug: filter.gpu, model: filter.model },
    orderBy: { id: filter.status === "queued" ? "asc" : "desc" },
    take: Math.min(filter.limit ?? 200, 5000),
  });
  return rows.map(runView);
}

const NEXT_STATUS = { accept: "accepted", reject: "rejected", reopen: "queued" } as const;

/**
 * An editor's decision on a run, written with its audit entry in one transaction. "reopen" puts a
 * decided run back in the queue: a decision is reverted by reopening and deciding again.
 */
export async function reviewRun(prisma: PrismaClient, actor: Actor, id: number, action: keyof typeof NEXT_STATUS, note?: string): Promise<MeasuredRunView> {
  const catalogVersion = await currentCatalogVersion(prisma);
  return prisma.$transaction(async (tx) => {
    const before = await tx.measuredRun.findUnique({ where: { id } });
    if (!before) throw new NotFoundError(`no measured run ${id}`);
    const status = NEXT_STATUS[action];
    const after = await tx.measuredRun.update({
      where: { id },
      data: { status, reviewedById: actor.id, reviewedByEmail: actor.email, reviewedAt: new Date(), reviewNote: note ?? null },
    });
    await tx.auditEntry.create({
      data: {
        userId: actor.id,
        entity: "measurement",
        entityKey: String(id),
        action,
        before: { status: before.status, reviewNote: before.reviewNote },
        after: { status, reviewNote: note ?? null, reviewedBy: actor.email },
        catalogVersion,
      },
    });
    return runView(after);
  }, TX_OPTIONS).finally(() => {
    summaryCache.clear();
    contentChanged();
  });
}

/** Measured figures of one configuration: median, spread and count of the accepted runs. */
export interface MeasuredSummary {
  gpu: string;
  gpuCount: number;
  model: string;
  precision: string;
  engine: string;
  metric: LedgerMetricName;
  promptTokens: number;
  outputTokens: number;
  concurrency: number;
  n: number;
  median: number;
  min: number;
  max: number;
  estimate: number | null;
}

const median = (sorted: number[]) => (sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);

/** Accepted runs grouped per configuration (GPU, count, model, precision, engine, metric, lengths, concurrency). */
export function summarize(runs: readonly MeasuredRunView[]): MeasuredSummary[] {
  const groups = new Map<string, MeasuredRunView[]>();
  for (const run of runs) {
    const key = [run.gpu, run.gpuCount, run.model, run.precision, run.engine, run.metric, run.promptTokens, run.outputTokens, run.concurrency].join("|");
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups.values()].map((group) => {
    const values = group.map((r) => r.value).sort((a, b) => a - b);
    const estimates = group.map((r) => r.estimate).filter((e): e is number => e != null);
    const [first] = group;
    return {
      gpu: first.gpu,
      gpuCount: first.gpuCount,
      model: first.model,
      precision: first.precision,
      engine: first.engine,
      metric: first.metric,
      promptTokens: first.promptTokens,
      outputTokens: first.outputTokens,
      concurrency: first.concurrency,
      n: group.length,
      median: median(values),
      min: values[0],
      max: values[values.length - 1],
      estimate: estimates.length ? estimates[estimates.length - 1] : null,
    };
  });
}

export async function acceptedSummaries(prisma: PrismaClient, filter: { gpu?: string; model?: string } = {}): Promise<MeasuredSummary[]> {
  return summarize(await listRuns(prisma, { status: "accepted", ...filter, limit: 5000 }));
}

/** Pages read accepted summaries through this cache: a decision made on this node shows at once, one made on another node within 30 s. */
const SUMMARY_TTL_MS = 30_000;
// On globalThis: route handlers (where decisions are made) and pages (which read summaries) are
// bundled separately, each with its own copy of this module, and a decision must clear both.
const summaryCache = ((globalThis as typeof globalThis & { __advisorLedgerSummaries?: Map<string, { at: number; value: Promise<MeasuredSummary[]> }> }).__advisorLedgerSummaries ??= new Map());

export function cachedAcceptedSummaries(prisma: PrismaClient, filter: { gpu: string } | { model: string }): Promise<MeasuredSummary[]> {
  const key = "gpu" in filter ? `gpu:${filter.gpu}` : `model:${filter.model}`;
  const hit = summaryCache.get(key);
  if (hit && Date.now() - hit.at < SUMMARY_TTL_MS) return hit.value;
  const value = acceptedSummaries(prisma, filter);
  value.catch(() => summaryCache.delete(key));
  summaryCache.set(key, { at: Date.now(), value });
  return value;
}
