import { StorageError } from "./storage-error.js";

/** Why migrate() refused to touch a database. */
export type MigrationProblem =
  /** An applied migration's statements differ from the code's: someone edited a released migration. */
  | "CHECKSUM_MISMATCH"
  /** The database has a migration this code does not know: it was migrated by newer code. */
  | "UNKNOWN_VERSION";

/** The database's migration history does not match this code's migrations. */
export class MigrationError extends StorageError {
  override readonly name = "MigrationError";
  readonly code = "MIGRATION_REFUSED";
  constructor(
    readonly problem: MigrationProblem,
    readonly version: number,
  ) {
    super(`migration ${String(version).padStart(4, "0")}: ${problem}`);
  }
}
