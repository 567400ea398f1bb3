import { AppSdkError } from "./app-sdk-error.js";

/** The key given to encrypt the app's storage is not 32 bytes (AES-256). */
export class InvalidEncryptionKeyError extends AppSdkError {
  override readonly name = "InvalidEncryptionKeyError";
  readonly code = "INVALID_ENCRYPTION_KEY";
  constructor(readonly length: number) {
    super(`the storage encryption key must be 32 bytes, got ${length}`);
  }
}
