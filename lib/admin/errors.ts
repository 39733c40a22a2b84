/**
 * Domain errors of catalog editing, and the mapping from both drivers' raw errors to them: on
 * PGlite a unique clash arrives as a DriverAdapterError ("duplicate key value violates unique
 * constraint"), on PostgreSQL as Prisma's P2002; a stale-version update raises P2025 on both.
 */
export class NotFoundError extends Error {}

/** The row changed since the version the edit was based on. `current` is the row as it is now. */
export class StaleVersionError<T = unknown> extends Error {
  constructor(
    message: string,
    public readonly current: T | null,
  ) {
    super(message);
  }
}

export class DuplicateError extends Error {}

/** An edit that passes the field schema but breaks an editing rule (e.g. a changed figure with no source). */
export class EditRuleError extends Error {
  constructor(public readonly issues: { path: string; message: string }[]) {
    super(issues[0] ? `${issues[0].path}: ${issues[0].message}` : "invalid edit");
  }
}

function errorText(error: unknown): { code: string; message: string } {
  const e = error as { code?: unknown; message?: unknown; cause?: { originalCode?: unknown; message?: unknown } } | null;
  return {
    code: String(e?.code ?? e?.cause?.originalCode ?? ""),
    message: `${String(e?.message ?? "")} ${String(e?.cause?.message ?? "")}`,
  };
}

export function isUniqueViolation(error: unknown): boolean {
  const { code, message } = errorText(error);
  return code === "P2002" || code === "23505" || /duplicate key value violates unique constraint|Unique constraint failed/i.test(message);
}

export function isRecordNotFound(error: unknown): boolean {
  return errorText(error).code === "P2025";
}
