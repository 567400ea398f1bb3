import { DeviceSdkError } from "./device-sdk-error.js";

/** Why a stored record could not be read back. */
export type CorruptRecordReason = "BAD_HEADER" | "TRUNCATED" | "TYPE_MISMATCH" | "UNDECODABLE" | "BAD_AUTH_TAG";

/** A stored record is damaged, was sealed under another key, or holds another message type. */
export class CorruptRecordError extends DeviceSdkError {
  override readonly name = "CorruptRecordError";
  readonly code = "CORRUPT_RECORD";
  constructor(readonly reason: CorruptRecordReason) {
    super(`stored record unreadable: ${reason}`);
  }
}
