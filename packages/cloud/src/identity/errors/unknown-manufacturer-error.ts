import { StorageError } from "../../storage/errors/storage-error.js";

/** The manufacturer (a relying party that receives pairwise ids) was never registered. */
export class UnknownManufacturerError extends StorageError {
  override readonly name = "UnknownManufacturerError";
  readonly code = "UNKNOWN_MANUFACTURER";
  constructor(readonly manufacturerId: string) {
    super(`unknown manufacturer ${manufacturerId}`);
  }
}
