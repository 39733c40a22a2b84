/**
 * Whether the database looks down, shared by every bundle of this process (route handlers, pages
 * and proxy.ts) through globalThis. Route handlers, the health check and page renders (through
 * instrumentation.ts) report what they see; once down, a probe registered by lib/db.ts runs every
 * second until the database answers again. While it is down, proxy.ts answers page requests with
 * a plain 503 page instead of letting each one fail. No imports: proxy.ts loads this.
 */
interface DatabaseHealth {
  down: boolean;
  probe?: () => Promise<void>;
  timer?: ReturnType<typeof setInterval>;
  probing?: boolean;
}

const health = ((globalThis as typeof globalThis & { __advisorDatabaseHealth?: DatabaseHealth }).__advisorDatabaseHealth ??= { down: false });

const PROBE_INTERVAL_MS = 1000;

/** An error that means the database cannot be reached (as opposed to a bad query or bad input). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Error && error.name === "DatabaseBusyError") return true;
  const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  const text = [e?.code, e?.message, e?.cause?.code, e?.cause?.message].map((part) => String(part ?? "")).join(" ");
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P01|57P03|53300|Connection terminated|connect ECONN|Can't reach database|P1001|P1017/i.test(text);
}

export function databaseDown(): boolean {
  return health.down;
}

export function reportDatabaseDown(): void {
  if (health.down) return;
  health.down = true;
  health.timer = setInterval(() => void probe(), PROBE_INTERVAL_MS);
  health.timer.unref?.();
}

export function reportDatabaseUp(): void {
  health.down = false;
  if (health.timer) clearInterval(health.timer);
  health.timer = undefined;
}

/** lib/db.ts: how to ask the database whether it is back (a `SELECT 1`). */
export function setDatabaseProbe(fn: () => Promise<void>): void {
  health.probe = fn;
}

async function probe(): Promise<void> {
  if (!health.probe || health.probing) return;
  health.probing = true;
  try {
    await health.probe();
    reportDatabaseUp();
  } catch {
    // still down: the next tick tries again
  } finally {
    health.probing = false;
  }
}
