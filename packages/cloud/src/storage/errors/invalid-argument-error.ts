import { StorageError } from "./storage-error.js";

/**
 * A caller passed something the storage layer cannot accept (wrong type,
 * empty id, out-of-range page size). Raised before anything is written.
 */
export class InvalidArgumentError extends StorageError {
  override readonly name = "InvalidArgumentError";
  readonly code = "INVALID_ARGUMENT";
  constructor(
    /** The argument's name or path, e.g. `records[3].recordId`. */
    readonly argument: string,
    /** What is wrong with it, without quoting it. */
    readonly problem: string,
  ) {
    super(`${argument}: ${problem}`);
  }
}
