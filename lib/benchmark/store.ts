import type { PrismaClient } from "../../generated/prisma/client";
import { aggregateRuns, type CommunitySummary } from "./aggregate";
import { isSoftwareRenderer } from "./identify";
import { GPU_BACKENDS, type BenchmarkSubmission } from "./schema";

/** Stores a submitted run. clientHash is the salted hash from clientKey(), never an address. */
export async function saveBenchmarkRun(prisma: PrismaClient, run: BenchmarkSubmission, gpuId: number | null, clientHash: string): Promise<number> {
  const row = await prisma.benchmarkRun.create({
    data: {
      gpuId,
      renderer: run.renderer,
      backend: run.backend,
      matmulGflops: run.matmulGflops,
      bandwidthGBps: run.bandwidthGBps,
      maxAbsError: run.maxAbsError,
      durationMs: run.durationMs,
      clientHash,
    },
    select: { id: true },
  });
  return row.id;
}

export interface RecentRun {
  id: number;
  renderer: string;
  backend: string;
  matmulGflops: number;
  bandwidthGBps: number | null;
  createdAt: string;
  /** Counted in the summary: a GPU backend on a hardware renderer. */
  counted: boolean;
  whyNotCounted: string | null;
}

export interface CommunityResults {
  summary: CommunitySummary;
  /** Runs left out of the summary: software renderers and the CPU backend measure no GPU. */
  excluded: number;
  recent: RecentRun[];
}

/** Why a run says nothing about the GPU it was submitted under, or null when it counts. */
export function whyNotCounted(run: { renderer: string; backend: string }): string | null {
  if (!GPU_BACKENDS.includes(run.backend)) return "ran on the CPU";
  if (isSoftwareRenderer({ renderer: run.renderer })) return "software renderer";
  return null;
}

export const MAX_RUNS_AGGREGATED = 5000;

/** The community results for one catalog GPU: summary of counted runs and the latest runs. */
export async function communityResults(prisma: PrismaClient, gpuId: number, recentLimit = 10): Promise<CommunityResults> {
  const rows = await prisma.benchmarkRun.findMany({
    // Runs an editor hid (moderation) leave the summary and the list alike.
    where: { gpuId, hidden: false },
    orderBy: { id: "desc" },
    // The latest runs bound the work per page view; older ones age out of the summary.
    take: MAX_RUNS_AGGREGATED,
    select: { id: true, renderer: true, backend: true, matmulGflops: true, bandwidthGBps: true, clientHash: true, createdAt: true },
  });
  const counted = rows.filter((row) => whyNotCounted(row) === null);
  return {
    summary: aggregateRuns(counted),
    excluded: rows.length - counted.length,
    recent: rows.slice(0, recentLimit).map((row) => {
      const reason = whyNotCounted(row);
      return {
        id: row.id,
        renderer: row.renderer,
        backend: row.backend,
        matmulGflops: row.matmulGflops,
        bandwidthGBps: row.bandwidthGBps,
        createdAt: row.createdAt.toISOString(),
        counted: reason === null,
        whyNotCounted: reason,
      };
    }),
  };
}

/** communityResults by catalog slug; null when no GPU has that slug. */
export async function communityResultsForSlug(prisma: PrismaClient, slug: string): Promise<CommunityResults | null> {
  const gpu = await prisma.gpu.findUnique({ where: { slug }, select: { id: true } });
  return gpu ? communityResults(prisma, gpu.id) : null;
}
