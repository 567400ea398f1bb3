import { DeviceSdkError } from "./device-sdk-error.js";

/** A message (sent) or frame (received) larger than the link's maximum message size. */
export class OversizedMessageError extends DeviceSdkError {
  override readonly name = "OversizedMessageError";
  readonly code = "OVERSIZED_MESSAGE";
  constructor(
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(`message of ${sizeBytes} bytes exceeds the maximum of ${maxBytes}`);
  }
}
