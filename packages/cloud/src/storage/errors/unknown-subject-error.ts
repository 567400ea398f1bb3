import { StorageError } from "./storage-error.js";

/** The data subject does not exist (never created, or deleted). */
export class UnknownSubjectError extends StorageError {
  override readonly name = "UnknownSubjectError";
  readonly code = "UNKNOWN_SUBJECT";
  constructor(readonly subjectId: string) {
    super(`unknown data subject ${subjectId}`);
  }
}
