import { isDatabaseUnavailable, reportDatabaseDown } from "./lib/db-health";

/**
 * Next.js calls this for every error on the server. A page that failed because the database is
 * unreachable marks it down, so the next page requests get proxy.ts's 503 page at once (and a probe
 * watches for its return) instead of each failing in turn.
 */
export function onRequestError(error: unknown): void {
  if (isDatabaseUnavailable(error)) reportDatabaseDown();
}
