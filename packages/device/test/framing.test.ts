import { describe, expect, it } from "vitest";
import {
  chunkFrame,
  CHUNK_HEADER_BYTES,
  decodeChunk,
  decodeFrame,
  encodeFrame,
  encodeFrameHeader,
  FRAME_HEADER_BYTES,
  FrameType,
  MalformedFrameError,
  OversizedMessageError,
  Reassembler,
  TruncatedFrameError,
  UnknownFrameTypeError,
} from "../src/index.js";

const MAX = 4096;

function frameBytes(type: FrameType, sequence: number, body: Uint8Array): Uint8Array {
  return encodeFrame(encodeFrameHeader(type, sequence, body.length), body);
}

function reassemble(packets: Uint8Array[], r = new Reassembler(MAX)): Uint8Array | undefined {
  let out: Uint8Array | undefined;
  for (const p of packets) out = r.accept(decodeChunk(p, MAX)).frame ?? out;
  return out;
}

describe("frame header", () => {
  it("round-trips version, type, sequence and length", () => {
    const body = new Uint8Array([1, 2, 3]);
    const frame = decodeFrame(frameBytes(FrameType.MESSAGE, 0xfffffffe, body), MAX);
    expect(frame.type).toBe(FrameType.MESSAGE);
    expect(frame.sequence).toBe(0xfffffffe);
    expect([...frame.body]).toEqual([1, 2, 3]);
    expect(frame.header).toHaveLength(FRAME_HEADER_BYTES);
  });

  it("refuses a short header, a short body, trailing bytes, another version, an unknown type, an oversized length", () => {
    const good = frameBytes(FrameType.MESSAGE, 7, new Uint8Array(10));
    expect(() => decodeFrame(good.subarray(0, 9), MAX)).toThrow(TruncatedFrameError);
    expect(() => decodeFrame(good.subarray(0, good.length - 1), MAX)).toThrow(TruncatedFrameError);
    expect(() => decodeFrame(new Uint8Array([...good, 0]), MAX)).toThrow(expect.objectContaining({ reason: "TRAILING_BYTES" }));
    const otherVersion = good.slice();
    otherVersion[0] = 2;
    expect(() => decodeFrame(otherVersion, MAX)).toThrow(expect.objectContaining({ code: "MALFORMED_FRAME", reason: "UNSUPPORTED_VERSION" }));
    const unknownType = good.slice();
    unknownType[1] = 0x7f;
    expect(() => decodeFrame(unknownType, MAX)).toThrow(UnknownFrameTypeError);
    expect(() => decodeFrame(frameBytes(FrameType.MESSAGE, 1, new Uint8Array(MAX + 1)), MAX)).toThrow(OversizedMessageError);
  });
});

