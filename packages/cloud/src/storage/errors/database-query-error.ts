import { StorageError } from "./storage-error.js";

/**
 * A statement failed in the database. Only the SQLSTATE and the names of
 * the schema objects involved are kept: the driver's own message and
 * detail quote the offending values ("Key (mac)=(...) already exists"), so
 * the original error is deliberately not attached as `cause`.
 */
export class DatabaseQueryError extends StorageError {
  override readonly name = "DatabaseQueryError";
  readonly code = "DATABASE_QUERY_FAILED";
  constructor(
    /** The five-character SQLSTATE, or "" when the failure came from the driver or transport. */
    readonly sqlState: string,
    /** The constraint violated, when the database names one. */
    readonly constraint: string | undefined,
    /** The table involved, when the database names one. */
    readonly table: string | undefined,
  ) {
    super(`database statement failed${sqlState ? ` with SQLSTATE ${sqlState}` : ""}${constraint ? ` on constraint ${constraint}` : ""}${table ? ` (table ${table})` : ""}`);
  }

  /** Whether the failure is a violation of the named constraint. */
  violates(constraint: string): boolean {
    return this.constraint === constraint;
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The sanitised form of whatever a driver threw. Keeps SQLSTATE, constraint
 * and table; drops message, detail, hint, where and the query parameters.
 */
export function databaseQueryErrorFrom(err: unknown): DatabaseQueryError {
  if (err instanceof DatabaseQueryError) return err;
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; constraint?: unknown; table?: unknown };
  const sqlState = typeof e.code === "string" && SQLSTATE.test(e.code) ? e.code : "";
  const name = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  return new DatabaseQueryError(sqlState, name(e.constraint), name(e.table));
}
