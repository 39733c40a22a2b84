import { z } from "zod";
import { benchmarkSubmissionSchema, implausibility } from "@/lib/benchmark/schema";
import { communityResults, saveBenchmarkRun } from "@/lib/benchmark/store";
import { slugSchema } from "@/lib/catalog/schema";
import { loadCatalog } from "@/lib/catalog/queries";
import type { CatalogGpu } from "@/lib/catalog/types";
import { getPrisma } from "@/lib/db";
import { badRequest, handler, json, jsonError, methodNotAllowed, readJson } from "@/lib/http";
import { clientKey, EVERYONE, hitQuotas, RATE_LIMITS } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

/** Submits a browser benchmark run (opt-in): 201 {id}; 400 bad fields; 422 implausible; 429 over the limit. */
export const POST = handler(async (request: Request) => {
  const prisma = await getPrisma();
  const client = clientKey(request);
  // Per client 10 an hour and 50 a day, 2,000 a day from everyone: the bound on stored runs.
  const refused = await hitQuotas(prisma, [[RATE_LIMITS.benchmark, client], [RATE_LIMITS.benchmarkDay, client], [RATE_LIMITS.benchmarkGlobal, EVERYONE]]);
  if (refused) {
    const wait = refused.retryAfterSeconds;
    const message = refused.global ? `the site's daily limit of benchmark submissions is reached; try again in ${wait} s` : `too many benchmark submissions; try again in ${wait} s`;
    return jsonError(429, message, undefined, { "retry-after": String(wait) });
  }
  const body = await readJson(request, benchmarkSubmissionSchema);
  if ("response" in body) return body.response;
  const run = body.data;

  let gpuId: number | null = null;
  let gpu: CatalogGpu | null = null;
  if (run.matchedGpu) {
    gpu = (await loadCatalog(prisma)).gpus.find((g) => g.slug === run.matchedGpu) ?? null;
    const row = gpu ? await prisma.gpu.findUnique({ where: { slug: gpu.slug }, select: { id: true } }) : null;
    if (!gpu || !row) {
      return jsonError(422, `matchedGpu: no catalog GPU "${run.matchedGpu}"`, [{ path: "matchedGpu", message: `no catalog GPU "${run.matchedGpu}"` }]);
    }
    gpuId = row.id;
  }
  const problem = implausibility(run, gpu);
  if (problem) return jsonError(422, `implausible result: ${problem.path}: ${problem.message}`, [problem]);

  const id = await saveBenchmarkRun(prisma, run, gpuId, client);
  return json({ id }, { status: 201 });
});

const querySchema = z.object({ gpu: slugSchema });

/** Community results for one GPU: GET /api/v1/benchmarks?gpu=<slug>. */
export const GET = handler(async (request: Request) => {
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badRequest(query.error, "invalid query parameter");
  const prisma = await getPrisma();
  const row = await prisma.gpu.findUnique({ where: { slug: query.data.gpu }, select: { id: true } });
  if (!row) return jsonError(404, `no GPU with slug "${query.data.gpu}"`);
  const results = await communityResults(prisma, row.id);
  return json({ gpu: query.data.gpu, ...results });
});

export const PUT = methodNotAllowed(["GET", "POST"]);
export const PATCH = PUT;
export const DELETE = PUT;
