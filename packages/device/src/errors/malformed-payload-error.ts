import { DeviceSdkError } from "./device-sdk-error.js";

/** An authenticated message whose payload does not decode as the type its id names. */
export class MalformedPayloadError extends DeviceSdkError {
  override readonly name = "MalformedPayloadError";
  readonly code = "MALFORMED_PAYLOAD";
  constructor(readonly typeName: string) {
    // The decoder's own message can quote payload bytes; say only what failed.
    super(`payload does not decode as ${typeName || "the stated type"}`);
  }
}
