import { DeviceSdkError } from "./device-sdk-error.js";

/** A frame header names a frame type this protocol version does not define. */
export class UnknownFrameTypeError extends DeviceSdkError {
  override readonly name = "UnknownFrameTypeError";
  readonly code = "UNKNOWN_FRAME_TYPE";
  constructor(readonly frameType: number) {
    super(`unknown frame type 0x${frameType.toString(16).padStart(2, "0")}`);
  }
}
