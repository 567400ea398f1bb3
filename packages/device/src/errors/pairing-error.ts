import { DeviceSdkError } from "./device-sdk-error.js";

/** Why pairing failed. */
export type PairingFailure =
  /** The peer's X25519 public key is malformed or of low order. */
  | "INVALID_PUBLIC_KEY"
  /** The peer's confirmation did not authenticate: different keys (e.g. a wrong out-of-band secret, or a man in the middle). */
  | "KEY_CONFIRMATION_FAILED"
  /** No answer in time. */
  | "TIMEOUT"
  /** pair() called twice, or on a closed link. */
  | "INVALID_STATE";

/** Pairing did not produce a session. */
export class PairingError extends DeviceSdkError {
  override readonly name = "PairingError";
  readonly code = "PAIRING_FAILED";
  constructor(readonly failure: PairingFailure) {
    super(`pairing failed: ${failure}`);
  }
}
