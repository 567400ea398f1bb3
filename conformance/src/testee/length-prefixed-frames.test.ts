import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replayable } from "@datapact/arbitrary";
import { encodeFrame, FrameDecoder, FramingError } from "./length-prefixed-frames.js";

/** Splits `bytes` at the given cut points (as fractions of its length). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    parts.push(bytes.subarray(start, p));
    start = p;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const messages = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 });
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

describe("length-prefixed frames", () => {
  it("encodes the length as uint32 little-endian before the bytes", () => {
    expect([...encodeFrame(new Uint8Array([7, 8, 9]))]).toEqual([3, 0, 0, 0, 7, 8, 9]);
    expect([...encodeFrame(new Uint8Array(258)).subarray(0, 4)]).toEqual([2, 1, 0, 0]);
  });

  it("property: frames cut into arbitrary chunks come back whole and in order", () => {
    fc.assert(
      fc.property(messages, cuts, (msgs, at) => {
        const decoder = new FrameDecoder();
        const out = split(concat(msgs.map(encodeFrame)), at).flatMap((c) => decoder.push(c));
        expect(out.map((m) => [...m])).toEqual(msgs.map((m) => [...m]));
        expect(decoder.pendingBytes).toBe(0);
        decoder.end();
      }),
      replayable("frames survive any chunking", 200),
    );
  });

  it("property: a stream cut inside a frame is reported as truncated at its end, never as a frame", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (msg, cut) => {
        const frame = encodeFrame(msg);
        const kept = frame.subarray(0, Math.max(1, Math.floor(cut * frame.length)));
        const decoder = new FrameDecoder();
        expect(decoder.push(kept)).toEqual([]);
        let error: unknown;
        try {
          decoder.end();
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(FramingError);
        expect((error as FramingError).code).toBe("truncated");
      }),
      replayable("truncated streams are typed errors", 200),
    );
  });

  it("property: a length above the limit is refused as soon as its prefix arrives", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1025, max: 0xffffffff }), fc.uint8Array({ maxLength: 64 }), (length, tail) => {
        const prefix = new Uint8Array(4);
        new DataView(prefix.buffer).setUint32(0, length, true);
        const decoder = new FrameDecoder(1024);
        expect(() => decoder.push(concat([prefix, tail]))).toThrow(expect.objectContaining({ name: "FramingError", code: "oversized" }));
      }),
      replayable("oversized lengths are typed errors", 200),
    );
  });

  it("property: garbage bytes either decode as frames whose lengths add up, or raise a typed error, never anything else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), cuts, (garbage, at) => {
        const decoder = new FrameDecoder(256);
        let consumed = 0;
        try {
          for (const chunk of split(garbage, at)) for (const f of decoder.push(chunk)) consumed += 4 + f.length;
          decoder.end();
          expect(consumed).toBe(garbage.length);
        } catch (err) {
          expect(err).toBeInstanceOf(FramingError);
          expect(["oversized", "truncated"]).toContain((err as FramingError).code);
        }
      }),
      replayable("garbage never crashes the decoder", 300),
    );
  });
});
