import { StorageError } from "../../storage/errors/storage-error.js";

/** Sealed data was presented for a subject that has no data key, so it was not sealed here. */
export class DataKeyMissingError extends StorageError {
  override readonly name = "DataKeyMissingError";
  readonly code = "DATA_KEY_MISSING";
  constructor(readonly subjectId: string) {
    super(`subject ${subjectId} has no data key`);
  }
}
