/**
 * Why the kit could not scan a database:
 * - `unsupported_url`: neither postgres:// nor a PGlite data directory;
 * - `unreachable`: the server refused the connection or the directory cannot be opened;
 * - `query_failed`: the catalogue could not be read.
 */
export type DatabaseScanErrorCode = "unsupported_url" | "unreachable" | "query_failed";

/** The database could not be scanned. Messages name the database without credentials. */
export class DatabaseScanError extends Error {
  override readonly name = "DatabaseScanError";
  constructor(
    readonly code: DatabaseScanErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A database URL with any password removed, for messages. */
export function redactedDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ":***@");
  }
}
