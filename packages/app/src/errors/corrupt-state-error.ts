import { AppSdkError } from "./app-sdk-error.js";

/**
 * A stored value could not be read back: truncated, tampered with, written
 * by an unknown format version, or encrypted under another key. Nothing is
 * overwritten when this is raised.
 */
export class CorruptStateError extends AppSdkError {
  override readonly name = "CorruptStateError";
  readonly code = "CORRUPT_STATE";
  constructor(
    /** The storage key of the value. */
    readonly key: string,
    detail: string,
  ) {
    super(`stored value ${key}: ${detail}`);
  }
}
