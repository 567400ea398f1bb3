import { DeviceSdkError } from "./device-sdk-error.js";

/** A sealed frame whose sequence number is not above the last one accepted: replayed or reordered. */
export class ReplayedFrameError extends DeviceSdkError {
  override readonly name = "ReplayedFrameError";
  readonly code = "REPLAYED_FRAME";
  constructor(
    readonly sequence: number,
    readonly lastAccepted: number,
  ) {
    super(`frame ${sequence} is not after the last accepted frame ${lastAccepted} (replayed or reordered)`);
  }
}
