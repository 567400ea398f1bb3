import { StorageError } from "../../storage/errors/storage-error.js";

/**
 * The subject's data key was destroyed (crypto-shredding): everything sealed
 * under it is unreadable for good, and nothing new is sealed for the subject.
 */
export class KeyDestroyedError extends StorageError {
  override readonly name = "KeyDestroyedError";
  readonly code = "KEY_DESTROYED";
  constructor(readonly subjectId: string) {
    super(`the data key of subject ${subjectId} was destroyed`);
  }
}
