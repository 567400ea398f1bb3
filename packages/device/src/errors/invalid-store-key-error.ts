import { DeviceSdkError } from "./device-sdk-error.js";

/** A store key outside the allowed form (1-128 of `A-Z a-z 0-9 . _ - / :`, no ".."). */
export class InvalidStoreKeyError extends DeviceSdkError {
  override readonly name = "InvalidStoreKeyError";
  readonly code = "INVALID_STORE_KEY";
  constructor(readonly keyLength: number) {
    // Never the key itself: a careless caller may have put a value in it.
    super(`invalid store key (length ${keyLength}); keys are 1-128 of A-Z a-z 0-9 . _ - / :`);
  }
}
