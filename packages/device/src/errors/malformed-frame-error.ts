import { DeviceSdkError } from "./device-sdk-error.js";

/** Why bytes were not a frame of this protocol. */
export type MalformedFrameReason =
  /** The first byte is not this protocol's magic/version: garbage or another protocol. */
  | "BAD_MAGIC"
  /** The frame names a protocol version this SDK does not speak. */
  | "UNSUPPORTED_VERSION"
  /** Chunk index/count inconsistent (count 0, index past count, count changed mid-frame). */
  | "BAD_CHUNK_HEADER"
  /** The same chunk arrived twice with different bytes. */
  | "CONFLICTING_CHUNK"
  /** The reassembled frame is longer than its header says. */
  | "TRAILING_BYTES"
  /** A handshake body of the wrong size or content. */
  | "BAD_HANDSHAKE_BODY"
  /** A frame that is valid on its own but not in this state of the link (e.g. HELLO after pairing). */
  | "UNEXPECTED_FRAME";

/** Bytes that are not a well-formed frame: garbage, a foreign protocol, or an inconsistent header. */
export class MalformedFrameError extends DeviceSdkError {
  override readonly name = "MalformedFrameError";
  readonly code = "MALFORMED_FRAME";
  constructor(readonly reason: MalformedFrameReason) {
    super(`malformed frame: ${reason}`);
  }
}
