import { DeviceSdkError } from "./device-sdk-error.js";

/**
 * The 32-bit send sequence of a session is used up. Nonces derive from it,
 * so the session must end; pair again for fresh keys.
 */
export class SequenceExhaustedError extends DeviceSdkError {
  override readonly name = "SequenceExhaustedError";
  readonly code = "SEQUENCE_EXHAUSTED";
  constructor() {
    super("send sequence exhausted; pair again");
  }
}
