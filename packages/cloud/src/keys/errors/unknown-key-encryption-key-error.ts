import { StorageError } from "../../storage/errors/storage-error.js";

/** A data key was wrapped by a key-encryption key this keyring was not given (rotated away, or wrong configuration). */
export class UnknownKeyEncryptionKeyError extends StorageError {
  override readonly name = "UnknownKeyEncryptionKeyError";
  readonly code = "UNKNOWN_KEK";
  constructor(
    readonly subjectId: string,
    readonly kekId: string,
  ) {
    super(`the data key of subject ${subjectId} is wrapped by key-encryption key ${kekId}, which this keyring does not hold`);
  }
}
