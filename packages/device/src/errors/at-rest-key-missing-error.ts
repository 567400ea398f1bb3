import { DeviceSdkError } from "./device-sdk-error.js";

/**
 * A record holds values the pact stores field-encrypted on the device, and
 * the store has no at-rest key. The write is refused rather than stored in
 * the clear (fail closed).
 */
export class AtRestKeyMissingError extends DeviceSdkError {
  override readonly name = "AtRestKeyMissingError";
  readonly code = "AT_REST_KEY_MISSING";
  constructor(readonly typeName: string) {
    super(`${typeName}: values must be encrypted at rest on the device, and the store has no at-rest key`);
  }
}
