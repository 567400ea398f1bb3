import { AppSdkError } from "./app-sdk-error.js";

/** A directory written with encryption was opened without a key, or the other way round. */
export class StorageEncryptionMismatchError extends AppSdkError {
  override readonly name = "StorageEncryptionMismatchError";
  readonly code = "STORAGE_ENCRYPTION_MISMATCH";
  constructor(readonly key: string, expectedEncrypted: boolean) {
    super(`stored value ${key} is ${expectedEncrypted ? "plain but the storage was opened with a key" : "encrypted but the storage was opened without a key"}`);
  }
}
