import { DeviceSdkError } from "./device-sdk-error.js";

/** A chunk or reassembled frame is shorter than its header says it must be. */
export class TruncatedFrameError extends DeviceSdkError {
  override readonly name = "TruncatedFrameError";
  readonly code = "TRUNCATED_FRAME";
  constructor(
    /** Which layer found it: a transport packet (`chunk`) or a reassembled `frame`. */
    readonly layer: "chunk" | "frame",
    readonly expectedBytes: number,
    readonly actualBytes: number,
  ) {
    super(`truncated ${layer}: expected at least ${expectedBytes} bytes, got ${actualBytes}`);
  }
}
