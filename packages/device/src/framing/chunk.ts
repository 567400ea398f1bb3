import { MalformedFrameError } from "../errors/malformed-frame-error.js";
import { OversizedMessageError } from "../errors/oversized-message-error.js";
import { TruncatedFrameError } from "../errors/truncated-frame-error.js";
import { PROTOCOL_VERSION } from "./frame.js";

/**
 * Chunk header, big-endian, 6 bytes, at the start of every transport packet:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 1 | marker: high nibble 0xD, low nibble the protocol version |
 * | 1 | 1 | frame tag: low byte of the frame's sequence number, so chunks of different frames never mix |
 * | 2 | 2 | chunk index, 0-based |
 * | 4 | 2 | chunk count, 1..65535 |
 *
 * The chunk header is not authenticated on its own: a changed tag, index or
 * count yields a different reassembled frame, which then fails the frame's
 * authentication.
 */
export const CHUNK_HEADER_BYTES = 6;

const MARKER_NIBBLE = 0xd;
const MARKER = (MARKER_NIBBLE << 4) | PROTOCOL_VERSION;
const MAX_CHUNKS = 0xffff;

/** One transport packet's worth of a frame. */
export interface Chunk {
  readonly frameTag: number;
  readonly index: number;
  readonly count: number;
  readonly body: Uint8Array;
}

/**
 * Parses one transport packet. Throws TruncatedFrameError (shorter than a
 * header plus one byte), MalformedFrameError (not our marker, other version,
 * inconsistent index/count) or OversizedMessageError (more chunks than any
 * frame within `maxFrameBytes` can have).
 */
export function decodeChunk(packet: Uint8Array, maxFrameBytes: number): Chunk {
  if (packet.length <= CHUNK_HEADER_BYTES) throw new TruncatedFrameError("chunk", CHUNK_HEADER_BYTES + 1, packet.length);
  const marker = packet[0]!;
  if (marker >> 4 !== MARKER_NIBBLE) throw new MalformedFrameError("BAD_MAGIC");
  if ((marker & 0x0f) !== PROTOCOL_VERSION) throw new MalformedFrameError("UNSUPPORTED_VERSION");
  const index = (packet[2]! << 8) | packet[3]!;
  const count = (packet[4]! << 8) | packet[5]!;
  if (count === 0 || index >= count) throw new MalformedFrameError("BAD_CHUNK_HEADER");
  // Every chunk carries at least one byte, so a frame cannot have more chunks than bytes.
  if (count > maxFrameBytes) throw new OversizedMessageError(count, maxFrameBytes);
  return { frameTag: packet[1]!, index, count, body: packet.subarray(CHUNK_HEADER_BYTES) };
}

/**
 * Splits frame bytes into packets of at most `mtu` bytes. Throws
 * OversizedMessageError if the frame needs more than 65535 chunks, and
 * RangeError if the MTU cannot hold a header and one byte.
 */
export function chunkFrame(frame: Uint8Array, sequence: number, mtu: number): Uint8Array[] {
  const perChunk = mtu - CHUNK_HEADER_BYTES;
  if (perChunk < 1) throw new RangeError(`mtu ${mtu} cannot hold a ${CHUNK_HEADER_BYTES}-byte chunk header and data`);
  const count = Math.max(1, Math.ceil(frame.length / perChunk));
  if (count > MAX_CHUNKS) throw new OversizedMessageError(frame.length, MAX_CHUNKS * perChunk);
  const tag = sequence & 0xff;
  const packets: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const body = frame.subarray(index * perChunk, Math.min(frame.length, (index + 1) * perChunk));
    const packet = new Uint8Array(CHUNK_HEADER_BYTES + body.length);
    packet[0] = MARKER;
    packet[1] = tag;
    packet[2] = index >> 8;
    packet[3] = index & 0xff;
    packet[4] = count >> 8;
    packet[5] = count & 0xff;
    packet.set(body, CHUNK_HEADER_BYTES);
    packets.push(packet);
  }
  return packets;
}
