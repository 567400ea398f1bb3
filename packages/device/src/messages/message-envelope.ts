import { TruncatedFrameError } from "../errors/truncated-frame-error.js";
import { TYPE_ID_BYTES } from "./message-catalog.js";

/** The plaintext of a MESSAGE frame: compact type id, then the protobuf payload. */
export interface MessageEnvelope {
  readonly typeId: number;
  readonly payload: Uint8Array;
}

/** `typeId` (4 bytes, big-endian) followed by `payload`. */
export function encodeMessageEnvelope(typeId: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(TYPE_ID_BYTES + payload.length);
  new DataView(out.buffer).setUint32(0, typeId >>> 0);
  out.set(payload, TYPE_ID_BYTES);
  return out;
}

/** Splits a MESSAGE frame body; throws TruncatedFrameError if it cannot hold a type id. */
export function decodeMessageEnvelope(body: Uint8Array): MessageEnvelope {
  if (body.length < TYPE_ID_BYTES) throw new TruncatedFrameError("frame", TYPE_ID_BYTES, body.length);
  const typeId = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0);
  return { typeId, payload: body.subarray(TYPE_ID_BYTES) };
}
