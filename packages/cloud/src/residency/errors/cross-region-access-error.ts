import { StorageError } from "../../storage/errors/storage-error.js";

/**
 * A store of one location was asked for a subject whose data lives in
 * another: refused, so that a node serving one region never reads (or
 * writes) another region's data. Names the subject and the two locations.
 */
export class CrossRegionAccessError extends StorageError {
  override readonly name = "CrossRegionAccessError";
  readonly code = "CROSS_REGION_ACCESS";
  constructor(
    readonly subjectId: string,
    /** The location of the store asked. */
    readonly storeLocation: string,
    /** Where the subject's data lives. */
    readonly subjectLocation: string,
  ) {
    super(`subject ${subjectId} is stored in ${subjectLocation}; the ${storeLocation} store refuses it`);
  }
}
