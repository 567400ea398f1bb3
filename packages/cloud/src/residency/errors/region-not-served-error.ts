import { StorageError } from "../../storage/errors/storage-error.js";

/** The deployment has no database for the storage location a region maps to (or a subject id names none). */
export class RegionNotServedError extends StorageError {
  override readonly name = "RegionNotServedError";
  readonly code = "REGION_NOT_SERVED";
  constructor(
    /** The location, or "unknown" when a subject id names none. */
    readonly location: string,
  ) {
    super(`no store is configured for storage location ${location}`);
  }
}