describe("chunking", () => {
  it.each([7, 20, 23, 185, 244])("splits to MTU %i and reassembles", (mtu) => {
    const frame = frameBytes(FrameType.MESSAGE, 42, Uint8Array.from({ length: 300 }, (_, i) => i & 0xff));
    const packets = chunkFrame(frame, 42, mtu);
    for (const p of packets) expect(p.length).toBeLessThanOrEqual(mtu);
    expect(packets).toHaveLength(Math.ceil(frame.length / (mtu - CHUNK_HEADER_BYTES)));
    expect(reassemble(packets)).toEqual(frame);
  });

  it("reassembles chunks that arrive out of order and ignores duplicates", () => {
    const frame = frameBytes(FrameType.MESSAGE, 3, Uint8Array.from({ length: 100 }, (_, i) => i));
    const packets = chunkFrame(frame, 3, 20);
    const shuffled = [...packets].reverse();
    const r = new Reassembler(MAX);
    let out: Uint8Array | undefined;
    for (const p of [shuffled[0]!, ...shuffled]) out = r.accept(decodeChunk(p, MAX)).frame ?? out;
    expect(out).toEqual(frame);
    expect(r.pending).toBe(0);
  });

  it("keeps chunks of interleaved frames apart by their tag", () => {
    const f1 = frameBytes(FrameType.MESSAGE, 1, new Uint8Array(40).fill(1));
    const f2 = frameBytes(FrameType.MESSAGE, 2, new Uint8Array(40).fill(2));
    const p1 = chunkFrame(f1, 1, 20);
    const p2 = chunkFrame(f2, 2, 20);
    const r = new Reassembler(MAX);
    const done: Uint8Array[] = [];
    for (let i = 0; i < Math.max(p1.length, p2.length); i++)
      for (const p of [p1[i], p2[i]]) if (p) {
        const f = r.accept(decodeChunk(p, MAX)).frame;
        if (f) done.push(f);
      }
    expect(done).toEqual([f1, f2]);
  });

  it("refuses a packet that cannot hold a header and one byte, bad markers and bad index/count", () => {
    expect(() => decodeChunk(new Uint8Array(CHUNK_HEADER_BYTES), MAX)).toThrow(TruncatedFrameError);
    expect(() => decodeChunk(new Uint8Array([0x00, 0, 0, 0, 0, 1, 9]), MAX)).toThrow(expect.objectContaining({ reason: "BAD_MAGIC" }));
    expect(() => decodeChunk(new Uint8Array([0xd2, 0, 0, 0, 0, 1, 9]), MAX)).toThrow(expect.objectContaining({ reason: "UNSUPPORTED_VERSION" }));
    expect(() => decodeChunk(new Uint8Array([0xd1, 0, 0, 0, 0, 0, 9]), MAX)).toThrow(expect.objectContaining({ reason: "BAD_CHUNK_HEADER" }));
    expect(() => decodeChunk(new Uint8Array([0xd1, 0, 0, 2, 0, 2, 9]), MAX)).toThrow(expect.objectContaining({ reason: "BAD_CHUNK_HEADER" }));
    expect(() => decodeChunk(new Uint8Array([0xd1, 0, 0, 0, 0xff, 0xff, 9]), 100)).toThrow(OversizedMessageError);
  });

  it("drops a partial frame that grows past the limit", () => {
    const r = new Reassembler(30);
    const packets = chunkFrame(new Uint8Array(60), 5, 20);
    expect(() => {
      for (const p of packets) r.accept(decodeChunk(p, 1000));
    }).toThrow(OversizedMessageError);
    expect(r.pending).toBe(0);
  });

  it("replaces a partial frame a conflicting chunk contradicts, and says so", () => {
    const r = new Reassembler(MAX);
    const a = chunkFrame(new Uint8Array(30).fill(1), 9, 20);
    const b = chunkFrame(new Uint8Array(30).fill(2), 9, 20);
    expect(r.accept(decodeChunk(a[0]!, MAX))).toEqual({ discarded: undefined });
    const result = r.accept(decodeChunk(b[0]!, MAX));
    expect(result.discarded).toBeInstanceOf(MalformedFrameError);
    expect(result.discarded?.reason).toBe("CONFLICTING_CHUNK");
    expect(r.accept(decodeChunk(b[1]!, MAX)).frame).toBeUndefined();
    expect(r.accept(decodeChunk(b[2]!, MAX)).frame).toEqual(new Uint8Array(30).fill(2));
  });

  it("evicts the oldest partial frame when too many are in flight", () => {
    const r = new Reassembler(MAX, 2);
    for (const seq of [1, 2, 3]) r.accept(decodeChunk(chunkFrame(new Uint8Array(30), seq, 20)[0]!, MAX));
    expect(r.pending).toBe(2);
    // Frame 1 was evicted: its second chunk alone does not complete anything.
    expect(r.accept(decodeChunk(chunkFrame(new Uint8Array(30), 1, 20)[1]!, MAX)).frame).toBeUndefined();
  });

  it("refuses an MTU that cannot carry data", () => {
    expect(() => chunkFrame(new Uint8Array(3), 1, CHUNK_HEADER_BYTES)).toThrow(RangeError);
  });
});
