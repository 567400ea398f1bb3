import { StorageError } from "./storage-error.js";

/** openDatabase was given options it cannot honour (URL scheme, schema name). */
export class InvalidDatabaseOptionsError extends StorageError {
  override readonly name = "InvalidDatabaseOptionsError";
  readonly code = "INVALID_DATABASE_OPTIONS";
  constructor(
    /** The option at fault: `url`, `schema` or `dataDir`. */
    readonly option: string,
    problem: string,
  ) {
    super(`${option}: ${problem}`);
  }
}
