import { StorageError } from "./storage-error.js";

/**
 * A stored row could not be turned back into its message: the bytes do not
 * decode as the stored message type. Names the row, never its content.
 */
export class StoredRecordUnreadableError extends StorageError {
  override readonly name = "StoredRecordUnreadableError";
  readonly code = "STORED_RECORD_UNREADABLE";
  constructor(
    readonly subjectId: string,
    readonly recordId: string,
    /** Which stored column failed: `payload_plain`, `payload_sealed` or `statement`. */
    readonly column: string,
  ) {
    super(`record ${recordId} of subject ${subjectId}: ${column} does not decode as its stored type`);
  }
}
