import { AppSdkError } from "./app-sdk-error.js";

/** A storage key outside the safe alphabet (letters, digits, `.`, `_`, `-`; at most 128 characters). */
export class InvalidStorageKeyError extends AppSdkError {
  override readonly name = "InvalidStorageKeyError";
  readonly code = "INVALID_STORAGE_KEY";
  constructor() {
    // The key is not quoted: a caller could have put personal data into it.
    super("storage keys are 1-128 characters of [A-Za-z0-9._-] and do not start with '.'");
  }
}
