import { StorageError } from "../../storage/errors/storage-error.js";

/** Why sealed bytes could not be opened. */
export type SealedDataProblem =
  /** Not a sealed blob of a known format (wrong version byte, too short). */
  | "MALFORMED"
  /** The authentication tag did not verify: tampered, truncated, another key, or another context (AAD). */
  | "AUTHENTICATION_FAILED";

/** Sealed bytes (a record's sealed payload, a wrapped key) could not be opened. */
export class SealedDataError extends StorageError {
  override readonly name = "SealedDataError";
  readonly code = "SEALED_DATA_UNREADABLE";
  constructor(
    readonly problem: SealedDataProblem,
    /** What was being opened, e.g. `data key of subject <id>` or `sealed payload`. */
    readonly what: string,
  ) {
    super(`${what}: ${problem === "MALFORMED" ? "not a sealed blob of a known format" : "authentication failed"}`);
  }
}
