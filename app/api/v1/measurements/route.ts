import { loadCatalog } from "@/lib/catalog/queries";
import { getPrisma } from "@/lib/db";
import { badRequest, handler, json, jsonError, methodNotAllowed, readJson } from "@/lib/http";
import { ledgerCsv, LEDGER_LICENSE } from "@/lib/ledger/export";
import { ledgerQuerySchema, measurementSubmissionSchema, type SubmissionResult } from "@/lib/ledger/schema";
import { listRuns, storeRuns } from "@/lib/ledger/store";
import { calibrationFromRuns, previewOf, resolveSubmission, SubmissionError } from "@/lib/ledger/submit";
import { clientKey, hitRateLimit } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

/** Per client: 20 stored submissions an hour (previews are free but for the body limit). */
const SUBMIT_LIMIT = { name: "measurement", limit: 20, windowSeconds: 3600 };

/**
 * Submits measured runs (pasted llama-bench / vllm bench serve output, or a form): 201 with the runs
 * as stored (queued for an editor) and a calibration of the visitor's GPU; `dryRun: true` answers
 * 200 with the same document and stores nothing. 400 names the field or the pasted line.
 */
export const POST = handler(async (request: Request) => {
  const body = await readJson(request, measurementSubmissionSchema);
  if ("response" in body) return body.response;
  const prisma = await getPrisma();
  const catalog = await loadCatalog(prisma);
  let resolved;
  try {
    resolved = resolveSubmission(body.data, catalog.gpus);
  } catch (error) {
    if (error instanceof SubmissionError) return jsonError(400, `invalid input: ${error.path.join(".")}: ${error.message}`, [{ path: error.path.join("."), message: error.message }]);
    throw error;
  }
  const calibration = calibrationFromRuns(resolved.runs);
  if (body.data.dryRun) {
    const preview: SubmissionResult = {
      stored: false,
      runs: resolved.runs.map(previewOf),
      notes: resolved.notes,
      calibration,
    };
    return json(preview);
  }
  const client = clientKey(request);
  const limit = await hitRateLimit(prisma, SUBMIT_LIMIT, client);
  if (!limit.allowed) {
    return jsonError(429, `too many measurement submissions; try again in ${limit.retryAfterSeconds} s`, undefined, { "retry-after": String(limit.retryAfterSeconds) });
  }
  const runs = await storeRuns(prisma, resolved.runs, client);
  const result: SubmissionResult = { stored: true, runs, notes: resolved.notes, calibration };
  return json(result, { status: 201 });
});

/** The accepted ledger (GET /api/v1/measurements?gpu=&model=&format=json|csv): open data under CC BY 4.0. */
export const GET = handler(async (request: Request) => {
  const query = ledgerQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badRequest(query.error, "invalid query parameter");
  const prisma = await getPrisma();
  const runs = await listRuns(prisma, { status: "accepted", gpu: query.data.gpu, model: query.data.model, limit: 5000 });
  if (query.data.format === "csv") {
    return new Response(ledgerCsv(runs), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="gpu-advisor-measurements.csv"', "cache-control": "no-store" },
    });
  }
  return json({ license: LEDGER_LICENSE, count: runs.length, runs }, { headers: { "cache-control": "no-store" } });
});

export const PUT = methodNotAllowed(["GET", "POST"]);
export const PATCH = PUT;
export const DELETE = PUT;
