import { getPrisma } from "@/lib/db";
import { handler, json, methodNotAllowed } from "@/lib/http";
import { currentAccuracy } from "@/lib/ledger/accuracy";

export const dynamic = "force-dynamic";

/** The model's error against published measurements and the accepted ledger, per metric, vendor and engine. */
export const GET = handler(async () => json(await currentAccuracy(await getPrisma()), { headers: { "cache-control": "no-store" } }));

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
