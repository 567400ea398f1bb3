import { DeviceSdkError } from "./device-sdk-error.js";

/** Why a binding proof or challenge was refused. */
export type BindingProofFailure =
  /** The bytes do not decode as a proof or challenge. */
  | "MALFORMED"
  /** A field is outside its allowed form (empty account id, bad MAC, over-long serial number). */
  | "INVALID_FIELD"
  /** The nonce was never issued, was already used, or expired. */
  | "UNKNOWN_OR_USED_NONCE"
  /** The proof names another account than the challenge was issued for. */
  | "ACCOUNT_MISMATCH"
  /** No factory key is known for the claimed MAC and serial number. */
  | "UNKNOWN_DEVICE"
  /** The proof's tag does not verify: not made by the device holding that factory key. */
  | "BAD_TAG"
  /** The device is not bound, or is already bound to an account. */
  | "BINDING_STATE";

/** A binding proof failed verification, or could not be made. */
export class BindingProofError extends DeviceSdkError {
  override readonly name = "BindingProofError";
  readonly code = "BINDING_PROOF_INVALID";
  constructor(readonly failure: BindingProofFailure) {
    super(`binding proof refused: ${failure}`);
  }
}
