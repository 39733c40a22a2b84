import { pingDatabase } from "@/lib/db";
import { reportDatabaseDown, reportDatabaseUp } from "@/lib/db-health";
import { json, methodNotAllowed } from "@/lib/http";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    await pingDatabase();
    reportDatabaseUp();
    return json({ status: "ok", db: "ok" });
  } catch {
    reportDatabaseDown();
    return json({ status: "error", db: "unavailable", error: "the database is unavailable" }, { status: 503, headers: { "retry-after": "5" } });
  }
}

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
