import { MalformedFrameError } from "../errors/malformed-frame-error.js";
import { OversizedMessageError } from "../errors/oversized-message-error.js";
import { TruncatedFrameError } from "../errors/truncated-frame-error.js";
import { UnknownFrameTypeError } from "../errors/unknown-frame-type-error.js";
import { FrameType, isKnownFrameType } from "./frame-type.js";

/** The link protocol version this SDK speaks. */
export const PROTOCOL_VERSION = 1;

/**
 * Frame header, big-endian, 10 bytes; it is the AAD of a sealed frame, so
 * none of it can be changed undetected:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 1 | protocol version (1) |
 * | 1 | 1 | frame type ({@link FrameType}) |
 * | 2 | 4 | sequence number (per direction; 0 for the clear handshake) |
 * | 6 | 4 | body length in bytes |
 */
export const FRAME_HEADER_BYTES = 10;

/** A frame: its header fields, the header bytes (AAD) and its body. */
export interface Frame {
  readonly type: FrameType;
  readonly sequence: number;
  /** The 10 header bytes exactly as sent. */
  readonly header: Uint8Array;
  readonly body: Uint8Array;
}

/** The header bytes of a frame. */
export function encodeFrameHeader(type: FrameType, sequence: number, bodyLength: number): Uint8Array {
  const header = new Uint8Array(FRAME_HEADER_BYTES);
  const view = new DataView(header.buffer);
  view.setUint8(0, PROTOCOL_VERSION);
  view.setUint8(1, type);
  view.setUint32(2, sequence >>> 0);
  view.setUint32(6, bodyLength >>> 0);
  return header;
}

/** Header and body as one byte string, ready for chunking. */
export function encodeFrame(header: Uint8Array, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

/**
 * Parses a reassembled frame. Throws TruncatedFrameError, MalformedFrameError
 * (version, trailing bytes), OversizedMessageError (body over `maxBodyBytes`)
 * or UnknownFrameTypeError; never anything else.
 */
export function decodeFrame(bytes: Uint8Array, maxBodyBytes: number): Frame {
  if (bytes.length < FRAME_HEADER_BYTES) throw new TruncatedFrameError("frame", FRAME_HEADER_BYTES, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== PROTOCOL_VERSION) throw new MalformedFrameError("UNSUPPORTED_VERSION");
  const type = view.getUint8(1);
  const sequence = view.getUint32(2);
  const bodyLength = view.getUint32(6);
  if (bodyLength > maxBodyBytes) throw new OversizedMessageError(bodyLength, maxBodyBytes);
  const actual = bytes.length - FRAME_HEADER_BYTES;
  if (actual < bodyLength) throw new TruncatedFrameError("frame", FRAME_HEADER_BYTES + bodyLength, bytes.length);
  if (actual > bodyLength) throw new MalformedFrameError("TRAILING_BYTES");
  if (!isKnownFrameType(type)) throw new UnknownFrameTypeError(type);
  return {
    type,
    sequence,
    header: bytes.slice(0, FRAME_HEADER_BYTES),
    body: bytes.slice(FRAME_HEADER_BYTES),
  };
}
